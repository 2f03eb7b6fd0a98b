/** The `li2` entry point: runs the command (src/cli/dispatch.ts) and sets the exit code. */
import { runCli } from './dispatch'

// `li2 groups | head`: the reader closed the pipe; stop quietly instead of dying with an EPIPE stack trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw e
  })
}

process.exitCode = await runCli(process.argv.slice(2))
