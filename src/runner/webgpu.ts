/** The WebGPU backend in Node: Dawn's binding (npm `webgpu`) provides navigator.gpu, @tensorflow/tfjs-backend-webgpu
 *  runs on it. One Dawn instance per thread; the device's loss is caught and named, never left to hang a run. */
import * as tf from '@tensorflow/tfjs-core'
import { existsSync, readdirSync } from 'node:fs'

/** What the adapter says about itself; `software` marks a CPU emulation (Mesa lavapipe, SwiftShader). */
export interface AdapterInfo {
  vendor: string
  architecture: string
  device: string
  description: string
  software: boolean
}

// the few WebGPU shapes used here, so the runner's types do not depend on @webgpu/types being global
interface GpuInfo { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean }
interface GpuDevice { lost: Promise<{ reason: string; message: string }>; destroy(): void; addEventListener?(t: string, f: (e: { error?: { message?: string } }) => void): void }
interface GpuAdapter { info: GpuInfo; features: Set<string>; limits: Record<string, number>; requestDevice(d: object): Promise<GpuDevice> }
interface Gpu { requestAdapter(o?: object): Promise<GpuAdapter | null> }

let gpu: Gpu | null = null
let device: GpuDevice | null = null
let fault: string | null = null
let registered = false

const NO_ADAPTER = 'no WebGPU adapter (Dawn found no Vulkan/Metal/D3D12 driver; on Linux install libvulkan1 and a Vulkan driver such as mesa-vulkan-drivers, see docs/ARCHITECTURE.md#backends)'

/** Loads Dawn once per thread and exposes it where tfjs-backend-webgpu looks for it (navigator.gpu). */
async function dawn(): Promise<Gpu> {
  if (gpu) return gpu
  const { create, globals } = await import('webgpu')
  Object.assign(globalThis, globals) // GPUBufferUsage, GPUMapMode, … which the backend reads as globals
  gpu = create([]) as unknown as Gpu
  const g = globalThis as { navigator?: { gpu?: unknown } }
  if (g.navigator) g.navigator.gpu = gpu
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true, writable: true })
  return gpu
}

function describe(info: GpuInfo): AdapterInfo {
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`
  const software = info.architecture === 'software' || info.isFallbackAdapter === true || /llvmpipe|lavapipe|swiftshader|software/i.test(text)
  return { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, software }
}

/** The adapter Dawn would give, without creating a device; throws with the reason when there is none. */
export async function probeAdapter(): Promise<AdapterInfo> {
  let g: Gpu
  try {
    g = await dawn()
  } catch (e) {
    throw new Error(`the webgpu package (Dawn's Node binding) did not load: ${(e as Error).message.split('\n')[0]}`)
  }
  const adapter = await g.requestAdapter({ powerPreference: 'high-performance' })
  if (!adapter) throw new Error(NO_ADAPTER)
  return describe(adapter.info)
}

/** Registers (once) a 'webgpu' tfjs backend whose device this module watches: a loss sets `webgpuFault()`. */
async function register(): Promise<void> {
  if (registered) return
  const g = await dawn()
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu')
  // the package registers its own factory on import; ours is the same descriptor plus the loss watch
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu')
  tf.registerBackend('webgpu', async () => {
    const adapter = await g.requestAdapter({ powerPreference: 'high-performance' })
    if (!adapter) throw new Error(NO_ADAPTER)
    const l = adapter.limits
    const requiredFeatures = adapter.features.has('timestamp-query') ? ['timestamp-query'] : []
    const dev = await adapter.requestDevice({
      requiredFeatures,
      requiredLimits: {
        maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
        maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
        maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      },
    })
    device = dev
    fault = null
    void dev.lost.then((info) => {
      if (device === dev) fault = `webgpu device lost (${info.reason}${info.message ? `: ${info.message.split('\n')[0]}` : ''})`
    })
    dev.addEventListener?.('uncapturederror', (e) => { fault ??= `webgpu error: ${e.error?.message?.split('\n')[0] ?? 'unknown'}` })
    return new WebGPUBackend(dev as never, adapter.info as never)
  }, 0)
  registered = true
}

/** Starts tfjs on WebGPU; returns the adapter it runs on. `refuseSoftware` (the automatic choice) throws on a CPU
 *  emulation, where wasm is faster; asking for webgpu by name takes it anyway. */
export async function startWebgpu(opts: { refuseSoftware?: boolean } = {}): Promise<AdapterInfo> {
  // without a GPU device node only a software adapter can exist: say so without loading Dawn (≈ 0.7 s and two
  // warnings on stderr in every worker thread)
  if (opts.refuseSoftware && process.platform === 'linux' && !linuxGpuNode()) throw new Error('no GPU device node (/dev/dri/renderD*, /dev/nvidia0, /dev/dxg): only a software adapter could exist; --backend webgpu forces it')
  const info = await probeAdapter()
  if (opts.refuseSoftware && info.software) throw new Error(`software adapter (${[info.vendor, info.device || info.description].filter(Boolean).join(' ')}): --backend webgpu forces it`)
  await register()
  if (!(await tf.setBackend('webgpu'))) throw new Error(`tf.setBackend('webgpu') failed${fault ? `: ${fault}` : ''}`)
  await tf.ready()
  return info
}

/** Why the WebGPU device can no longer be trusted (lost or errored), or null while it is healthy. */
export function webgpuFault(): string | null {
  return fault
}

/** Drops a faulted WebGPU backend so the next init starts a fresh device (or picks another backend). */
export function retireWebgpu(): void {
  device = null // first, so the disposal's own device loss is not reported as a fault
  try { if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu') } catch { /* a lost device may refuse to clean up */ }
  registered = false
  fault = null
}

/** Test hook: loses the device the way a driver reset would (destroy), to check the loss is named and resumable. */
export function loseWebgpuDevice(): void {
  device?.destroy()
}

/** Whether Linux exposes a GPU to this process (DRM render node, NVIDIA's device, WSL's dxg). */
function linuxGpuNode(): boolean {
  if (existsSync('/dev/nvidia0') || existsSync('/dev/dxg')) return true
  try { return readdirSync('/dev/dri').some((f) => f.startsWith('renderD')) } catch { return false }
}
