/** The `li2` commands: one module per command, the overview, and `li2 CMD --help` (or `li2 help CMD`) for each. */
import { energyCommand, ENERGY_USAGE } from './commands/energy'
import { deleteCommand, DELETE_USAGE, exportCommand, EXPORT_USAGE, runsCommand, RUNS_USAGE, showCommand, SHOW_USAGE } from './commands/runs'
import { featuresCommand, groupsCommand } from './commands/groups'
import { theoryCommand, THEORY_USAGE } from './commands/theory'
import { restoreCommand, RESTORE_USAGE, trashCommand, TRASH_USAGE } from './commands/trash'
import { resumeCommand, RESUME_USAGE, trainCommand } from './commands/train'
import { trainHelp } from './knobs'

type Command = (argv: string[]) => Promise<number>

interface Entry {
  run: Command | (() => Promise<Command>)
  /** One line for `li2 --help`. */
  line: string
  /** The command's usage text; absent where the command prints its own (serve). */
  usage?: () => string | Promise<string>
}

// groups.ts and features are another module's; their usage lives here with the dispatch
const GROUPS_USAGE = 'usage: li2 groups [--order N] [--max-degree D] [--abelian | --non-abelian] [--json]\n' +
  '       li2 groups show NAME | --table FILE.json|FILE.csv [--json]\n\n' +
  'The group catalog (cyclic, products, named and GAP SmallGroups up to order 128) with irrep degrees; `show` adds\n' +
  'class sizes and Frobenius–Schur indicators (1 real, 0 complex, −1 quaternionic) of one group or an imported Cayley table.\n'
const FEATURES_USAGE = 'usage: li2 features RUN [--epoch E] [--json] [--db PATH]\n\n' +
  'Which irreducible representation each hidden node learned, at a stored checkpoint (default: the latest):\n' +
  'per irrep the pure nodes (purity ≥ threshold), the nodes it dominates and its share of the power.\n'

/** Every command: its runner, its line in the overview and its usage. */
export const COMMANDS: Record<string, Entry> = {
  train: { run: trainCommand, line: "train one run (li2 train --help for the knobs); with no flags: the paper's Fig. 3 top row", usage: trainHelp },
  resume: { run: resumeCommand, line: 'continue an interrupted or cancelled run from its last resume state: li2 resume RUN', usage: () => RESUME_USAGE },
  runs: { run: runsCommand, line: 'list stored runs', usage: () => RUNS_USAGE },
  show: { run: showCommand, line: 'one run: status, knobs, final metrics, stages, checkpoints', usage: () => SHOW_USAGE },
  export: { run: exportCommand, line: 'metrics as CSV/JSON, or a checkpoint\'s weights as .npz: li2 export RUN [--weights [--epoch E]]', usage: () => EXPORT_USAGE },
  delete: { run: deleteCommand, line: 'move a run to the trash (li2 restore RUN brings it back): li2 delete RUN', usage: () => DELETE_USAGE },
  restore: { run: restoreCommand, line: 'take a run out of the trash: li2 restore RUN', usage: () => RESTORE_USAGE },
  trash: { run: trashCommand, line: 'list the trash, or delete it for good: li2 trash [--empty --yes]', usage: () => TRASH_USAGE },
  groups: { run: groupsCommand, line: 'list the group catalog, or li2 groups show NAME | --table FILE', usage: () => GROUPS_USAGE },
  features: { run: featuresCommand, line: 'per-node irrep spectra of a run: li2 features RUN [--epoch E]', usage: () => FEATURES_USAGE },
  energy: { run: energyCommand, line: 'local maxima of the energy E(w): li2 energy --group G --train-frac p', usage: () => ENERGY_USAGE },
  theory: { run: theoryCommand, line: 'Lemma 1 and Theorem 6 on a stored checkpoint: li2 theory RUN [--epoch E]', usage: () => THEORY_USAGE },
  serve: { run: async () => (await import('./commands/serve')).serveCommand, line: 'serve the lab to a browser: li2 serve [--port P]' },
  sweep: {
    run: async () => (await import('./commands/sweep')).sweepCommand, line: 'li2 sweep run SPEC.json | --preset NAME [--executor slurm]; li2 sweep status|collect|retry|cancel',
    usage: async () => (await import('./commands/sweep')).SWEEP_USAGE,
  },
  figure: {
    run: async () => (await import('./commands/figure')).figureCommand, line: 'publication figures: li2 figure PRESET --venue NAME [--runs …|--sweep S|--run-missing]; --list',
    usage: async () => (await import('./commands/figure')).FIGURE_USAGE,
  },
  db: {
    run: async () => (await import('./commands/db')).dbCommand, line: 'the store: li2 db backup PATH (online, safe while runs write); li2 db check',
    usage: async () => (await import('./commands/db')).DB_USAGE,
  },
  notebook: {
    run: async () => (await import('./commands/notebook')).notebookCommand, line: 'the lab notebook: li2 notebook [list | search WORDS | show ID | export ID --out FILE.html]',
    usage: async () => (await import('./commands/notebook')).NOTEBOOK_USAGE,
  },
  phase: {
    run: async () => (await import('./commands/phase')).phaseCommand, line: 'phase diagram of a sweep: li2 phase SWEEP [--json]',
    usage: async () => (await import('./commands/phase')).PHASE_USAGE,
  },
}

/** Commands whose module loads on first use (their `run` returns the command). */
export const LAZY = new Set(['serve', 'sweep', 'phase', 'figure', 'db', 'notebook'])

function help(): string {
  return 'usage: li2 COMMAND [options]   (li2 COMMAND --help for one command)\n\n' +
    Object.entries(COMMANDS).map(([n, e]) => `  ${n.padEnd(9)} ${e.line}`).join('\n') + '\n'
}

/** Whether argv asks for help (before any `--` that ends the options). */
function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--')
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h')
}

/** Runs `li2 argv…` in this process; returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  let [name, ...rest] = argv
  if (name === 'help' && rest[0] && COMMANDS[rest[0]]) { name = rest[0]; rest = ['--help'] }
  if (!name || name === '--help' || name === '-h' || name === 'help') { process.stdout.write(help()); return name ? 0 : 2 }
  const entry = COMMANDS[name]
  if (!entry) { process.stderr.write(`li2: unknown command ${JSON.stringify(name)}\n${help()}`); return 2 }
  if (entry.usage && wantsHelp(rest)) { process.stdout.write(await entry.usage()); return 0 }
  const cmd = LAZY.has(name) ? await (entry.run as () => Promise<Command>)() : (entry.run as Command)
  return cmd(rest)
}
