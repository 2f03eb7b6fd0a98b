// A real headless host in its own process (test/server/fixtures/fakeServe.ts) for tests that send it hostile bytes: its
// port and token once started, raw TCP writes, and a check that it still answers. Registers its own beforeAll/afterAll.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'

const ROOT = path.resolve(__dirname, '../..')

/** The server's state, filled in by beforeAll. */
export interface ChildServer { port: number; token: string; stderr: string; exited: string | null }

export function useChildServer() {
  const s: ChildServer = { port: 0, token: '', stderr: '', exited: null }
  let child: ChildProcess | null = null
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'li2-static-'))
    writeFileSync(path.join(dir, 'index.html'), `<meta http-equiv="Content-Security-Policy" content="default-src 'none'"><p>lab</p>`)
    const c = spawn(process.execPath, [path.join(ROOT, 'bin/run-ts.mjs'), path.join(__dirname, 'fixtures/fakeServe.ts'), dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    child = c
    c.stderr!.on('data', (d) => { s.stderr += d })
    c.on('exit', (code, signal) => { s.exited = `exit ${code ?? signal}` })
    const line = await new Promise<string>((resolve, reject) => {
      let out = ''
      c.stdout!.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out.split('\n')[0]) })
      c.on('exit', () => reject(new Error(`server did not start: ${s.stderr}`)))
    })
    const started = JSON.parse(line) as { port: number; token: string }
    s.port = started.port
    s.token = started.token
  })
  afterAll(() => { child?.kill('SIGTERM') })

  /** Writes the literal bytes over TCP; resolves with the first complete response (or what came before close or a pause). */
  function raw(bytes: string | Buffer, waitMs = 1500): Promise<string> {
    return new Promise((resolve) => {
      const socket = net.connect(s.port, '127.0.0.1')
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
  /** A normal authorized call still works: the server is alive. */
  async function alive(): Promise<void> {
    const res = await fetch(`http://127.0.0.1:${s.port}/api/listGroups`, { method: 'POST', headers: { 'x-li2-token': s.token }, body: '{}' })
    expect(res.status).toBe(200)
    expect(s.exited).toBeNull()
  }
  return { server: s, raw, alive, host: () => `Host: 127.0.0.1:${s.port}\r\n` }
}

/** The status code of a raw HTTP/1.1 response (0 when there is none). */
export const status = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0)
/** The headers of a WebSocket upgrade request, after the request line and Host. */
export const UPGRADE = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
