// startServer over real sockets with the fake service: static page, API, WebSocket events, refusals, remote binding rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import { startServer, type RunningServer } from '../../src/server'
import { fakeService } from './fakeService'

let server: RunningServer
let fake: ReturnType<typeof fakeService>

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'li2-static-'))
  writeFileSync(path.join(dir, 'index.html'), `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'"><p>lab</p>`)
  mkdirSync(path.join(dir, 'assets'))
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)')
  fake = fakeService()
  server = await startServer({ staticDir: dir, serviceHost: fake })
})
afterAll(async () => { await server?.close() })

const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-li2-token': server.token, ...headers }, body: JSON.stringify(body) })

describe('startServer', () => {
  it('binds loopback and prints a URL carrying the token', () => {
    expect(server.host).toBe('127.0.0.1')
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`)
    expect(server.token).toMatch(/^[0-9a-f]{64}$/)
  })

  it('serves the page with the token, its CSP as a header, and a cookie for its assets', async () => {
    const page = await fetch(server.url)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; frame-ancestors 'none'")
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    const cookie = page.headers.get('set-cookie')!.split(';')[0]
    expect((await fetch(`${server.origin}/assets/app.js`, { headers: { cookie } })).status).toBe(200)
    expect((await fetch(`${server.origin}/assets/app.js`)).status).toBe(401)
    expect((await fetch(`${server.origin}/assets/../../etc/passwd`, { headers: { cookie } })).status).toBe(404)
  })

  it('refuses requests without the right token', async () => {
    expect((await fetch(`${server.origin}/`)).status).toBe(401)
    expect((await fetch(`${server.origin}/?token=wrong`)).status).toBe(403)
    const noToken = await fetch(`${server.origin}/api/listRuns`, { method: 'POST', body: '{}' })
    expect(noToken.status).toBe(401)
    expect(await noToken.json()).toMatchObject({ error: { code: 'forbidden', field: 'token' } })
    expect((await api('listRuns', {}, { 'x-li2-token': 'x'.repeat(64) })).status).toBe(403)
  })

  it('refuses a cross-origin call even with the token', async () => {
    const res = await api('listRuns', {}, { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: { field: 'origin' } })
  })

  it('answers API calls, with field errors as 400', async () => {
    expect(await (await api('listGroups', {})).json()).toEqual([expect.objectContaining({ name: '11' })])
    const bad = await api('startRun', { config: { 'train-frac': 1.5 } })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid', field: 'train-frac' } })
    expect((await api('getRun', { id: 'x' })).status).toBe(400)
    expect((await api('getRun', { id: 77 })).status).toBe(404)
  })

  it('pushes run events over the WebSocket and refuses a socket without the token', async () => {
    const bad = new WebSocket(`ws://127.0.0.1:${server.port}/ws`)
    const badStatus = await new Promise<number>((r) => bad.on('unexpected-response', (_q, res) => r(res.statusCode ?? 0)).on('error', () => r(-1)))
    expect(badStatus).toBe(401)

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: server.origin })
    await new Promise((r, j) => ws.on('open', r).on('error', j))
    const got: { event: string; payload: { runId: number } }[] = []
    const finished = new Promise<void>((r) => ws.on('message', (m) => { const x = JSON.parse(String(m)); got.push(x); if (x.event === 'onRunFinished') r() }))
    const { id } = await (await api('startRun', { config: { epochs: 5 } })).json()
    await finished
    ws.close()
    expect(got.map((g) => g.event)).toEqual(['onRunProgress', 'onRunFinished'])
    expect(got[1].payload).toEqual({ runId: id, status: 'finished' })
  })

  it('refuses a non-loopback host unless remote access is allowed', async () => {
    await expect(startServer({ host: '0.0.0.0', serviceHost: fakeService() })).rejects.toThrow(/allow-remote/)
  })

  it('names the flag when it cannot listen: a busy port, an address not on this machine', async () => {
    await expect(startServer({ port: server.port, serviceHost: fakeService() }))
      .rejects.toMatchObject({ name: 'ValidationError', field: 'port', code: 'EADDRINUSE', message: expect.stringContaining(`(got ${server.port})`) })
    await expect(startServer({ host: '192.0.2.1', allowRemote: true, serviceHost: fakeService() }))
      .rejects.toMatchObject({ name: 'ValidationError', field: 'host', message: 'host: is not an address of this machine (got 192.0.2.1)' })
  })
})
