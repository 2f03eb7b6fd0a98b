// The installers' configuration, checked where electron-builder cannot download Electron or its tools: valid against
// electron-builder's own schema, the four targets, native modules unpacked and rebuilt for the packaged Electron, the
// CLI shipped and put on PATH, and everything the app reads at run time inside the package.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../..')
const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'electron-builder.json'), 'utf8'))
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
const require = createRequire(import.meta.url)

describe('electron-builder.json', () => {
  it('passes electron-builder\'s own validation', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js')
    const { DebugLogger } = require('builder-util')
    const { $schema: _s, ...rest } = config
    await expect(validateConfiguration(rest, new DebugLogger(false))).resolves.toBeUndefined()
    await expect(validateConfiguration({ ...rest, linux: { target: 'AppImage', nonsense: 1 } }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/)
  })

  it('builds AppImage and .deb, .dmg and NSIS, with `npm run dist` per platform', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toEqual(['dmg'])
    expect(config.win.target).toEqual(['nsis'])
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder')
    for (const os of ['linux', 'mac', 'win']) expect(pkg.scripts[`dist:${os}`]).toContain(`electron-builder --${os}`)
  })

  it('rebuilds native modules for the packaged Electron and keeps them (and the CLI\'s sources) out of the asar', () => {
    expect(config.npmRebuild).toBe(true)
    for (const p of ['better-sqlite3', 'webgpu', 'tsx', 'esbuild']) expect(config.asarUnpack.some((g: string) => g.includes(`node_modules/${p}/`))).toBe(true)
    for (const g of ['bin/**', 'src/**', 'resources/groups/**']) expect(config.asarUnpack).toContain(g)
  })

  it('packages what the app and the CLI read at run time', () => {
    expect(pkg.main).toBe('./out/main/index.js')
    for (const g of ['out/**', 'bin/**', 'src/**', 'resources/groups/**', 'package.json']) expect(config.files).toContain(g)
    for (const dep of ['better-sqlite3', 'tsx', '@tensorflow/tfjs-core']) expect(pkg.dependencies[dep]).toBeTruthy() // devDependencies are not packaged
    expect(fs.existsSync(path.join(ROOT, 'resources/groups/smallgroups.json'))).toBe(true)
  })

  it('ships the li2 wrappers, which run the app with --cli, and the .deb links li2 onto PATH', () => {
    expect(config.extraResources).toEqual([{ from: 'resources/cli', to: 'cli' }])
    const sh = fs.readFileSync(path.join(ROOT, 'resources/cli/li2'), 'utf8')
    expect(sh).toMatch(/exec "\$exe" --cli "\$@"/)
    expect(fs.statSync(path.join(ROOT, 'resources/cli/li2')).mode & 0o111).not.toBe(0)
    expect(fs.readFileSync(path.join(ROOT, 'resources/cli/li2.cmd'), 'utf8')).toMatch(/--cli %\*/)
    expect(config.linux.executableName).toBe('li2-lab')
    expect(sh).toContain('li2-lab')
    const after = fs.readFileSync(path.join(ROOT, config.deb.afterInstall), 'utf8')
    expect(after).toContain(`/opt/${config.productName}/resources/cli/li2`)
  })
})
