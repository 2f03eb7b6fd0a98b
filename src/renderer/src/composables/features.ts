// useFeaturesAt: a run's spectra with the per-node power table at one checkpoint (getFeatures with power), cached per
// run and epoch so the timeline can step back and forth (and play) without asking twice.
import { ref, watch, type Ref } from 'vue'
import type { FeatureSpectra } from '../../../api/contract'
import { useService } from './service'

// a few runs' worth: one Z_71, K 2048 checkpoint's table is ≈ 2048 × 36 numbers
const MAX_CACHED = 400
const cache = new Map<string, FeatureSpectra>()

/** The spectra (with power) of run `id` at checkpoint `epoch` (null: wait), its error, and whether a fetch is in flight. */
export function useFeaturesAt(id: Ref<number>, epoch: Ref<number | null>) {
  const { service } = useService()
  const features = ref<FeatureSpectra | null>(null)
  const error = ref<string | null>(null)
  const loading = ref(false)
  /** Fetches (or reads from the cache) run `i`'s spectra at `e`. */
  async function get(i: number, e: number): Promise<FeatureSpectra> {
    const key = `${i}@${e}`
    const hit = cache.get(key)
    if (hit) return hit
    const f = await service.getFeatures({ id: i, epoch: e, power: true })
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!)
    cache.set(key, f)
    return f
  }
  watch([id, epoch], async ([i, e]) => {
    if (e === null) return
    loading.value = true
    try {
      const f = await get(i, e)
      if (i === id.value && e === epoch.value) { features.value = f; error.value = null } // the user may have moved on
    } catch (err) {
      if (i === id.value && e === epoch.value) error.value = (err as Error).message
    } finally {
      if (i === id.value && e === epoch.value) loading.value = false
    }
  }, { immediate: true })
  /** Warms the cache for `e` (the timeline asks for the next frame while showing this one). */
  function prefetch(e: number): void { void get(id.value, e).catch(() => undefined) }
  return { features, error, loading, prefetch }
}
