// Layer checks on resolved paths (`npm run lint`): core ← store ← runner ← api ← hosts, hosts apart, packages at home.
// The shape of STYLE.md's sketch; test/lint.test.ts proves each rule fires on a wrong-way fixture tree.
const LAYERS = ['core', 'store', 'runner', 'api']
const HOSTS = ['main', 'preload', 'renderer', 'server', 'cli']
// What a host may import of src besides its own folder: the layers, and src/shared (pure helpers no host owns).
const BELOW_HOSTS = [...LAYERS, 'shared']
// Another host's entry point, the one door into it: `li2 serve` starts the headless host through startServer.
const HOST_ENTRIES = ['^src/server/index\\.ts$']
const any = (names) => `(${names.join('|')})`
// A package as dependency-cruiser sees it: resolved into node_modules (its own or its @types), or the bare name.
const pkg = (names) => `^${any(names)}$|(^|/)node_modules/(@types/)?${any(names)}/`

/** Rule: files under `^src/<homes>/` alone may import these packages (type-only imports count). */
function packageHome(name, packages, homes, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: '^src/', pathNot: `^src/${any(homes)}/` },
    to: { path: pkg(packages) },
  }
}

module.exports = {
  forbidden: [
    // a layer may import only itself and the layers before it (core: nothing of src but core)
    ...LAYERS.map((layer, i) => ({
      name: `${layer}-imports-only-below`,
      comment: `src/${layer} may import only ${LAYERS.slice(0, i + 1).join(', ')} of src`,
      severity: 'error',
      from: { path: `^src/${layer}/` },
      to: { path: '^src/', pathNot: `^src/${any(LAYERS.slice(0, i + 1))}/` },
    })),
    {
      name: 'shared-imports-only-core',
      comment: 'src/shared holds pure helpers several hosts use; it may import only core (and itself)',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/(core|shared)/' },
    },
    {
      name: 'hosts-keep-out-of-each-other',
      comment: `a host may reach another host only through its entry point (${HOST_ENTRIES.join(', ')})`,
      severity: 'error',
      from: { path: `^src/${any(HOSTS)}/` },
      to: { path: `^src/${any(HOSTS)}/`, pathNot: ['^src/$1/', ...HOST_ENTRIES] },
    },
    {
      name: 'hosts-import-only-known-folders',
      comment: `a host may import its own folder, another host's entry, and ${BELOW_HOSTS.join(', ')}; nothing else of src`,
      severity: 'error',
      from: { path: `^src/${any(HOSTS)}/` },
      to: { path: '^src/', pathNot: [`^src/${any([...BELOW_HOSTS, ...HOSTS])}/`] },
    },
    {
      name: 'renderer-sees-only-the-contract',
      comment: 'the renderer is a web app: of src it imports only src/api/contract.ts and its own files',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^src/', pathNot: '^src/(renderer/|api/contract\\.ts$)' },
    },
    {
      name: 'imports-resolve',
      comment: 'an import the checks cannot resolve (an alias missing from tsconfig.json paths, a typo) would pass every rule unseen',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    packageHome('electron-only-in-main-preload', ['electron'], ['main', 'preload'], 'Electron runs only in the main process and its preload'),
    packageHome('sqlite-only-in-store', ['better-sqlite3'], ['store'], 'every SQL string and the driver live in src/store'),
    packageHome('worker-threads-only-in-runner', ['node:worker_threads', 'worker_threads'], ['runner'], 'worker threads are the runner\'s business'),
    packageHome('ui-packages-only-in-renderer', ['vue', 'vue-router', 'pinia'], ['renderer'], 'the Vue UI stack belongs to the renderer'),
    packageHome('echarts-in-renderer-and-figures', ['echarts'], ['renderer', 'api/figures'], 'charts are drawn by the renderer, and headless by the figure renderer (ECharts SSR)'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` counts: a type from the wrong layer is still a wrong-way dependency
    tsPreCompilationDeps: true,
    // aliases (compilerOptions.paths / baseUrl) resolve the way tsc resolves them
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.vue', '.mjs', '.js', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
}
