import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // tfjs wasm keeps a module-global backend; forks isolate it per file and let tests kill child processes safely
    pool: 'forks',
    maxWorkers: 2,
  },
})
