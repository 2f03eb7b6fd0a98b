// The headless host's request rules as pure functions (who may ask: host, origin, token; what: validateCall; how it
// answers: status codes), so tests need no sockets. The HTTP twin of src/main/ipcAdapter.ts.
import { timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { validateCall, type ApiErrorBody, type Li2Service } from '../api/contract'
import { toErrorBody } from '../api/contract'

/** Header names that may carry the token on API calls (besides `Authorization: Bearer`). */
export const TOKEN_HEADER = 'x-li2-token'
/** Query parameter carrying the token on the page and the WebSocket. */
export const TOKEN_PARAM = 'token'
/** The largest API request body accepted. */
export const MAX_BODY_BYTES = 1 << 20

/** What the server knows about itself when judging a request. */
export interface AccessPolicy {
  token: string
  port: number
  /** Bound to a non-loopback address on purpose (--allow-remote): any Host name is accepted, the token still guards. */
  allowRemote: boolean
}

/** The parts of a request the rules look at. */
export interface RequestInfo {
  method: string
  url: string
  headers: IncomingHttpHeaders
}

/** The four kinds of request, each with its own way of carrying the token. */
export type RequestKind = 'api' | 'ws' | 'page' | 'asset'

/** A refusal: HTTP status and the contract's error body. */
export interface Refusal { status: 400 | 401 | 403 | 404 | 405 | 413; error: ApiErrorBody }

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** The cookie that lets the page's own scripts and styles load after the page itself was opened with ?token=.
 *  Cookies ignore ports, so the name carries the port (two servers on one machine do not clash). */
export function tokenCookieName(port: number): string {
  return `li2_token_${port}`
}

/** Constant-time token comparison; false for a missing or differently sized token. */
export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The request target as a URL, or null when it does not parse (`GET http://[/ws` reaches us as is): callers answer 400, nothing throws. */
export function parseTarget(url: string): URL | null {
  try {
    return new URL(url, 'http://x')
  } catch {
    return null
  }
}

/** decodeURIComponent that answers null for a malformed escape (`%E0`, `%ZZ`) instead of throwing URIError. */
export function decodeOrNull(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

/** Which kind a path is: /api/*, /ws, the page (/ or /index.html), or an asset. */
export function classify(pathname: string): RequestKind {
  if (pathname.startsWith('/api/')) return 'api'
  if (pathname === '/ws') return 'ws'
  if (pathname === '/' || pathname === '/index.html') return 'page'
  return 'asset'
}

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name]
  return Array.isArray(v) ? v[0] : v
}

/** The token a request carries for its kind: a header on API calls, the query on the page and ws, query or cookie on assets. */
export function tokenOf(req: RequestInfo, kind: RequestKind, port: number): string | null {
  const url = parseTarget(req.url)
  if (!url) return null
  if (kind === 'api') {
    const auth = header(req.headers, 'authorization')
    if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim()
    return header(req.headers, TOKEN_HEADER) ?? null
  }
  const q = url.searchParams.get(TOKEN_PARAM)
  if (q || kind !== 'asset') return q
  const cookies = header(req.headers, 'cookie') ?? ''
  const name = tokenCookieName(port)
  for (const part of cookies.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeOrNull(v.join('=')) // a cookie that is not percent-encoding carries no token
  }
  return null
}

/** Host header check (DNS rebinding): on loopback only 127.0.0.1/localhost/[::1] with our port are ours. */
export function hostAllowed(host: string | undefined, policy: AccessPolicy): boolean {
  if (!host) return false
  if (policy.allowRemote) return true
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.toLowerCase())
  return !!m && LOOPBACK_NAMES.has(m[1]) && Number(m[2] ?? 80) === policy.port
}

/** Origin check: absent (curl, top-level navigation) is fine; present, it must be this server as the Host names it. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true
  return !!host && (origin === `http://${host}` || origin === `https://${host}`)
}

/** Judges one request; null means allowed. Order: a URL that parses (400), host, origin, then the token (401 missing, 403 wrong). */
export function authorize(req: RequestInfo, policy: AccessPolicy): Refusal | null {
  const url = parseTarget(req.url)
  if (!url) return { status: 400, error: { code: 'invalid', message: `malformed request URL ${JSON.stringify(req.url.slice(0, 100))}`, field: 'url' } }
  const kind = classify(url.pathname)
  const host = header(req.headers, 'host')
  if (!hostAllowed(host, policy)) return { status: 403, error: { code: 'forbidden', message: `unknown Host ${JSON.stringify(host ?? '')}`, field: 'host' } }
  const origin = header(req.headers, 'origin')
  if (!originAllowed(origin, host)) return { status: 403, error: { code: 'forbidden', message: `cross-origin request from ${origin} refused`, field: 'origin' } }
  const given = tokenOf(req, kind, policy.port)
  if (!given) {
    const where = kind === 'api' ? `the Authorization: Bearer or ${TOKEN_HEADER} header` : `?${TOKEN_PARAM}=`
    return { status: 401, error: { code: 'forbidden', message: `missing token (pass it in ${where}; \`li2 serve\` prints the URL with it)`, field: 'token' } }
  }
  if (!tokenMatches(given, policy.token)) return { status: 403, error: { code: 'forbidden', message: 'wrong token (it changes every time the server starts)', field: 'token' } }
  return null
}

/** HTTP status for an error code. */
export function statusOf(code: ApiErrorBody['code']): number {
  return { invalid: 400, not_found: 404, forbidden: 403, internal: 500 }[code]
}

/** Runs one API call: POST /api/<method> with a JSON object body → 200 and the result, or the error with its status. */
export async function handleApi(service: Li2Service, httpMethod: string, pathname: string, body: string): Promise<{ status: number; body: unknown }> {
  if (httpMethod !== 'POST') return { status: 405, body: { error: { code: 'invalid', message: 'API calls are POST requests with a JSON body', field: 'method' } } }
  const method = decodeOrNull(pathname.slice('/api/'.length))
  if (method === null) return { status: 400, body: { error: { code: 'invalid', message: 'the method name is not valid percent-encoding', field: 'method' } } }
  let args: unknown
  try {
    args = body.trim() === '' ? {} : JSON.parse(body)
  } catch (e) {
    return { status: 400, body: { error: { code: 'invalid', message: `body is not JSON (${(e as Error).message})`, field: 'args' } } }
  }
  try {
    const call = validateCall(method, args)
    const fn = service[call.method] as (a: Record<string, unknown>) => Promise<unknown>
    return { status: 200, body: (await fn.call(service, call.args)) ?? null }
  } catch (e) {
    const error = toErrorBody(e)
    return { status: statusOf(error.code), body: { error } }
  }
}
