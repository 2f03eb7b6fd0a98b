// The headless host: the built renderer and the service over HTTP + WebSocket, loopback and token-guarded by default.
// Same service as the Electron window (createService); the rules live in httpAdapter.ts.
import { randomBytes } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Duplex } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { WebSocketServer, type WebSocket } from 'ws'
import { EVENT_NAMES, type EventName, type Li2Service, type ServiceEvents } from '../api/contract'
import { ValidationError } from '../core/errors'
import { cspFromHtml } from '../shared/csp'
import { authorize, classify, decodeOrNull, handleApi, MAX_BODY_BYTES, parseTarget, TOKEN_PARAM, tokenCookieName, type AccessPolicy } from './httpAdapter'

/** What the server needs of a service host: the service, its events, and close. `createService` returns one. */
export interface ServiceHost {
  service: Li2Service
  on<E extends EventName>(e: E, cb: (p: ServiceEvents[E]) => void): () => void
  close(): Promise<void>
}

export interface ServerOptions {
  /** 0 (default) picks a free port. */
  port?: number
  /** Default 127.0.0.1; anything not loopback needs allowRemote. */
  host?: string
  allowRemote?: boolean
  dbPath?: string
  workers?: number
  /** The built renderer; default out/renderer at the repository root. */
  staticDir?: string
  /** A ready service host (tests); otherwise one is created with createService({ dbPath, workers }) and closed with the server. */
  serviceHost?: ServiceHost
  /** Fixed token (tests); default 32 random bytes, hex. */
  token?: string
}

export interface RunningServer {
  /** The page's URL, token included. */
  url: string
  origin: string
  port: number
  host: string
  token: string
  serviceHost: ServiceHost
  close(): Promise<void>
}

/** The built renderer beside this source tree (src/server → out/renderer). */
export const DEFAULT_STATIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/renderer')
/** The CSP of every answer that is not the page or one of its assets, and of the page while it is not built. */
const NO_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'"
const EVENTS: readonly EventName[] = EVENT_NAMES
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json', '.map': 'application/json',
}

/** A listen failure the user can fix with a flag: a ValidationError naming it (so `li2` exits 2 with `li2: port: …`),
 *  keeping the errno as `code` (`li2 serve` falls back to a free port on EADDRINUSE when no --port was given). */
export class ListenError extends ValidationError {
  constructor(field: 'port' | 'host', rule: string, readonly code: string) {
    super(field, rule)
  }
}

/** Names the flag behind a listen error; other errors pass through unchanged. */
export function listenError(e: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (e.code) {
    case 'EADDRINUSE': return new ListenError('port', `already in use on ${host} by another program; pick another, or leave --port out for a free one (got ${port})`, e.code)
    case 'EACCES': return new ListenError('port', `needs privileges this user lacks; use a port from 1024 up (got ${port})`, e.code)
    case 'EADDRNOTAVAIL': return new ListenError('host', `is not an address of this machine (got ${host})`, e.code)
    case 'EAFNOSUPPORT': return new ListenError('host', `its address family (IPv6?) is not available on this machine (got ${host})`, e.code)
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL': return new ListenError('host', `does not resolve to an address (got ${host})`, e.code)
    default: return e
  }
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

/** Starts the server; resolves once it listens. Refuses a non-loopback host unless allowRemote. */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1'
  const remote = !isLoopback(host)
  if (remote && !opts.allowRemote) {
    throw new ValidationError('host', `refusing to listen on ${host}: it is reachable from other machines; pass --allow-remote if you mean it`)
  }
  const staticDir = path.resolve(opts.staticDir ?? DEFAULT_STATIC_DIR)
  const token = opts.token ?? randomBytes(32).toString('hex')
  const ownsService = !opts.serviceHost
  // imported lazily so a host given a ready service (tests) never loads the store
  const sh: ServiceHost = opts.serviceHost ?? (await (await import('../api/service')).createService({ dbPath: opts.dbPath, workers: opts.workers }))
  const policy: AccessPolicy = { token, port: 0, allowRemote: remote }
  const indexFile = path.join(staticDir, 'index.html')
  // The page's CSP, read from the built page whenever that file changes: a rebuild while the server runs (or a first
  // build after it started) is picked up on reload; a policy fixed at start would keep a missing page's 'none'.
  let pageCsp: { key: string; header: string } | null = null
  const pageCspHeader = async (): Promise<string> => {
    const st = await stat(indexFile).catch(() => null)
    const key = st ? `${st.ino}:${st.mtimeMs}:${st.size}` : ''
    if (pageCsp?.key !== key) {
      const csp = st ? cspFromHtml(await readFile(indexFile, 'utf8').catch(() => '')) : null
      pageCsp = { key, header: csp ? `${csp}; frame-ancestors 'none'` : NO_PAGE_CSP } // the meta tag cannot carry frame-ancestors
    }
    return pageCsp.header
  }

  const security = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer', // the page URL carries the token
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  }
  // Node drops the body of a HEAD response itself; Content-Length stays the GET's. Only the page and its assets get
  // the page's CSP; API answers and refusals get one that allows nothing.
  const send = (res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}, csp = NO_PAGE_CSP) => {
    res.writeHead(status, { 'Content-Security-Policy': csp, ...security, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-store', ...extra })
    res.end(body)
  }
  const sendJson = (res: ServerResponse, status: number, body: unknown) => send(res, status, JSON.stringify(body), 'application/json; charset=utf-8')

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: { code: 'invalid', message: 'only GET here' } })
    const decoded = pathname === '/' ? 'index.html' : decodeOrNull(pathname)
    if (decoded === null) return sendJson(res, 400, { error: { code: 'invalid', message: 'the path is not valid percent-encoding', field: 'url' } })
    const rel = decoded.replace(/^\/+/, '')
    const file = path.resolve(staticDir, rel)
    if (!file.startsWith(staticDir + path.sep)) return sendJson(res, 404, { error: { code: 'not_found', message: 'no such file' } })
    let data: Buffer
    try {
      data = await readFile(file)
    } catch {
      if (rel === 'index.html') return send(res, 503, 'The lab UI is not built yet: `li2 serve` builds it when it starts (see its terminal), or run `npm run build`; then reload.', 'text/plain; charset=utf-8')
      return sendJson(res, 404, { error: { code: 'not_found', message: `no such file ${pathname}` } })
    }
    const extra: Record<string, string> = {}
    if (rel === 'index.html') extra['Set-Cookie'] = `${tokenCookieName(policy.port)}=${token}; Path=/; HttpOnly; SameSite=Strict`
    send(res, 200, data, TYPES[path.extname(file)] ?? 'application/octet-stream', extra, await pageCspHeader())
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const info = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }
    const refusal = authorize(info, policy)
    if (refusal) return sendJson(res, refusal.status, { error: refusal.error })
    const pathname = parseTarget(info.url)!.pathname // authorize refused a URL that does not parse
    const kind = classify(pathname)
    if (kind === 'ws') return sendJson(res, 426, { error: { code: 'invalid', message: 'this path is a WebSocket' } })
    if (kind !== 'api') return serveStatic(req, res, pathname)
    const body = await readBody(req)
    if (body.kind === 'aborted') return
    if (body.kind === 'too-large') return sendJson(res, 413, { error: { code: 'invalid', message: `request body over ${MAX_BODY_BYTES} bytes`, field: 'args' } })
    const out = await handleApi(sh.service, info.method, pathname, body.text)
    sendJson(res, out.status, out.body)
  }

  /** Refuses an upgrade on the raw socket (no ServerResponse exists for one). */
  const refuseUpgrade = (socket: Duplex, status: number) => {
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  }
  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refusal = authorize({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }, policy)
    if (refusal) return refuseUpgrade(socket, refusal.status)
    if (parseTarget(req.url ?? '/')!.pathname !== '/ws') return refuseUpgrade(socket, 404)
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  }

  // Every handler is guarded: whatever one request makes throw is answered (500) or its socket closed, never an uncaught
  // exception, because that would end the process and every run it trains.
  const server = createServer((req, res) => {
    onRequest(req, res).catch((e) => {
      try {
        if (res.headersSent) res.destroy()
        else sendJson(res, 500, { error: { code: 'internal', message: (e as Error)?.message ?? String(e) } })
      } catch {
        res.destroy()
      }
    })
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 })
  // a client that breaks the protocol (unmasked or oversized frame) gets its socket closed; ws emits 'error' on it first
  wss.on('connection', (ws) => { ws.on('error', () => ws.terminate()) })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy()) // a reset mid-handshake: the http server no longer listens on an upgraded socket
    try {
      onUpgrade(req, socket, head)
    } catch {
      if (!socket.destroyed) refuseUpgrade(socket, 500)
    }
  })
  // CONNECT (a proxy tunnel) has its own event; with no listener Node drops the socket unanswered. This is no proxy: 405.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy())
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
  })
  const broadcast = (event: EventName, payload: unknown) => {
    const msg = JSON.stringify({ event, payload })
    for (const c of wss.clients) if (c.readyState === 1) (c as WebSocket).send(msg)
  }
  const offs = EVENTS.map((e) => sh.on(e, (p) => broadcast(e, p)))

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(opts.port ?? 0, host, () => { server.off('error', reject); resolve() })
    })
  } catch (e) {
    offs.forEach((off) => off())
    if (ownsService) await sh.close()
    throw listenError(e as NodeJS.ErrnoException, host, opts.port ?? 0)
  }
  const port = (server.address() as AddressInfo).port
  policy.port = port
  const urlHost = host.includes(':') ? `[${host}]` : host
  const origin = `http://${urlHost}:${port}`

  let closed = false
  return {
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    origin,
    port,
    host,
    token,
    serviceHost: sh,
    async close() {
      if (closed) return
      closed = true
      offs.forEach((off) => off())
      for (const c of wss.clients) c.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
      if (ownsService) await sh.close()
    },
  }
}

type Body = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' }

/** Past the limit the rest of a body is still read and dropped (up to this much), so the 413 reaches the client instead
 *  of a reset: closing a socket with unread data sends RST, and the client may lose the answer with it. */
const DRAIN_LIMIT_BYTES = 64 * MAX_BODY_BYTES

/** Reads a request body up to MAX_BODY_BYTES; 'too-large' as soon as a Content-Length or the bytes read pass it. Never rejects. */
function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES
    if (over) resolve({ kind: 'too-large' })
    req.on('data', (c: Buffer) => {
      size += c.length
      if (over) { if (size > DRAIN_LIMIT_BYTES) req.socket.destroy(); return }
      if (size > MAX_BODY_BYTES) { over = true; chunks.length = 0; resolve({ kind: 'too-large' }); return }
      chunks.push(c)
    })
    req.on('end', () => resolve(over ? { kind: 'too-large' } : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }))
    req.on('error', () => resolve({ kind: 'aborted' }))
    req.on('close', () => resolve({ kind: 'aborted' })) // no-op once settled
  })
}
