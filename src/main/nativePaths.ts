// Paths the Electron host needs besides its bundle: the better-sqlite3 module built for Electron's ABI (kept beside
// node_modules' Node build by `npm start` / `npm run desktop:rebuild`), and the `li2` CLI entry inside an installed app.
// Pure (no electron import), so the rules are tested without Electron.
import { join } from 'node:path'

/** The folder name scripts/desktop.mjs builds the Electron-ABI module into (a test keeps the two equal). */
export const bindingDirName = (electronVersion: string, platform: string, arch: string): string => `electron-${electronVersion}-${platform}-${arch}`

export interface BindingContext {
  isPackaged: boolean
  env: Record<string, string | undefined>
  /** The app's root (the repository in development). */
  appRoot: string
  electronVersion: string
  platform: string
  arch: string
  exists(file: string): boolean
}

/** The better-sqlite3 module the Electron host opens the store with: the one named by LI2_SQLITE_BINDING (`npm start`
 *  sets it); none in a packaged app (electron-builder rebuilt node_modules' copy for the packaged Electron); else the
 *  Electron-ABI build in native/ when present (`electron-vite dev`), or none, and the store then names the fix. */
export function electronSqliteBinding(c: BindingContext): string | undefined {
  if (c.env.LI2_SQLITE_BINDING) return c.env.LI2_SQLITE_BINDING
  if (c.isPackaged) return undefined
  const file = join(c.appRoot, 'native', bindingDirName(c.electronVersion, c.platform, c.arch), 'better_sqlite3.node')
  return c.exists(file) ? file : undefined
}

/** The arguments after `--cli` (`"Li2 Lab" --cli train --group 23`), or null when the app starts as a window. */
export function cliArgs(argv: readonly string[]): string[] | null {
  const i = argv.indexOf('--cli')
  return i < 0 ? null : argv.slice(i + 1)
}

/** The `li2` entry of the app at `appPath`: inside an installed app it lies unpacked beside app.asar (tsx and esbuild
 *  load files from disk), in development at the repository's bin/. */
export function li2Entry(appPath: string): string {
  return appPath.endsWith('.asar') ? join(`${appPath}.unpacked`, 'bin', 'li2.mjs') : join(appPath, 'bin', 'li2.mjs')
}
