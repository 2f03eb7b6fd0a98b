// Worker-thread bootstrap for Node hosts (CLI, server): registers tsx, then loads the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
await import('../src/runner/trainWorker.ts')
