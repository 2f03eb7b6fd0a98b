// Where the experiment database lives, and the pre-flight check that rejects a bad path before anything is created.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ValidationError } from '../core/errors'

/** The file name of the default database inside the user-data folder. */
export const DB_FILE_NAME = 'li2.sqlite'
/** The folder name under the XDG config home; Electron's main process points its userData here too. */
export const APP_DIR_NAME = 'li2-lab'
/** Opens an in-memory database (tests, throwaway sessions). */
export const MEMORY_DB = ':memory:'

/** The lab's user-data folder: $LI2_HOME, else $XDG_CONFIG_HOME/li2-lab, else ~/.config/li2-lab. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LI2_HOME) return path.resolve(env.LI2_HOME)
  const config = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config')
  return path.resolve(config, APP_DIR_NAME)
}

/** The database the lab opens by default: $LI2_DB, else <userDataDir>/li2.sqlite. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.LI2_DB ? path.resolve(env.LI2_DB) : path.join(userDataDir(env), DB_FILE_NAME)
}

/** Throws ValidationError('db', …) for a path other threads or processes cannot open as the same database (':memory:'
 *  gives each connection its own empty one), e.g. the runner's workers; returns the path otherwise. */
export function checkSharedDbPath(file: string): string {
  if (file === MEMORY_DB) {
    throw new ValidationError('db', `${MEMORY_DB} cannot be shared with the training worker threads (each would open its own empty database); give a file path, e.g. --db /tmp/li2.sqlite`)
  }
  return file
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')

/** Checks that `file` can be opened as a writable SQLite database; throws ValidationError('db', …) and touches nothing otherwise.
 *  With `createParents` the missing folders above it are allowed, provided the nearest existing one is writable. */
export function checkDbPath(file: string, createParents: boolean, readOnly = false): string {
  if (typeof file !== 'string' || file.trim() === '') throw new ValidationError('db', 'must be a non-empty file path')
  if (file === MEMORY_DB) return file
  if (file.includes('\0')) throw new ValidationError('db', `must not contain a NUL byte (got ${JSON.stringify(file)})`)
  if (file.startsWith('file:')) throw new ValidationError('db', `must be a plain file path, not a URI (got ${file})`)
  const abs = path.resolve(file)
  const st = statOrNull(abs)
  if (st) {
    if (st.isDirectory()) throw new ValidationError('db', `must be a file, but ${abs} is a directory`)
    if (!st.isFile()) throw new ValidationError('db', `must be a regular file (${abs} is not)`)
    if (!accessible(abs, readOnly ? fs.constants.R_OK : fs.constants.R_OK | fs.constants.W_OK)) throw new ValidationError('db', `must be readable and writable (${abs} is not)`)
    if (st.size > 0 && !hasSqliteHeader(abs)) throw new ValidationError('db', `must be a SQLite database (${abs} is some other file)`)
    if (!readOnly) checkDirWritable(path.dirname(abs), abs) // WAL needs its -wal/-shm files beside the database
    return abs
  }
  if (readOnly) throw new ValidationError('db', `${abs} does not exist (a read-only store must be an existing file)`)
  const parent = path.dirname(abs)
  const pst = statOrNull(parent)
  if (pst) {
    checkDirWritable(parent, abs)
    return abs
  }
  if (!createParents) throw new ValidationError('db', `folder ${parent} does not exist (for ${abs})`)
  let anc = parent
  while (!statOrNull(anc)) {
    const up = path.dirname(anc)
    if (up === anc) break
    anc = up
  }
  checkDirWritable(anc, abs)
  return abs
}

/** Why an existing database at `file` can only be read (the file or its folder is not writable), or null when it can be
 *  written or does not exist. Such a store opens read-only for browsing. */
export function readOnlyReason(file: string): string | null {
  if (file === MEMORY_DB || typeof file !== 'string' || file.trim() === '' || file.includes('\0')) return null
  const abs = path.resolve(file)
  const st = statOrNull(abs)
  if (!st || !st.isFile() || !accessible(abs, fs.constants.R_OK)) return null
  if (!accessible(abs, fs.constants.W_OK)) return `${abs} is read-only (no write permission on the file)`
  if (!accessible(path.dirname(abs), fs.constants.W_OK | fs.constants.X_OK)) return `${abs} is read-only (its folder ${path.dirname(abs)} is not writable)`
  return null
}

/** Creates the database's folder (only called after checkDbPath passed). */
export function ensureParentDir(abs: string): void {
  if (abs === MEMORY_DB) return
  fs.mkdirSync(path.dirname(abs), { recursive: true })
}

function checkDirWritable(dir: string, abs: string): void {
  const st = statOrNull(dir)
  if (!st || !st.isDirectory()) throw new ValidationError('db', `${dir} is not a folder (for ${abs})`)
  if (!accessible(dir, fs.constants.W_OK | fs.constants.X_OK)) throw new ValidationError('db', `folder ${dir} must be writable (for ${abs})`)
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p)
  } catch {
    return null
  }
}

function accessible(p: string, mode: number): boolean {
  try {
    fs.accessSync(p, mode)
    return true
  } catch {
    return false
  }
}

function hasSqliteHeader(abs: string): boolean {
  const fd = fs.openSync(abs, 'r')
  try {
    const head = Buffer.alloc(SQLITE_MAGIC.length)
    const n = fs.readSync(fd, head, 0, head.length, 0)
    return n === head.length && head.equals(SQLITE_MAGIC)
  } finally {
    fs.closeSync(fd)
  }
}
