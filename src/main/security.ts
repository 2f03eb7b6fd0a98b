// Main-process security helpers kept pure (Electron's security checklist §7 CSP, §13 navigation) so tests need no Electron.
import { readFileSync } from 'node:fs'
import { cspFromHtml } from '../shared/csp'
import { isTrustedSender, type TrustedOrigins } from './ipcAdapter'

/** The CSP of a built page on disk, or null when the file or its tag is missing. */
export function cspFromFile(file: string): string | null {
  try {
    return cspFromHtml(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

/** The window may only ever show our own page; in-page hash navigation (the lab's router) keeps the same URL otherwise. */
export function isAllowedNavigation(url: string, trust: TrustedOrigins): boolean {
  return isTrustedSender(url, trust)
}
