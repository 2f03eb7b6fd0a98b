// Hostile bytes against a real server in its own process: every malformed request gets a 4xx, and the server stays up
// (issue 10 item 1: one unauthenticated upgrade to `http://[/ws` or a cookie `%E0` used to kill `li2 serve`).
import { describe, expect, it } from 'vitest'
import { status, UPGRADE, useChildServer } from './childServer'
import { MAX_BODY_BYTES } from '../../src/server/httpAdapter'

const { server, raw, alive, host } = useChildServer()

describe('malformed requests', () => {
  it('a WebSocket UPGRADE to an unparsable URL (GET http://[/ws) gets 400 and the server stays up', async () => {
    const res = await raw(`GET http://[/ws HTTP/1.1\r\n${host()}${UPGRADE}\r\n`)
    expect(status(res)).toBe(400)
    await alive()
  })

  it('an UPGRADE carrying a cookie that is not percent-encoding (%E0) gets 401 and the server stays up', async () => {
    for (const p of ['/ws', '/assets/app.js', '/']) {
      const res = await raw(`GET ${p} HTTP/1.1\r\n${host()}Cookie: li2_token_${server.port}=%E0\r\n${UPGRADE}\r\n`)
      expect(status(res), p).toBe(401)
    }
    await alive()
  })

  it('plain HTTP requests with a bad URL, a bad cookie or bad escapes get 4xx, never 500', async () => {
    const close = 'Connection: close\r\n'
    expect(status(await raw(`GET http://[/x HTTP/1.1\r\n${host()}${close}\r\n`))).toBe(400)
    expect(status(await raw(`GET /assets/app.js HTTP/1.1\r\n${host()}Cookie: li2_token_${server.port}=%E0\r\n${close}\r\n`))).toBe(401)
    expect(status(await raw(`GET /%ZZ?token=${server.token} HTTP/1.1\r\n${host()}${close}\r\n`))).toBe(400)
    const api = await raw(`POST /api/%ZZ HTTP/1.1\r\n${host()}x-li2-token: ${server.token}\r\nContent-Length: 2\r\n${close}\r\n{}`)
    expect(status(api)).toBe(400)
    expect(api).toContain('"field":"method"')
    await alive()
  })

  it('a body over the limit gets 413, not a reset connection', async () => {
    const body = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20)
    // declared up front
    const declared = await raw(Buffer.concat([Buffer.from(`POST /api/listRuns HTTP/1.1\r\n${host()}x-li2-token: ${server.token}\r\nContent-Length: ${body.length}\r\n\r\n`), body]))
    expect(status(declared)).toBe(413)
    // chunked, so only counting finds it
    const chunked = await raw(Buffer.concat([Buffer.from(`POST /api/listRuns HTTP/1.1\r\n${host()}x-li2-token: ${server.token}\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]))
    expect(status(chunked)).toBe(413)
    // and as a browser or fetch sends it
    const res = await fetch(`http://127.0.0.1:${server.port}/api/listRuns`, { method: 'POST', headers: { 'x-li2-token': server.token }, body })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: { code: 'invalid', field: 'args' } })
    await alive()
  })

  it('a bad WebSocket frame on an authorized socket closes that socket, not the server', async () => {
    const res = await raw(Buffer.concat([
      Buffer.from(`GET /ws?token=${server.token} HTTP/1.1\r\n${host()}${UPGRADE}\r\n`),
      Buffer.from([0x81, 0x02, 0x68, 0x69]), // an unmasked text frame: clients must mask (RFC 6455 §5.1)
    ]))
    expect(status(res)).toBe(101)
    await alive()
  })

  it('garbage that is not HTTP gets 400 and the server stays up', async () => {
    expect(status(await raw('\x16\x03\x01\x00\xa5 not http\r\n\r\n'))).toBe(400)
    await alive()
  })
})
