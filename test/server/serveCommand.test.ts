// `li2 serve` as a user runs it (a child process): a busy --port or a --host that is not this machine's is a named
// usage error with exit 2, like the CLI's other bad input, not a stack trace with exit 1 (issue 10 item 8).
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '../..')
const home = mkdtempSync(path.join(os.tmpdir(), 'li2-serve-'))

/** Runs `li2 serve ARGS` with a temp database; resolves with its exit code and output (killed after 60 s). */
function serve(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/li2.mjs'), 'serve', '--db', path.join(home, 'li2.sqlite'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = '', stderr = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => { stderr += d })
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }) })
  })
}

let busy: net.Server
let busyPort = 0
beforeAll(async () => {
  busy = net.createServer()
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r))
  busyPort = (busy.address() as net.AddressInfo).port
})
afterAll(() => { busy?.close() })

describe('li2 serve: cannot listen', () => {
  it('--port already in use: exit 2 and an error naming the port, no stack trace', async () => {
    const out = await serve(['--port', String(busyPort)])
    expect(out.code).toBe(2)
    expect(out.stderr).toMatch(new RegExp(`^li2: port: .*in use.*\\(got ${busyPort}\\)$`, 'm'))
    expect(out.stderr).not.toMatch(/^\s+at /m)
  })

  it('--host that is not an address of this machine: exit 2 and an error naming the host', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): documentation only, never assigned to a machine
    const out = await serve(['--host', '192.0.2.1', '--allow-remote', '--port', '0'])
    expect(out.code).toBe(2)
    expect(out.stderr).toMatch(/^li2: host: .*\(got 192\.0\.2\.1\)$/m)
    expect(out.stderr).not.toMatch(/^\s+at /m)
  })
})
