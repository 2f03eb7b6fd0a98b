/** Picks the tfjs backend at start: tfjs-node-gpu, else tfjs-node, else wasm, else cpu; `--backend` overrides.
 *  Lives in the runner (not core) because it probes installed native bindings on disk. */
import * as tf from '@tensorflow/tfjs-core'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { BackendName } from '../core/config'

const require = createRequire(import.meta.url)

/** Whether a tfjs-node package has its native binding (its install script downloads libtensorflow; offline it is absent). */
function nativeBindingInstalled(pkg: string): boolean {
  try {
    const dir = path.dirname(require.resolve(`@tensorflow/${pkg}/package.json`))
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
}

const ORDER: Exclude<BackendName, 'auto'>[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']
const PACKAGE: Record<Exclude<BackendName, 'auto'>, string> = {
  'tensorflow-gpu': 'tfjs-node-gpu',
  tensorflow: 'tfjs-node',
  wasm: 'tfjs-backend-wasm',
  cpu: 'tfjs-backend-cpu',
}

let active: BackendInfo | null = null

async function load(name: Exclude<BackendName, 'auto'>): Promise<void> {
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
}

/** Initialises the requested backend (or the best available for 'auto') once per thread. */
export async function initBackend(requested: BackendName = 'auto'): Promise<BackendInfo> {
  if (active && (requested === 'auto' || requested === active.name)) return active
  const candidates = requested === 'auto' ? ORDER : [requested]
  const skipped: string[] = []
  for (const name of candidates) {
    try {
      await load(name)
      const version = `@tensorflow/${PACKAGE[name]} ${tf.version_core}`
      active = { name, version, skipped }
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
