// The metric cache appends incrementally: a fake client records the `from` of each getMetrics call, serves only the
// epochs from there, and live progress events trigger the next fetch (throttled) or, if the run rewound, a refetch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { EventName, Li2Service, MetricSeries, RunProgress, ServiceEvents } from '../../src/api/contract'
import type { ServiceClient } from '../../src/renderer/src/api/client'
import { setServiceClient } from '../../src/renderer/src/composables/service'
import { LIVE_REFRESH_MS, useMetricsStore } from '../../src/renderer/src/stores/metrics'

/** A client whose run 1 has `stored` epochs of metrics; records every getMetrics `from`. */
function fakeClient() {
  const state = { stored: 0, froms: [] as (number | undefined)[] }
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const service = {
    async getMetrics({ from }: { id: number; from?: number }): Promise<MetricSeries> {
      state.froms.push(from)
      const epoch: number[] = []
      for (let e = from ?? 0; e < state.stored; e++) epoch.push(e)
      return { epoch, train_loss: epoch.map((e) => 1 / (e + 1)), test_acc: epoch.map((e) => (e % 2 ? null : e / 100)) } as MetricSeries
    },
  } as unknown as Li2Service
  const client: ServiceClient = {
    service,
    host: 'browser',
    on<E extends EventName>(event: E, cb: (p: ServiceEvents[E]) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set())
      listeners.get(event)!.add(cb as (p: unknown) => void)
      return () => { listeners.get(event)!.delete(cb as (p: unknown) => void) }
    },
    onConnection: (cb) => { cb(true); return () => {} },
  }
  const emit = (event: EventName, p: unknown) => listeners.get(event)?.forEach((cb) => cb(p))
  const progress = (epoch: number) => emit('onRunProgress', { runId: 1, epoch, totalEpochs: 100, train_loss: 0, train_acc: 0, test_acc: null, msPerStep: 1 } satisfies RunProgress)
  return { state, client, emit, progress }
}

describe('metric cache', () => {
  let fake: ReturnType<typeof fakeClient>
  beforeEach(() => {
    vi.useFakeTimers()
    fake = fakeClient()
    setServiceClient(fake.client)
    setActivePinia(createPinia())
  })
  afterEach(() => { vi.useRealTimers() })

  it('fetches from the last cached epoch + 1 and appends, columns aligned', async () => {
    const cache = useMetricsStore()
    fake.state.stored = 5
    await cache.sync(1)
    fake.state.stored = 8
    await cache.sync(1)
    await cache.sync(1) // nothing new: the series stays the same object
    expect(fake.state.froms).toEqual([0, 5, 8])
    const s = cache.series[1]!
    expect(s.epoch).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(s.train_loss).toHaveLength(8)
    expect(s.test_acc![6]).toBe(0.06)
    expect(cache.lastEpoch(1)).toBe(7)
  })

  it('live progress triggers one throttled fetch of the new epochs only', async () => {
    const cache = useMetricsStore()
    fake.state.stored = 3
    await cache.sync(1)
    fake.state.stored = 6
    fake.progress(5)
    fake.progress(5) // a burst of events is one fetch
    expect(fake.state.froms).toEqual([0])
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS)
    expect(fake.state.froms).toEqual([0, 3])
    expect(cache.series[1]!.epoch).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('a progress epoch behind the cache (a resumed run rewound) refetches from 0; unseen runs are not followed', async () => {
    const cache = useMetricsStore()
    fake.state.stored = 10
    await cache.sync(1)
    fake.state.stored = 4
    fake.progress(3)
    expect(cache.series[1]).toBeUndefined()
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS)
    expect(fake.state.froms).toEqual([0, 0])
    expect(cache.series[1]!.epoch).toEqual([0, 1, 2, 3])
    fake.emit('onRunProgress', { runId: 2, epoch: 1 })
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS)
    expect(fake.state.froms).toHaveLength(2)
  })

  it('a finished run is synced at once', async () => {
    const cache = useMetricsStore()
    fake.state.stored = 2
    await cache.sync(1)
    fake.state.stored = 3
    fake.emit('onRunFinished', { runId: 1, status: 'finished' })
    await vi.advanceTimersByTimeAsync(0)
    expect(fake.state.froms).toEqual([0, 2])
    expect(cache.lastEpoch(1)).toBe(2)
  })
})
