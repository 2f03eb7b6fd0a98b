// The store opens with the better-sqlite3 module it is told to (LI2_SQLITE_BINDING or the option), and a module that
// cannot load is named with the command that fixes it, never a crash.
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../src/store'
import { nativeModuleError, sqliteBinding } from '../../src/store/nativeBinding'

const require = createRequire(import.meta.url)
const nodeBuild = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node')

describe('the better-sqlite3 binding', () => {
  it('is the option, else LI2_SQLITE_BINDING, else node_modules\' own', () => {
    expect(sqliteBinding('/a.node', { LI2_SQLITE_BINDING: '/b.node' })).toBe('/a.node')
    expect(sqliteBinding(undefined, { LI2_SQLITE_BINDING: '/b.node' })).toBe('/b.node')
    expect(sqliteBinding(undefined, { LI2_SQLITE_BINDING: '' })).toBeUndefined()
  })

  it('opens the store with an explicit module', () => {
    const s = openStore(':memory:', { nativeBinding: nodeBuild })
    expect(s.listRuns({})).toEqual([])
    s.close()
  })

  it('names a module that cannot load, with the fix', () => {
    expect(() => openStore(':memory:', { nativeBinding: '/nowhere/better_sqlite3.node' }))
      .toThrow(/db: the better-sqlite3 module at \/nowhere\/better_sqlite3.node cannot load in Node .*npm run desktop:rebuild/)
    const abi = new Error('The module was compiled against a different Node.js version using NODE_MODULE_VERSION 133. This version of Node.js requires NODE_MODULE_VERSION 115.')
    expect(nativeModuleError(abi, undefined, 'Node v20')?.message).toMatch(/node_modules' better-sqlite3 cannot load in Node v20: .*NODE_MODULE_VERSION 133.*npm rebuild better-sqlite3/)
    expect(nativeModuleError(new Error('SQLITE_CANTOPEN'), undefined)).toBeNull()
  })
})
