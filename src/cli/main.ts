/** The `li2` command: dispatches to one module per command. */
import { energyCommand } from './commands/energy'
import { exportCommand, runsCommand, showCommand } from './commands/runs'
import { featuresCommand, groupsCommand } from './commands/groups'
import { theoryCommand } from './commands/theory'
import { resumeCommand, trainCommand } from './commands/train'

type Command = (argv: string[]) => Promise<number>

const COMMANDS: Record<string, [Command | (() => Promise<Command>), string]> = {
  train: [trainCommand, 'train one run (li2 train --help for the knobs); with no flags: the paper\'s Fig. 3 top row'],
  resume: [resumeCommand, 'continue an interrupted run from its last checkpoint: li2 resume RUN'],
  runs: [runsCommand, 'list stored runs'],
  show: [showCommand, 'one run: config, status, stages, final metrics'],
  export: [exportCommand, 'li2 export RUN --format csv|json [--out FILE]'],
  groups: [groupsCommand, 'list the group catalog, or li2 groups show NAME | --table FILE'],
  features: [featuresCommand, 'per-node irrep spectra of a run: li2 features RUN [--epoch E]'],
  energy: [energyCommand, 'local maxima of the energy E(w): li2 energy --group G --train-frac p'],
  theory: [theoryCommand, 'lazy-stage and interaction theory on a stored checkpoint: li2 theory RUN --epoch E'],
  serve: [async () => (await import('./commands/serve')).serveCommand, 'serve the lab to a browser: li2 serve [--port P]'],
  sweep: [async () => (await import('./commands/sweep')).sweepCommand, 'li2 sweep run SPEC.json | --preset NAME; li2 sweep status'],
  phase: [async () => (await import('./commands/phase')).phaseCommand, 'phase diagram of a sweep: li2 phase SWEEP [--json]'],
}

const LAZY = new Set(['serve', 'sweep', 'phase'])

function help(): string {
  return 'usage: li2 COMMAND [options]\n\n' + Object.entries(COMMANDS).map(([n, [, d]]) => `  ${n.padEnd(9)} ${d}`).join('\n') + '\n'
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') { process.stdout.write(help()); return name ? 0 : 2 }
  const entry = COMMANDS[name]
  if (!entry) { process.stderr.write(`li2: unknown command ${JSON.stringify(name)}\n${help()}`); return 2 }
  const cmd = LAZY.has(name) ? await (entry[0] as () => Promise<Command>)() : (entry[0] as Command)
  return cmd(rest)
}

process.exitCode = await main(process.argv.slice(2))
