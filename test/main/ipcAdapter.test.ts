// The Electron IPC adapter without Electron: sender checks, argument validation naming the field, error envelopes.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { toErrorBody } from '../../src/api/contract'
import { handleCall, isTrustedSender } from '../../src/main/ipcAdapter'
import { isAllowedNavigation } from '../../src/main/security'
import { cspFromHtml } from '../../src/shared/csp'
import { ValidationError } from '../../src/core/errors'
import { fakeService } from '../server/fakeService'

const INDEX = '/opt/li2/out/renderer/index.html'
const trust = { indexFile: INDEX }
const OURS = `file://${INDEX}`

describe('ipcAdapter.handleCall', () => {
  it('calls the service for our own page and returns its value', async () => {
    const f = fakeService()
    const res = await handleCall(f.service, OURS, 'listGroups', { order: 11 }, trust)
    expect(res).toEqual({ ok: true, value: [expect.objectContaining({ name: '11' })] })
    expect(f.calls).toEqual([{ method: 'listGroups', args: { order: 11 } }])
  })

  it('refuses a malformed argument, naming the field, without calling the service', async () => {
    const f = fakeService()
    const res = await handleCall(f.service, OURS, 'getRun', { id: 'seven' }, trust)
    expect(res.ok).toBe(false)
    expect(!res.ok && res.error).toMatchObject({ code: 'invalid', field: 'id' })
    expect(await handleCall(f.service, OURS, 'getRun', { id: 1, extra: true }, trust)).toMatchObject({ ok: false, error: { field: 'extra' } })
    expect(await handleCall(f.service, OURS, 'nope', {}, trust)).toMatchObject({ ok: false, error: { field: 'method' } })
    expect(await handleCall(f.service, OURS, 'listRuns', [1, 2], trust)).toMatchObject({ ok: false, error: { field: 'args' } })
    expect(f.calls).toEqual([])
  })

  it('refuses senders that are not our main frame page', async () => {
    const f = fakeService()
    for (const url of [null, '', 'https://evil.example/', 'file:///tmp/other.html', 'file:///opt/li2/out/renderer/index.html.evil', 'about:blank', 'not a url']) {
      const res = await handleCall(f.service, url, 'listRuns', {}, trust)
      expect(res).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    expect(f.calls).toEqual([])
  })

  it('trusts the dev server origin only when one is configured', () => {
    expect(isTrustedSender('http://localhost:5173/#/runs', { devServerUrl: 'http://localhost:5173' })).toBe(true)
    expect(isTrustedSender('http://localhost:5174/', { devServerUrl: 'http://localhost:5173' })).toBe(false)
    expect(isTrustedSender('http://localhost:5173/', {})).toBe(false)
    expect(isTrustedSender(`${OURS}#/runs/3`, trust)).toBe(true)
  })

  it("passes the service's errors through with their field", async () => {
    const f = fakeService()
    expect(await handleCall(f.service, OURS, 'startRun', { config: { 'train-frac': 1.5 } }, trust))
      .toMatchObject({ ok: false, error: { code: 'invalid', field: 'train-frac' } })
    expect(await handleCall(f.service, OURS, 'getRun', { id: 99 }, trust)).toMatchObject({ ok: false, error: { code: 'not_found', field: 'id' } })
  })

  it('maps core ValidationErrors and plain errors', () => {
    expect(toErrorBody(new ValidationError('lr', 'must be > 0'))).toEqual({ code: 'invalid', message: 'lr: must be > 0', field: 'lr' })
    expect(toErrorBody(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' })
  })
})

describe('main security helpers', () => {
  it('reads the CSP from the renderer page, and it is strict', () => {
    const csp = cspFromHtml(readFileSync(path.resolve('src/renderer/index.html'), 'utf8'))!
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self';")
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/)
  })

  it("creates the window with the checklist's webPreferences (a guard against edits; Electron itself is not loaded here)", () => {
    const src = readFileSync(path.resolve('src/main/index.ts'), 'utf8')
    for (const pref of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webviewTag: false']) expect(src).toContain(pref)
    expect(src).toContain("return { action: 'deny' }")
  })

  it('allows navigation only to our own page', () => {
    expect(isAllowedNavigation(`${OURS}#/new`, trust)).toBe(true)
    expect(isAllowedNavigation('https://example.com', trust)).toBe(false)
  })
})
