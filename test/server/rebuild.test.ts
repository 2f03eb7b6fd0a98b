// Issue 10 item 11: `li2 serve` builds the lab UI when it is missing or stale (as `npm start` did), and a rebuild while
// it serves is picked up on reload: the page's CSP is read from the built page, not cached from the start.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../src/server'
import { fakeService } from './fakeService'

const page = (csp: string, body = 'lab') => `<meta http-equiv="Content-Security-Policy" content="${csp}"><p>${body}</p>`

describe('a rebuild while serving', () => {
  let server: RunningServer
  afterAll(async () => { await server?.close() })

  it('is picked up on reload: the page and its CSP come from the page on disk now, not at start', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'li2-static-'))
    server = await startServer({ staticDir: dir, serviceHost: fakeService() })

    const before = await fetch(server.url)
    expect(before.status).toBe(503)
    expect(await before.text()).toMatch(/not built/)
    expect(before.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")

    mkdirSync(path.join(dir, 'assets'))
    writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(path.join(dir, 'index.html'), page("default-src 'none'; script-src 'self'"))
    const after = await fetch(server.url)
    expect(after.status).toBe(200)
    expect(after.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; frame-ancestors 'none'")
    const cookie = after.headers.get('set-cookie')!.split(';')[0]
    const asset = await fetch(`${server.origin}/assets/app.js`, { headers: { cookie } })
    expect(asset.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; frame-ancestors 'none'")

    // a second build with another policy (the build rewrites the file)
    rmSync(path.join(dir, 'index.html'))
    writeFileSync(path.join(dir, 'index.html'), page("default-src 'none'; script-src 'self'; img-src 'self' data:", 'lab v2'))
    const again = await fetch(server.url)
    expect(await again.text()).toContain('lab v2')
    expect(again.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
  })
})
