// useTheory: getTheory on one checkpoint, with a running state, the seconds it has taken, and a Cancel that abandons the
// request (the service finishes it; its answer is ignored), since a large checkpoint takes seconds.
import { onUnmounted, ref, type Ref } from 'vue'
import type { TheoryReport } from '../../../api/contract'
import { useService } from './service'

export type TheoryState = 'idle' | 'running' | 'done' | 'cancelled' | 'error'

/** The theory report of run `id` at a checkpoint, computed on `run(epoch, caps)`. */
export function useTheory(id: Ref<number>) {
  const { service } = useService()
  const report = ref<TheoryReport | null>(null)
  const state = ref<TheoryState>('idle')
  const error = ref<string | null>(null)
  const elapsedS = ref(0)
  let ticket = 0
  let timer: ReturnType<typeof setInterval> | null = null
  const stopTimer = () => { if (timer) clearInterval(timer); timer = null }

  /** Computes Lemma 1 and Theorem 6 at `epoch` on at most `maxSamples` pairs and `maxNodes` nodes (seeded subsamples). */
  async function run(epoch: number, caps: { maxSamples?: number; maxNodes?: number } = {}): Promise<void> {
    const mine = ++ticket
    state.value = 'running'; error.value = null; elapsedS.value = 0
    const t0 = Date.now()
    stopTimer()
    timer = setInterval(() => { elapsedS.value = Math.round((Date.now() - t0) / 1000) }, 250)
    try {
      const r = await service.getTheory({ id: id.value, epoch, ...caps })
      if (mine !== ticket) return // cancelled, or another checkpoint asked for since
      report.value = r; state.value = 'done'
    } catch (e) {
      if (mine !== ticket) return
      error.value = (e as Error).message; state.value = 'error'
    } finally {
      if (mine === ticket) stopTimer()
    }
  }
  /** Abandons the computation in flight: its answer will be ignored. */
  function cancel(): void {
    if (state.value !== 'running') return
    ticket++; stopTimer(); state.value = 'cancelled'
  }
  onUnmounted(() => { ticket++; stopTimer() })
  return { report, state, error, elapsedS, run, cancel }
}
