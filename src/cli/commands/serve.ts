/** `li2 serve`: the lab in a browser (the headless host), loopback and token-guarded, until Ctrl-C / SIGTERM. */
import path from 'node:path'
import { buildRendererAsync, electronViteBin, rendererIsFresh } from '../../../scripts/rendererBuild.mjs'
import { ApiError } from '../../api/contract'
import { DEFAULT_STATIC_DIR, isLoopback, startServer, type RunningServer } from '../../server'
import { intFlag, parseFlags, reportError } from '../args'

const USAGE = 'usage: li2 serve [--port P] [--host H] [--allow-remote] [--db PATH] [--workers N]'
/** The port tried first when none is given; a busy one falls back to any free port. */
export const DEFAULT_PORT = 7471

/** The checkout whose out/renderer the server serves (DEFAULT_STATIC_DIR is <root>/out/renderer). */
const ROOT = path.resolve(DEFAULT_STATIC_DIR, '..', '..')

/** Builds the lab UI when out/renderer is missing or older than its sources, as `npm start` did before serving. The
 *  build runs in a child process, so the server (already listening) keeps answering; it reads the page per request, so
 *  the new build shows on the next reload. A failed build is reported, not fatal: the API still works. */
export async function prepareRenderer(root: string, say: (line: string) => void): Promise<'fresh' | 'built' | 'failed' | 'no-builder'> {
  if (rendererIsFresh(root)) return 'fresh'
  if (!electronViteBin(root)) {
    say('li2 serve: the lab UI is missing or older than its sources, and electron-vite is not installed here to build it; run `npm install` then `npm run build`.')
    return 'no-builder'
  }
  say('li2 serve: building the lab UI (electron-vite build; it is missing or older than its sources)…')
  try {
    await buildRendererAsync(root, { quiet: true })
    return 'built'
  } catch (e) {
    const tail = (e as Error).message.trim().split('\n').slice(-20).join('\n')
    say(`li2 serve: the lab UI could not be built; the API still works. Run \`npm run build\` to see why:\n${tail}`)
    return 'failed'
  }
}

/** Runs `li2 serve` with argv after the command name; resolves with the exit code once a signal stops the server. */
export async function serveCommand(argv: string[]): Promise<number> {
  let server: RunningServer
  try {
    const { values, positionals } = parseFlags(argv, {
      port: { type: 'string' }, host: { type: 'string' }, 'allow-remote': { type: 'boolean' },
      db: { type: 'string' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    }, true)
    if (values.help) { process.stdout.write(`${USAGE}\n`); return 0 }
    if (positionals.length) throw new ApiError('invalid', 'unexpected argument', positionals[0])
    const port = intFlag(values.port, 'port', { min: 0, max: 65535 })
    const host = (values.host as string | undefined) ?? '127.0.0.1'
    const allowRemote = !!values['allow-remote']
    if (!isLoopback(host) && !allowRemote) throw new ApiError('invalid', `${host} is reachable from other machines; add --allow-remote if you mean it`, 'host')
    const opts = { host, allowRemote, dbPath: values.db as string | undefined, workers: intFlag(values.workers, 'workers', { min: 1, max: 256 }) }
    try {
      server = await startServer({ ...opts, port: port ?? DEFAULT_PORT })
    } catch (e) {
      if (port !== undefined || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e
      server = await startServer({ ...opts, port: 0 })
    }
  } catch (e) {
    const code = reportError(e)
    if (code === 2) process.stderr.write(`${USAGE}\n`)
    return code
  }

  // signals are handled from here on, so a Ctrl-C during the build below still closes the server and the store
  let stopping = false
  const stopped = new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return
      stopping = true
      process.stderr.write(`\nli2 serve: ${signal}, stopping (running jobs are interrupted and can be resumed)…\n`)
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      server.close().then(() => resolve(0), (e) => { process.stderr.write(`li2 serve: ${(e as Error).message}\n`); resolve(1) })
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })

  await prepareRenderer(ROOT, (line) => process.stderr.write(`${line}\n`))
  if (stopping) return stopped
  if (!isLoopback(server.host)) {
    process.stderr.write(`li2 serve: WARNING: listening on ${server.host}, reachable from other machines; anyone with the URL (token included) can run and delete experiments.\n`)
  }
  process.stdout.write(`Li2 Lab is serving at\n\n  ${server.url}\n\nOpen that URL in a browser (the token changes every start). Ctrl-C stops the server.\n`)
  return stopped
}
