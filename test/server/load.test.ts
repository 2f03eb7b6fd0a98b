// The headless host under load (the test of what `npm run bench load` times): 50 WebSocket clients follow a training
// run while 1,000 API requests run, 20 at a time. Every client gets the same events in order (progress epochs rising, then
// finished), and no request fails. No timing is asserted here.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer } from '../../src/server'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'li2-load-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('load on the headless host', () => {
  it('50 followers and 1,000 requests during a run: every event to every client in order, no request failed', async () => {
    const server = await startServer({ dbPath: path.join(dir, 'li2.sqlite'), workers: 1 })
    try {
      const call = async (method: string, args: unknown) => {
        const res = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, { method: 'POST', headers: { 'x-li2-token': server.token }, body: JSON.stringify(args) })
        return { status: res.status, body: await res.json() as Record<string, unknown> }
      }
      const clients = await Promise.all(Array.from({ length: 50 }, () => new Promise<string[]>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`)
        const events: string[] = []
        ws.on('message', (d) => {
          const { event, payload } = JSON.parse(String(d)) as { event: string; payload: { epoch?: number; status?: string } }
          if (event === 'onRunProgress') events.push(`p${payload.epoch}`)
          if (event === 'onRunFinished') { events.push(`end:${payload.status}`); ws.close() }
        })
        ws.on('open', () => resolve(events))
        ws.on('error', reject)
      })))
      const started = await call('startRun', { config: { group: '7', hidden: 8, epochs: 400, 'resume-every': 50, 'diag-every': 1000, checkpoints: 0, backend: 'cpu' } })
      expect(started.status).toBe(200)
      const id = started.body.id as number
      let next = 0
      const statuses: number[] = []
      await Promise.all(Array.from({ length: 20 }, async () => {
        while (next < 1000) {
          next++
          statuses.push((await call(next % 2 ? 'getMetrics' : 'getRun', { id })).status)
        }
      }))
      expect(statuses.filter((s) => s !== 200)).toEqual([])
      expect(statuses).toHaveLength(1000)
      while (!clients.every((e) => e.at(-1)?.startsWith('end:'))) await new Promise((r) => setTimeout(r, 50))
      const ref = clients[0]!
      expect(ref.at(-1)).toBe('end:finished')
      const epochs = ref.slice(0, -1).map((e) => Number(e.slice(1)))
      expect(epochs.length).toBeGreaterThan(0)
      expect(epochs.every((e, i) => i === 0 || e > epochs[i - 1]!)).toBe(true)
      expect(epochs.at(-1)).toBeLessThanOrEqual(400)
      for (const c of clients) expect(c).toEqual(ref)
    } finally { await server.close() }
  }, 120_000)
})
