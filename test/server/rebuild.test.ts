// Issue 10 item 11: `li2 serve` builds the lab UI when it is missing or stale (as `npm start` did), and a rebuild while
// it serves is picked up on reload: the page's CSP is read from the built page, not cached from the start.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { prepareRenderer } from '../../src/cli/commands/serve'
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

/** A fake checkout: renderer sources and an `electron-vite` whose `build` writes out/renderer/index.html and logs each run. */
function fakeRoot(buildExit = 0): { root: string; builds: () => number } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'li2-root-'))
  mkdirSync(path.join(root, 'src', 'renderer'), { recursive: true })
  writeFileSync(path.join(root, 'src', 'renderer', 'main.ts'), 'export {}')
  const bin = path.join(root, 'node_modules', 'electron-vite', 'bin')
  mkdirSync(bin, { recursive: true })
  writeFileSync(path.join(bin, 'electron-vite.js'), `
    const fs = require('node:fs')
    fs.appendFileSync('builds.log', process.argv[2] + '\\n')
    if (${buildExit}) { console.error('vite: syntax error in main.ts'); process.exit(${buildExit}) }
    fs.mkdirSync('out/renderer', { recursive: true })
    fs.writeFileSync('out/renderer/index.html', '<p>built</p>')
  `)
  chmodSync(path.join(bin, 'electron-vite.js'), 0o755)
  writeFileSync(path.join(root, 'package.json'), '{"type":"commonjs"}')
  const log = path.join(root, 'builds.log')
  return { root, builds: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').length : 0) }
}

describe('li2 serve builds the lab UI first when it is missing or stale', () => {
  it('builds when out/renderer is missing, not when it is fresh, again when a source is newer', async () => {
    const { root, builds } = fakeRoot()
    const said: string[] = []
    const say = (line: string) => { said.push(line) }
    expect(await prepareRenderer(root, say)).toBe('built')
    expect(readFileSync(path.join(root, 'out', 'renderer', 'index.html'), 'utf8')).toBe('<p>built</p>')
    expect(said.join('')).toMatch(/building the lab UI/)
    expect(await prepareRenderer(root, say)).toBe('fresh')
    expect(builds()).toBe(1)
    const later = new Date(Date.now() + 60_000)
    utimesSync(path.join(root, 'src', 'renderer', 'main.ts'), later, later)
    expect(await prepareRenderer(root, say)).toBe('built')
    expect(builds()).toBe(2)
  })

  it('says why when the build fails, and keeps going (the API still works)', async () => {
    const { root } = fakeRoot(1)
    const said: string[] = []
    expect(await prepareRenderer(root, (l) => { said.push(l) })).toBe('failed')
    expect(said.join('')).toMatch(/could not be built[\s\S]*syntax error in main\.ts/)
  })

  it('says how to build when this install has no electron-vite', async () => {
    const { root } = fakeRoot()
    rmSync(path.join(root, 'node_modules'), { recursive: true })
    const said: string[] = []
    expect(await prepareRenderer(root, (l) => { said.push(l) })).toBe('no-builder')
    expect(said.join('')).toMatch(/npm run build/)
  })
})
