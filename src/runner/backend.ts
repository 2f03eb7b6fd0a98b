/** Picks the tfjs backend at start: tfjs-node-gpu, else WebGPU on a hardware adapter, else tfjs-node, else wasm, else
 *  cpu; `--backend` overrides (`--backend webgpu` also takes a software adapter such as Mesa lavapipe).
 *  Lives in the runner (not core) because it probes installed native bindings on disk. */
import * as tf from '@tensorflow/tfjs-core'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { BackendName } from '../core/config'
import { type AdapterInfo, retireWebgpu, startWebgpu, webgpuFault } from './webgpu'

const requireHere = createRequire(import.meta.url) // not `require`: electron-vite's ESM shim declares that name in the bundle

/** Whether a tfjs-node package has its native binding (its install script downloads libtensorflow; offline it is absent). */
function nativeBindingInstalled(pkg: string): boolean {
  try {
    const dir = path.dirname(requireHere.resolve(`@tensorflow/${pkg}/package.json`))
    return existsSync(path.join(dir, 'lib')) && existsSync(path.join(dir, 'deps'))
  } catch {
    return false
  }
}

export interface BackendInfo {
  /** The lab's name for it: tensorflow-gpu | tensorflow | wasm | cpu. */
  name: Exclude<BackendName, 'auto'>
  /** Package and version that provided it, e.g. "@tensorflow/tfjs-backend-wasm 4.22.0". */
  version: string
  /** Why a preferred backend was skipped, for the run record. */
  skipped: string[]
  /** The WebGPU adapter (webgpu only), so a run on a software rasterizer says so. */
  adapter?: AdapterInfo
}

/** The backend's package, version and (webgpu) adapter in one line, as stored with a run. */
export function describeBackend(be: BackendInfo): string {
  const a = be.adapter
  if (!a) return be.version
  const where = [a.vendor, a.architecture, a.device || a.description].filter(Boolean).join(' / ')
  return `${be.version} on ${where || 'an unnamed adapter'}${a.software ? ' (software adapter)' : ''}`
}

const ORDER: Exclude<BackendName, 'auto'>[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']
const PACKAGE: Record<Exclude<BackendName, 'auto'>, string> = {
  'tensorflow-gpu': 'tfjs-node-gpu',
  webgpu: 'tfjs-backend-webgpu',
  tensorflow: 'tfjs-node',
  wasm: 'tfjs-backend-wasm',
  cpu: 'tfjs-backend-cpu',
}

let active: BackendInfo | null = null

/** Starts one backend; returns the WebGPU adapter for webgpu. `auto` refuses a software adapter (wasm is faster there). */
async function load(name: Exclude<BackendName, 'auto'>, auto: boolean): Promise<AdapterInfo | undefined> {
  if (name === 'webgpu') {
    const info = await startWebgpu({ refuseSoftware: auto })
    return info
  }
  // importing a tfjs-node package without its binding half-registers kernels and prints noise: check first
  if ((name === 'tensorflow' || name === 'tensorflow-gpu') && !nativeBindingInstalled(PACKAGE[name])) {
    throw new Error(`@tensorflow/${PACKAGE[name]} has no native binding installed (its install script did not run or could not download libtensorflow)`)
  }
  // the specifier is built at run time: tfjs-node(-gpu) are optional and absent on machines without libtensorflow
  const spec = '@tensorflow/' + PACKAGE[name]
  await import(/* @vite-ignore */ spec)
  const tfName = name === 'tensorflow-gpu' ? 'tensorflow' : name
  if (!(await tf.setBackend(tfName))) throw new Error(`tf.setBackend('${tfName}') failed`)
  await tf.ready()
  return undefined
}

export interface InitOptions {
  /** The caller reads tensors synchronously (dataSync): WebGPU in Node cannot, so it is passed over. */
  syncReads?: boolean
}

/** Initialises the requested backend (or the best available for 'auto') once per thread. */
export async function initBackend(requested: BackendName = 'auto', opts: InitOptions = {}): Promise<BackendInfo> {
  if (active?.name === 'webgpu' && webgpuFault()) { retireWebgpu(); active = null } // a lost device: start afresh
  if (opts.syncReads && requested === 'webgpu') requested = 'auto'
  const usable = (b: BackendInfo) => !(opts.syncReads && b.name === 'webgpu')
  if (active && usable(active) && (requested === 'auto' || requested === active.name)) {
    if (tf.getBackend() !== (active.name === 'tensorflow-gpu' ? 'tensorflow' : active.name)) await tf.setBackend(active.name === 'tensorflow-gpu' ? 'tensorflow' : active.name)
    return active
  }
  const candidates = requested === 'auto' ? ORDER.filter((n) => !(opts.syncReads && n === 'webgpu')) : [requested]
  const skipped: string[] = []
  for (const name of candidates) {
    try {
      const adapter = await load(name, requested === 'auto')
      const version = name === 'webgpu' ? `@tensorflow/${PACKAGE[name]} ${tf.version_core} (Dawn, npm webgpu)` : `@tensorflow/${PACKAGE[name]} ${tf.version_core}`
      active = adapter ? { name, version, skipped, adapter } : { name, version, skipped }
      return active
    } catch (e) {
      skipped.push(`${name}: ${(e as Error).message.split('\n')[0]}`)
    }
  }
  throw new Error(`no tfjs backend could start (${skipped.join('; ')})`)
}

/** The backend initialised in this thread, if any. */
export function activeBackend(): BackendInfo | null {
  return active
}

/** Why the active backend can no longer be trusted (a lost WebGPU device), or null. Checked by the training loop. */
export function backendFault(): string | null {
  return active?.name === 'webgpu' ? webgpuFault() : null
}
