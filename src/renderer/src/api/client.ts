// The renderer's Li2Service: over `window.li2` (Electron preload) or over fetch + WebSocket (headless host, token from
// the page URL). The one place the renderer talks to a host; it imports only the contract.
import { ApiError, METHODS, type ApiErrorBody, type EventName, type Li2Service, type MethodName, type ServiceEvents } from '../../../api/contract'

/** The bridge the Electron preload exposes as `window.li2`. */
export interface Li2Bridge {
  call(method: string, args: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: ApiErrorBody }>
  on(event: string, cb: (payload: unknown) => void): () => void
}

/** A service client plus event subscription and a connection flag for the status bar. */
export interface ServiceClient {
  service: Li2Service
  on<E extends EventName>(event: E, cb: (p: ServiceEvents[E]) => void): () => void
  host: 'electron' | 'browser'
  /** Called with true/false when the live-event connection opens or drops (browser only; Electron is always live). */
  onConnection(cb: (live: boolean) => void): () => void
}

/** Query parameter and header carrying the headless host's per-start token. */
export const TOKEN_PARAM = 'token'
export const TOKEN_HEADER = 'x-li2-token'

function toApiError(body: unknown, fallback: string): ApiError {
  const b = body as Partial<ApiErrorBody> | null
  const fields = Array.isArray(b?.fields) ? b.fields.filter((f) => f && typeof f.field === 'string' && typeof f.message === 'string') : undefined
  if (b && typeof b.message === 'string' && typeof b.code === 'string') return new ApiError(b.code as ApiErrorBody['code'], ruleOf(b.message, b.field), b.field, fields)
  return new ApiError('internal', fallback)
}

/** The rule part of an error message: ApiError.toJSON() sends "field: rule", and ApiError adds the prefix again. */
export function ruleOf(message: string, field?: string): string {
  return field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message
}

function buildService(call: (method: MethodName, args: unknown) => Promise<unknown>): Li2Service {
  return Object.fromEntries(METHODS.map((m) => [m, (args: unknown) => call(m, args ?? {})])) as unknown as Li2Service
}

/** Electron: every call goes through the preload's `li2:call` envelope. */
export function electronClient(bridge: Li2Bridge): ServiceClient {
  const service = buildService(async (method, args) => {
    // Vue reactive proxies cannot cross structured clone; a JSON round trip hands over plain data
    const res = await bridge.call(method, JSON.parse(JSON.stringify(args)))
    if (res.ok) return res.value
    throw toApiError(res.error, `${method} failed`)
  })
  return {
    service,
    host: 'electron',
    on: (event, cb) => bridge.on(event, cb as (p: unknown) => void),
    onConnection: (cb) => { cb(true); return () => {} },
  }
}

/** Browser: POST /api/<method> with the token header; events over /ws?token=, reconnecting with backoff. */
export function browserClient(loc: Location = window.location): ServiceClient {
  const token = new URLSearchParams(loc.search).get(TOKEN_PARAM) ?? ''
  const service = buildService(async (method, args) => {
    let res: Response
    try {
      res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(args),
      })
    } catch (e) {
      throw new ApiError('internal', `the lab server is unreachable (${(e as Error).message})`)
    }
    const body = await res.json().catch(() => null)
    if (res.ok) return body
    throw toApiError(body?.error, `${method} failed with HTTP ${res.status}`)
  })

  const listeners = new Map<EventName, Set<(p: unknown) => void>>()
  const connListeners = new Set<(live: boolean) => void>()
  let ws: WebSocket | null = null
  let live = false
  let delayMs = 500
  const setLive = (v: boolean) => { live = v; connListeners.forEach((cb) => cb(v)) }
  const connect = () => {
    const proto = loc.protocol === 'https:' ? 'wss:' : 'ws:'
    ws = new WebSocket(`${proto}//${loc.host}/ws?${TOKEN_PARAM}=${encodeURIComponent(token)}`)
    ws.onopen = () => { delayMs = 500; setLive(true) }
    ws.onmessage = (m) => {
      let msg: { event?: EventName; payload?: unknown }
      try { msg = JSON.parse(String(m.data)) } catch { return }
      if (msg.event) listeners.get(msg.event)?.forEach((cb) => cb(msg.payload))
    }
    ws.onclose = () => {
      ws = null
      setLive(false)
      setTimeout(connect, delayMs) // the server may be restarting; back off up to 10 s
      delayMs = Math.min(delayMs * 2, 10_000)
    }
  }
  connect()

  return {
    service,
    host: 'browser',
    on(event, cb) {
      if (!listeners.has(event)) listeners.set(event, new Set())
      const set = listeners.get(event)!
      set.add(cb as (p: unknown) => void)
      return () => { set.delete(cb as (p: unknown) => void) }
    },
    onConnection(cb) {
      connListeners.add(cb)
      cb(live)
      return () => { connListeners.delete(cb) }
    },
  }
}

/** The client for wherever this page runs. */
export function createClient(): ServiceClient {
  const bridge = (window as unknown as { li2?: Li2Bridge }).li2
  return bridge ? electronClient(bridge) : browserClient()
}
