/** Optimizer and learning-rate schedule factories for a config (reference §6). */
import type { TrainConfig } from '../config'
import { Adam } from './adam'
import { Muon } from './muon'
import type { Optimizer } from './optimizer'
import { Sgd } from './sgd'

export type { Optimizer, OptimizerState } from './optimizer'

/** The optimizer named by the config. */
export function makeOptimizer(cfg: Pick<TrainConfig, 'optim' | 'wd'>): Optimizer {
  switch (cfg.optim) {
    case 'adam': return new Adam(cfg.wd, false)
    case 'adamw': return new Adam(cfg.wd, true)
    case 'sgd': return new Sgd(cfg.wd)
    case 'muon': return new Muon(cfg.wd)
  }
}

/** Learning rate used by the step at 0-based epoch t (torch schedulers stepped once per epoch). */
export function learningRate(cfg: Pick<TrainConfig, 'lr' | 'lrSchedule' | 'lrDecayRate' | 'lrDecayStep' | 'lrMilestones' | 'epochs'>, t: number): number {
  const { lr, lrDecayRate: g } = cfg
  switch (cfg.lrSchedule) {
    case 'none': return lr
    case 'step': return lr * g ** Math.floor(t / cfg.lrDecayStep)
    case 'exponential': return lr * g ** t
    case 'cosine': return 0.5 * lr * (1 + Math.cos(Math.PI * Math.min(t, cfg.epochs) / cfg.epochs))
    case 'multistep': return lr * g ** cfg.lrMilestones.filter((m) => m <= t).length
  }
}
