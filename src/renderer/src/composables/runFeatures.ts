// useRunFeatures: the irrep spectra of a run's latest checkpoint (getFeatures), refetched when the run's checkpoints change.
import { ref, watch, type Ref } from 'vue'
import type { FeatureSpectra } from '../../../api/contract'
import { useService } from './service'

/** The latest spectra of run `id` (null until a checkpoint has them), reloaded when `checkpoints` (its count) changes. */
export function useRunFeatures(id: Ref<number>, checkpoints: Ref<number>) {
  const { service } = useService()
  const features = ref<FeatureSpectra | null>(null)
  const missing = ref<string | null>(null)
  async function load(): Promise<void> {
    const want = id.value
    try {
      const f = await service.getFeatures({ id: want })
      if (want === id.value) { features.value = f; missing.value = null }
    } catch (e) {
      // not_found: no checkpoint with spectra yet (a run without checkpoints, or one just queued)
      if (want === id.value) { features.value = null; missing.value = (e as Error).message }
    }
  }
  watch([id, checkpoints], () => { void load() }, { immediate: true })
  return { features, missing }
}
