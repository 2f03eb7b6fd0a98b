// Which better-sqlite3 native module this process loads, and a mismatch named with the command that fixes it. The CLI
// and the headless host load node_modules' build (Node's ABI); the Electron window loads a build for Electron's ABI kept
// beside it (scripts/desktop.mjs), named by LI2_SQLITE_BINDING, which its worker threads inherit.
import { ValidationError } from '../core/errors'

/** The environment variable that names a better-sqlite3 module built for another runtime (Electron's ABI). */
export const SQLITE_BINDING_ENV = 'LI2_SQLITE_BINDING'

/** The module to load: the option, else the environment's, else undefined (node_modules' own build). */
export function sqliteBinding(option?: string, env: Record<string, string | undefined> = process.env): string | undefined {
  return option ?? (env[SQLITE_BINDING_ENV] || undefined)
}

/** A native-module load failure as a named error with the fix, or null for any other error. */
export function nativeModuleError(e: unknown, binding: string | undefined, runtime: string = process.versions.electron ? `Electron ${process.versions.electron}` : `Node ${process.version}`): ValidationError | null {
  const msg = (e as Error)?.message ?? String(e)
  if (!/NODE_MODULE_VERSION|compiled against a different|invalid ELF|wrong ELF class|Cannot find module|ERR_DLOPEN|cannot open shared object|image not found|not a valid Win32/.test(msg)) return null
  const which = binding ? `the better-sqlite3 module at ${binding}` : "node_modules' better-sqlite3"
  const fix = process.versions.electron || binding
    ? 'run `npm run desktop:rebuild` (builds it for the installed Electron beside the Node build)'
    : 'run `npm rebuild better-sqlite3` (builds it for this Node)'
  return new ValidationError('db', `${which} cannot load in ${runtime}: ${msg.split('\n')[0]}. To fix it, ${fix}`)
}
