/** Test helpers: one tfjs backend per test file (cpu, deterministic and fast for tiny shapes). */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import '@tensorflow/tfjs-backend-wasm'
// tfjs-core registers no gradients by itself; tests compare the explicit backward against autodiff
import '@tensorflow/tfjs-core/dist/register_all_gradients'

/** Selects a backend for the current test file. */
export async function useBackend(name: 'cpu' | 'wasm' = 'cpu'): Promise<void> {
  await tf.setBackend(name)
  await tf.ready()
}
