// Hostile bytes against a real server in its own process: every malformed request gets a 4xx, and the server stays up
// (issue 10 item 1: one unauthenticated upgrade to `http://[/ws` or a cookie `%E0` used to kill `li2 serve`).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../../src/server/httpAdapter'

const ROOT = path.resolve(__dirname, '../..')
let child: ChildProcess
let port = 0
let token = ''
let stderr = ''
let exited: string | null = null

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'li2-static-'))
  writeFileSync(path.join(dir, 'index.html'), `<meta http-equiv="Content-Security-Policy" content="default-src 'none'"><p>lab</p>`)
  child = spawn(process.execPath, [path.join(ROOT, 'bin/run-ts.mjs'), path.join(__dirname, 'fixtures/fakeServe.ts'), dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stderr!.on('data', (d) => { stderr += d })
  child.on('exit', (code, signal) => { exited = `exit ${code ?? signal}` })
  const line = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out.split('\n')[0]) })
    child.on('exit', () => reject(new Error(`server did not start: ${stderr}`)))
  })
  ;({ port, token } = JSON.parse(line))
})
afterAll(() => { child?.kill('SIGTERM') })

/** Writes the literal bytes over TCP; resolves with the first complete response (or what came before close or a pause). */
function raw(bytes: string | Buffer, waitMs = 1500): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    let out = ''
    const done = () => { clearTimeout(timer); socket.destroy(); resolve(out) }
    const timer = setTimeout(done, waitMs)
    socket.on('data', (d) => {
      out += d.toString('latin1')
      const end = out.indexOf('\r\n\r\n')
      const length = /\r\ncontent-length: (\d+)/i.exec(out)
      if (end >= 0 && length && out.length >= end + 4 + Number(length[1])) done() // a keep-alive server will not close
    })
    socket.on('close', done)
    socket.on('error', () => { if (!out) out = 'ERROR'; done() })
    socket.write(bytes)
  })
}
const status = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0)
const host = () => `Host: 127.0.0.1:${port}\r\n`
const upgrade = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'

/** A normal authorized call still works: the server is alive. */
async function alive(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/api/listGroups`, { method: 'POST', headers: { 'x-li2-token': token }, body: '{}' })
  expect(res.status).toBe(200)
  expect(exited).toBeNull()
}

describe('malformed requests', () => {
  it('a WebSocket upgrade to an unparsable URL (GET http://[/ws) gets 400 and the server stays up', async () => {
    const res = await raw(`GET http://[/ws HTTP/1.1\r\n${host()}${upgrade}\r\n`)
    expect(status(res)).toBe(400)
    await alive()
  })

  it('an upgrade carrying a cookie that is not percent-encoding (%E0) gets 401 and the server stays up', async () => {
    for (const p of ['/ws', '/assets/app.js', '/']) {
      const res = await raw(`GET ${p} HTTP/1.1\r\n${host()}Cookie: li2_token_${port}=%E0\r\n${upgrade}\r\n`)
      expect(status(res), p).toBe(401)
    }
    await alive()
  })

  it('plain HTTP requests with a bad URL, a bad cookie or bad escapes get 4xx, never 500', async () => {
    const close = 'Connection: close\r\n'
    expect(status(await raw(`GET http://[/x HTTP/1.1\r\n${host()}${close}\r\n`))).toBe(400)
    expect(status(await raw(`GET /assets/app.js HTTP/1.1\r\n${host()}Cookie: li2_token_${port}=%E0\r\n${close}\r\n`))).toBe(401)
    expect(status(await raw(`GET /%ZZ?token=${token} HTTP/1.1\r\n${host()}${close}\r\n`))).toBe(400)
    const api = await raw(`POST /api/%ZZ HTTP/1.1\r\n${host()}x-li2-token: ${token}\r\nContent-Length: 2\r\n${close}\r\n{}`)
    expect(status(api)).toBe(400)
    expect(api).toContain('"field":"method"')
    await alive()
  })

  it('a body over the limit gets 413, not a reset connection', async () => {
    const body = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20)
    // declared up front
    const declared = await raw(Buffer.concat([Buffer.from(`POST /api/listRuns HTTP/1.1\r\n${host()}x-li2-token: ${token}\r\nContent-Length: ${body.length}\r\n\r\n`), body]))
    expect(status(declared)).toBe(413)
    // chunked, so only counting finds it
    const chunked = await raw(Buffer.concat([Buffer.from(`POST /api/listRuns HTTP/1.1\r\n${host()}x-li2-token: ${token}\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]))
    expect(status(chunked)).toBe(413)
    // and as a browser or fetch sends it
    const res = await fetch(`http://127.0.0.1:${port}/api/listRuns`, { method: 'POST', headers: { 'x-li2-token': token }, body })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: { code: 'invalid', field: 'args' } })
    await alive()
  })

  it('a bad WebSocket frame on an authorized socket closes that socket, not the server', async () => {
    const res = await raw(Buffer.concat([
      Buffer.from(`GET /ws?token=${token} HTTP/1.1\r\n${host()}${upgrade}\r\n`),
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
