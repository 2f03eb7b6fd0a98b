/** Bench `load`: the headless host (`li2 serve`'s server, real service and store) with one run training, 50 WebSocket
 *  clients following it and 1,000 getMetrics requests (20 in flight) while it trains. Checks, and exits 1 when they fail:
 *  every client got every event of the run, in order (the same sequence as every other client, epochs increasing), and
 *  no request failed. Prints the requests' p50/p99 latency. LI2_LOAD_CLIENTS / LI2_LOAD_REQUESTS change the load. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'

const CLIENTS = Number(process.env.LI2_LOAD_CLIENTS ?? 50)
const REQUESTS = Number(process.env.LI2_LOAD_REQUESTS ?? 1000)
const IN_FLIGHT = 20

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!

export async function benchLoad(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-bench-load-'))
  const { startServer } = await import('../src/server')
  const server = await startServer({ dbPath: path.join(dir, 'li2.sqlite'), workers: 1 })
  const problems: string[] = []
  try {
    const base = `http://127.0.0.1:${server.port}`
    const call = async (method: string, args: unknown) => {
      const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'x-li2-token': server.token, 'content-type': 'application/json' }, body: JSON.stringify(args) })
      const body = await res.json() as unknown
      if (res.status !== 200) throw new Error(`${method}: HTTP ${res.status} ${JSON.stringify(body)}`)
      return body
    }
    // every client connects before the run starts, so each must see all of its events
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => new Promise<{ ws: WebSocket; events: string[] }>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`)
      const c = { ws, events: [] as string[] }
      ws.on('message', (d) => {
        const { event, payload } = JSON.parse(String(d)) as { event: string; payload: { runId?: number; epoch?: number; status?: string } }
        if (event === 'onRunProgress') c.events.push(`p${payload.epoch}`)
        else if (event === 'onRunFinished') c.events.push(`end:${payload.status}`)
      })
      ws.on('open', () => resolve(c))
      ws.on('error', reject)
    })))
    const { id } = await call('startRun', { config: { group: '23', hidden: 128, epochs: 1500, 'eval-every': 10, 'diag-every': 50, checkpoints: 4, 'resume-every': 200, backend: 'wasm' } }) as { id: number }
    console.log(`${CLIENTS} WebSocket clients following run ${id}; ${REQUESTS} getMetrics requests, ${IN_FLIGHT} in flight`)

    const lat: number[] = []
    let failed = 0, next = 0
    const t0 = performance.now()
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (next < REQUESTS) {
        next++
        const t = performance.now()
        try { await call('getMetrics', { id, columns: ['train_loss', 'test_acc'] }) } catch (e) { failed++; if (failed <= 3) problems.push((e as Error).message) }
        lat.push(performance.now() - t)
      }
    }))
    const wall = performance.now() - t0
    lat.sort((a, b) => a - b)
    const run = await call('getRun', { id }) as { epochsDone: number; status: string }
    console.log(`requests: ${REQUESTS - failed}/${REQUESTS} ok in ${(wall / 1000).toFixed(1)} s (${(REQUESTS / wall * 1000).toFixed(0)}/s); ` +
      `latency p50 ${pct(lat, 0.5).toFixed(1)} ms, p99 ${pct(lat, 0.99).toFixed(1)} ms, max ${lat.at(-1)!.toFixed(1)} ms; run at epoch ${run.epochsDone} (${run.status})`)
    if (failed) problems.push(`${failed} requests failed`)

    // let the run finish, then every client's event list must be the same complete, ordered sequence
    const tEnd = Date.now()
    while (!clients.every((c) => c.events.at(-1)?.startsWith('end:')) && Date.now() - tEnd < 240_000) await new Promise((r) => setTimeout(r, 100))
    const ref = clients[0]!.events
    const epochs = ref.filter((e) => e.startsWith('p')).map((e) => Number(e.slice(1)))
    if (!ref.at(-1)?.startsWith('end:')) problems.push('the run did not end within 4 minutes')
    if (epochs.some((e, i) => i > 0 && e <= epochs[i - 1]!)) problems.push('progress epochs out of order')
    const differ = clients.filter((c) => c.events.join() !== ref.join()).length
    if (differ) problems.push(`${differ} clients saw a different event sequence than client 0`)
    console.log(`events: ${ref.length} per client (${epochs.length} progress, then ${ref.at(-1)}), identical and in order on ${CLIENTS - differ}/${CLIENTS} clients`)
    for (const c of clients) c.ws.close()
  } finally {
    await server.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  if (problems.length) { console.log(`FAILED: ${problems.join('; ')}`); process.exitCode = 1 }
}
