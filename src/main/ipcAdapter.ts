// The Electron IPC adapter as pure functions: who may call (sender check) and what (validateCall), so unit tests need no
// Electron. Mirrors microsoft/vscode src/vs/base/parts/ipc/electron-main/ipcMain.ts (validatedIpcMain) on our contract.
import { EVENT_NAMES, toErrorBody, validateCall, type ApiErrorBody, type EventName, type Li2Service } from '../api/contract'

/** The one invoke channel and the one event channel between the renderer and main. */
export const CALL_CHANNEL = 'li2:call'
export const EVENT_CHANNEL = 'li2:event'
/** Events main forwards to the window; anything else is never sent. */
export const FORWARDED_EVENTS: readonly EventName[] = EVENT_NAMES

/** What a renderer gets back from `li2:call`: an envelope, because contextBridge drops an Error's own fields. */
export type CallResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody }

/** Where our renderer is allowed to live: the built index.html (file://) or, in development, the dev server's origin. */
export interface TrustedOrigins {
  indexFile?: string
  devServerUrl?: string
}

/** True when `senderUrl` is our own page: the exact built index.html file, or a page on the dev server's origin. */
export function isTrustedSender(senderUrl: string | null | undefined, trust: TrustedOrigins): boolean {
  if (!senderUrl) return false
  let url: URL
  try {
    url = new URL(senderUrl)
  } catch {
    return false
  }
  if (url.protocol === 'file:' && trust.indexFile) {
    return decodeURIComponent(url.pathname) === toPosixPath(trust.indexFile)
  }
  if (trust.devServerUrl && (url.protocol === 'http:' || url.protocol === 'https:')) {
    return url.origin === new URL(trust.devServerUrl).origin
  }
  return false
}


/** Handles one `li2:call`: refuses an untrusted sender, validates the arguments against the contract, then calls the service. */
export async function handleCall(
  service: Li2Service,
  senderUrl: string | null | undefined,
  method: unknown,
  args: unknown,
  trust: TrustedOrigins = {},
): Promise<CallResult> {
  if (!isTrustedSender(senderUrl, trust)) {
    return { ok: false, error: { code: 'forbidden', message: `calls are accepted only from the lab's own window (got ${String(senderUrl || 'no frame')})` } }
  }
  try {
    const call = validateCall(method, args)
    const fn = service[call.method] as (a: Record<string, unknown>) => Promise<unknown>
    return { ok: true, value: await fn.call(service, call.args) }
  } catch (e) {
    return { ok: false, error: toErrorBody(e) }
  }
}

function toPosixPath(p: string): string {
  const s = p.replace(/\\/g, '/')
  return s.startsWith('/') ? s : `/${s}` // Windows: file:///C:/x → pathname /C:/x
}
