// The headless host's rules without sockets: token, host, origin, argument validation and status codes.
import { describe, expect, it } from 'vitest'
import { authorize, decodeOrNull, handleApi, hostAllowed, originAllowed, parseTarget, tokenMatches, tokenOf, type AccessPolicy } from '../../src/server/httpAdapter'
import { fakeService } from './fakeService'

const TOKEN = 'a'.repeat(64)
const policy: AccessPolicy = { token: TOKEN, port: 7471, allowRemote: false }
const H = { host: '127.0.0.1:7471' }
const req = (url: string, headers: Record<string, string> = {}, method = 'POST') => ({ method, url, headers: { ...H, ...headers } })

describe('authorize', () => {
  it('lets a right token through on every kind of request', () => {
    expect(authorize(req('/api/listRuns', { 'x-li2-token': TOKEN }), policy)).toBeNull()
    expect(authorize(req('/api/listRuns', { authorization: `Bearer ${TOKEN}` }), policy)).toBeNull()
    expect(authorize(req(`/?token=${TOKEN}`, {}, 'GET'), policy)).toBeNull()
    expect(authorize(req(`/ws?token=${TOKEN}`, { origin: 'http://127.0.0.1:7471' }, 'GET'), policy)).toBeNull()
    expect(authorize(req('/assets/index.js', { cookie: `other=1; li2_token_7471=${TOKEN}` }, 'GET'), policy)).toBeNull()
  })

  it('answers 401 without a token and 403 with a wrong one', () => {
    expect(authorize(req('/api/listRuns'), policy)).toMatchObject({ status: 401, error: { code: 'forbidden', field: 'token' } })
    expect(authorize(req('/', {}, 'GET'), policy)).toMatchObject({ status: 401 })
    expect(authorize(req('/api/listRuns', { 'x-li2-token': 'b'.repeat(64) }), policy)).toMatchObject({ status: 403, error: { field: 'token' } })
    expect(authorize(req('/api/listRuns', { 'x-li2-token': 'short' }), policy)).toMatchObject({ status: 403 })
    expect(authorize(req('/ws?token=nope', {}, 'GET'), policy)).toMatchObject({ status: 403 })
    // the API does not accept the token from the query or the cookie: a page elsewhere cannot make the browser send one
    expect(authorize(req(`/api/listRuns?token=${TOKEN}`), policy)).toMatchObject({ status: 401 })
    expect(authorize(req('/api/listRuns', { cookie: `li2_token_7471=${TOKEN}` }), policy)).toMatchObject({ status: 401 })
    // a cookie for another port's server is not ours
    expect(authorize(req('/assets/x.js', { cookie: `li2_token_7472=${TOKEN}` }, 'GET'), policy)).toMatchObject({ status: 401 })
  })

  it('refuses a foreign Origin even with the right token', () => {
    expect(authorize(req('/api/listRuns', { 'x-li2-token': TOKEN, origin: 'https://evil.example' }), policy))
      .toMatchObject({ status: 403, error: { field: 'origin' } })
    expect(authorize(req(`/ws?token=${TOKEN}`, { origin: 'http://127.0.0.1:9999' }, 'GET'), policy)).toMatchObject({ status: 403 })
    expect(authorize(req('/api/listRuns', { 'x-li2-token': TOKEN, origin: 'null' }), policy)).toMatchObject({ status: 403 })
  })

  it('refuses a Host that is not our loopback address (DNS rebinding) unless remote access was allowed', () => {
    expect(authorize(req('/api/listRuns', { 'x-li2-token': TOKEN, host: 'evil.example:7471' }), policy)).toMatchObject({ status: 403, error: { field: 'host' } })
    expect(authorize(req('/api/listRuns', { 'x-li2-token': TOKEN, host: 'localhost:7472' }), policy)).toMatchObject({ status: 403 })
    expect(hostAllowed('localhost:7471', policy)).toBe(true)
    expect(hostAllowed('[::1]:7471', policy)).toBe(true)
    expect(hostAllowed('lab.example:7471', { ...policy, allowRemote: true })).toBe(true)
    expect(originAllowed(undefined, '127.0.0.1:7471')).toBe(true)
  })

  it('compares tokens safely and reads them from the right place', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true)
    expect(tokenMatches('', TOKEN)).toBe(false)
    expect(tokenMatches(undefined, TOKEN)).toBe(false)
    expect(tokenOf(req('/x.css?token=q', { cookie: 'li2_token_7471=c' }, 'GET'), 'asset', 7471)).toBe('q')
  })
})

describe('malformed input never throws', () => {
  it('refuses a request URL that does not parse with 400, before anything else', () => {
    expect(parseTarget('http://[/ws')).toBeNull()
    expect(parseTarget('/ws?token=x')?.pathname).toBe('/ws')
    expect(authorize(req('http://[/ws', {}, 'GET'), policy)).toMatchObject({ status: 400, error: { code: 'invalid', field: 'url' } })
    expect(tokenOf(req('http://[/x.js', { cookie: `li2_token_7471=${TOKEN}` }, 'GET'), 'asset', 7471)).toBeNull()
  })

  it('treats a cookie that is not percent-encoding as no token (401)', () => {
    expect(decodeOrNull('%E0')).toBeNull()
    expect(tokenOf(req('/assets/app.js', { cookie: 'li2_token_7471=%E0' }, 'GET'), 'asset', 7471)).toBeNull()
    expect(authorize(req('/assets/app.js', { cookie: 'li2_token_7471=%E0' }, 'GET'), policy)).toMatchObject({ status: 401 })
  })

  it('answers a method name with a bad escape (/api/%ZZ) with 400, not 500', async () => {
    const f = fakeService()
    expect(await handleApi(f.service, 'POST', '/api/%ZZ', '{}')).toMatchObject({ status: 400, body: { error: { code: 'invalid', field: 'method' } } })
    expect(f.calls).toEqual([])
  })
})

describe('handleApi', () => {
  it('returns the result with 200', async () => {
    const f = fakeService()
    const out = await handleApi(f.service, 'POST', '/api/listGroups', '{"order":11}')
    expect(out).toEqual({ status: 200, body: [expect.objectContaining({ name: '11' })] })
  })

  it('refuses a malformed argument with 400 naming the field, before the service sees it', async () => {
    const f = fakeService()
    expect(await handleApi(f.service, 'POST', '/api/getRun', '{"id":-3}')).toMatchObject({ status: 400, body: { error: { code: 'invalid', field: 'id' } } })
    expect(await handleApi(f.service, 'POST', '/api/getMetrics', '{"id":1,"columns":"train_loss"}')).toMatchObject({ status: 400, body: { error: { field: 'columns' } } })
    expect(await handleApi(f.service, 'POST', '/api/startRun', '{"config":')).toMatchObject({ status: 400, body: { error: { field: 'args' } } })
    expect(await handleApi(f.service, 'POST', '/api/constructor', '{}')).toMatchObject({ status: 400, body: { error: { field: 'method' } } })
    expect(await handleApi(f.service, 'GET', '/api/listRuns', '')).toMatchObject({ status: 405 })
    expect(f.calls).toEqual([])
  })

  it('maps service errors to 400/404', async () => {
    const f = fakeService()
    expect(await handleApi(f.service, 'POST', '/api/startRun', '{"config":{"train-frac":1.5}}')).toMatchObject({ status: 400, body: { error: { field: 'train-frac' } } })
    expect(await handleApi(f.service, 'POST', '/api/getRun', '{"id":42}')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
  })

  it('maps an unexpected throw to 500', async () => {
    const f = fakeService()
    f.service.listRuns = async () => { throw new Error('disk on fire') }
    expect(await handleApi(f.service, 'POST', '/api/listRuns', '')).toEqual({ status: 500, body: { error: { code: 'internal', message: 'disk on fire' } } })
  })
})
