// The Electron host's paths: which better-sqlite3 module it opens the store with, the --cli mode, and the li2 entry
// inside an installed app.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliArgs, electronSqliteBinding, li2Entry } from '../../src/main/nativePaths'

const ctx = { isPackaged: false, env: {}, appRoot: '/repo', electronVersion: '45.3.4', platform: 'linux', arch: 'x64', exists: () => true }

describe('electronSqliteBinding', () => {
  it('takes LI2_SQLITE_BINDING first (npm start sets it), none when packaged, else native/ when built', () => {
    expect(electronSqliteBinding({ ...ctx, env: { LI2_SQLITE_BINDING: '/b.node' } })).toBe('/b.node')
    expect(electronSqliteBinding({ ...ctx, isPackaged: true })).toBeUndefined()
    expect(electronSqliteBinding(ctx)).toBe(path.join('/repo', 'native', 'electron-45.3.4-linux-x64', 'better_sqlite3.node'))
    expect(electronSqliteBinding({ ...ctx, exists: () => false })).toBeUndefined()
  })
})

describe('--cli', () => {
  it('passes what follows --cli to li2, found unpacked beside app.asar in an installed app', () => {
    expect(cliArgs(['/opt/Li2 Lab/li2-lab', '--cli', 'train', '--group', '23'])).toEqual(['train', '--group', '23'])
    expect(cliArgs(['/opt/Li2 Lab/li2-lab'])).toBeNull()
    expect(li2Entry('/opt/Li2 Lab/resources/app.asar')).toBe(path.join('/opt/Li2 Lab/resources/app.asar.unpacked', 'bin', 'li2.mjs'))
    expect(li2Entry('/repo')).toBe(path.join('/repo', 'bin', 'li2.mjs'))
  })
})
