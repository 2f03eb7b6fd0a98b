// The contract's choice lists are written once there (the renderer may import nothing else); they must equal core's and the store's.
import { describe, expect, it } from 'vitest'
import { ACTIVATIONS, BACKENDS, LOSSES, OPTIMIZERS, RUN_STATUSES, SWEEP_PRESETS, toApiError, toErrorBody } from '../../src/api/contract'
import { PRESET_NAMES } from '../../src/runner/presets'
import * as config from '../../src/core/config'
import { ValidationError } from '../../src/core/errors'
import { ENERGY_ACTIVATIONS } from '../../src/core/theory/activation'
import { RUN_STATUSES as STORED } from '../../src/store'

describe('contract lists', () => {
  it('equal the lists core and the store check against', () => {
    expect([...RUN_STATUSES]).toEqual([...STORED])
    expect([...OPTIMIZERS]).toEqual([...config.OPTIMIZERS])
    expect([...ACTIVATIONS]).toEqual([...config.ACTIVATIONS])
    expect([...ACTIVATIONS]).toEqual([...ENERGY_ACTIVATIONS])
    expect([...LOSSES]).toEqual([...config.LOSSES])
    expect([...SWEEP_PRESETS]).toEqual([...PRESET_NAMES])
    expect([...BACKENDS]).toEqual([...config.BACKENDS])
  })
})

describe('toApiError', () => {
  it('is the one mapping: toErrorBody is its JSON', () => {
    for (const e of [new ValidationError('lr', 'must be > 0'), new Error('boom'), Object.assign(new Error('gone'), { code: 'not_found', field: 'id' }), 'text']) {
      expect(toErrorBody(e)).toEqual(toApiError(e).toJSON())
    }
    expect(toApiError(new ValidationError('lr', 'must be > 0'))).toMatchObject({ code: 'invalid', field: 'lr', message: 'lr: must be > 0' })
    expect(toErrorBody(Object.assign(new Error('gone'), { code: 'not_found', field: 'id' }))).toEqual({ code: 'not_found', message: 'gone', field: 'id' })
  })
})

describe('MAX_SEED', () => {
  it('is core\'s seed limit', async () => {
    const { MAX_SEED } = await import('../../src/api/contract')
    const { LIMITS } = await import('../../src/core/limits')
    expect(MAX_SEED).toBe(LIMITS.maxSeed)
  })
})

describe('CONFIG_FLAGS and TABLE_PREFIX', () => {
  it('are core\'s config flags and the runner\'s table prefix', async () => {
    const { CONFIG_FLAGS, TABLE_PREFIX } = await import('../../src/api/contract')
    const { TABLE_PREFIX: RUNNER_PREFIX } = await import('../../src/runner/tableGroup')
    expect([...CONFIG_FLAGS]).toEqual(Object.keys(config.DEFAULT_CONFIG).map((k) => config.flagName(k as config.ConfigKey)))
    expect(TABLE_PREFIX).toBe(RUNNER_PREFIX)
  })
})
