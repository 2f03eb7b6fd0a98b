#!/usr/bin/env node
// The `li2` command: registers tsx's loader and runs the CLI host from source.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
