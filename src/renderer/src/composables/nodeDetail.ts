// useNodeDetail: one hidden node of one checkpoint (getNode), refetched when the run, epoch or node changes.
import { ref, watch, type Ref } from 'vue'
import type { NodeDetail } from '../../../api/contract'
import { useService } from './service'

/** Node `node` of run `id` at checkpoint `epoch` (null node: none chosen), and the error if the call was refused. */
export function useNodeDetail(id: Ref<number>, epoch: Ref<number | null>, node: Ref<number | null>) {
  const { service } = useService()
  const detail = ref<NodeDetail | null>(null)
  const error = ref<string | null>(null)
  watch([id, epoch, node], async ([i, e, n]) => {
    if (e === null || n === null) { detail.value = null; error.value = null; return }
    try {
      const d = await service.getNode({ id: i, epoch: e, node: n })
      if (i === id.value && e === epoch.value && n === node.value) { detail.value = d; error.value = null }
    } catch (err) {
      if (i === id.value && e === epoch.value && n === node.value) { detail.value = null; error.value = (err as Error).message }
    }
  }, { immediate: true })
  return { detail, error }
}
