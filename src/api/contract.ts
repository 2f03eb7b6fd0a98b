/** The one typed service contract every host speaks (Electron IPC, HTTP/WebSocket, CLI): methods, their argument
 *  schemas, events and errors. Pure TypeScript: the renderer imports this file and nothing else from src/. */

export type RunStatus = 'queued' | 'running' | 'finished' | 'diverged' | 'interrupted' | 'cancelled' | 'failed'

/** Start-run form input: the `li2 train` flag names as keys (e.g. "train-frac"), values as numbers or strings. */
export type RunInput = Record<string, string | number | null>

export interface StageMarks { I: number | null; II: number | null; III: number | null; rule: string }

export interface RunSummary {
  id: number
  status: RunStatus
  group: string
  hidden: number
  optim: string
  lr: number
  wd: number
  seed: number
  trainFrac: number | null
  epochsDone: number
  totalEpochs: number
  backend: string | null
  createdAt: number
  finishedAt: number | null
  msPerStep: number | null
  final: { train_acc: number; test_acc: number; train_loss: number; test_loss: number } | null
  sweepId: number | null
}

export interface RunDetail extends RunSummary {
  config: Record<string, unknown>
  backendVersion: string | null
  stages: StageMarks | null
  summary: Record<string, unknown> | null
  notes: string
  error: string | null
  checkpoints: number[]
}

/** Column-wise metrics for plotting: each key is an array aligned with `epoch`. */
export type MetricSeries = Record<string, (number | null)[]> & { epoch: number[] }

export interface RunProgress {
  runId: number
  epoch: number
  totalEpochs: number
  train_loss: number
  train_acc: number
  /** The latest evaluated test accuracy (every eval-every epochs), measured at epoch test_epoch. */
  test_acc: number | null
  test_epoch?: number | null
  msPerStep: number
}

export interface RunFinished {
  runId: number
  status: RunStatus
}

/** Events pushed by the service (WebSocket on the headless host, IPC on Electron). */
export interface ServiceEvents {
  onRunProgress: RunProgress
  onRunFinished: RunFinished
}
export type EventName = keyof ServiceEvents

export interface GroupEntry {
  name: string
  order: number
  description: string
  abelian: boolean
  irrepDegrees?: number[]
  smallgroupId?: [number, number]
}

/** The service: every method takes one JSON object and returns a JSON-serialisable value. */
export interface Li2Service {
  listRuns(args: { status?: RunStatus; sweepId?: number; limit?: number }): Promise<RunSummary[]>
  getRun(args: { id: number }): Promise<RunDetail>
  getMetrics(args: { id: number; columns?: string[]; every?: number; from?: number }): Promise<MetricSeries>
  startRun(args: { config: RunInput }): Promise<{ id: number }>
  cancelRun(args: { id: number }): Promise<{ ok: true }>
  resumeRun(args: { id: number }): Promise<{ id: number }>
  deleteRun(args: { id: number }): Promise<{ ok: true }>
  setNotes(args: { id: number; notes: string }): Promise<{ ok: true }>
  getFeatures(args: { id: number; epoch?: number }): Promise<unknown>
  listGroups(args: { order?: number; maxDegree?: number; abelian?: boolean }): Promise<GroupEntry[]>
  defaults(args: Record<string, never>): Promise<Record<string, unknown>>
}
export type MethodName = keyof Li2Service

/** A failed call, as every host reports it: `field` names the argument (or config flag) that broke `message`'s rule. */
export interface ApiErrorBody {
  code: 'invalid' | 'not_found' | 'internal' | 'forbidden'
  message: string
  field?: string
  /** Every field that broke its rule, when a call checks several at once (startRun's config): forms mark them all. */
  fields?: FieldError[]
}

/** One field and the rule it broke (the message has no "field: " prefix). */
export interface FieldError { field: string; message: string }

export class ApiError extends Error {
  constructor(readonly code: ApiErrorBody['code'], message: string, readonly field?: string, readonly fields?: FieldError[]) {
    super(field ? `${field}: ${message}` : message)
    this.name = 'ApiError'
  }
  toJSON(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...(this.fields?.length ? { fields: this.fields } : {}) }
  }
}

// ---- argument schemas: a deliberately small checker, enough to refuse malformed IPC/HTTP input by name ----

type FieldType = 'int' | 'number' | 'string' | 'boolean' | 'object' | 'string[]'
interface FieldRule { type: FieldType; required?: boolean; min?: number; max?: number; oneOf?: readonly string[] }
export type ArgSchema = Record<string, FieldRule>

const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'finished', 'diverged', 'interrupted', 'cancelled', 'failed']
const id: FieldRule = { type: 'int', required: true, min: 1 }

export const SCHEMAS: Record<MethodName, ArgSchema> = {
  listRuns: { status: { type: 'string', oneOf: RUN_STATUSES }, sweepId: { type: 'int', min: 1 }, limit: { type: 'int', min: 1, max: 100000 } },
  getRun: { id },
  getMetrics: { id, columns: { type: 'string[]' }, every: { type: 'int', min: 1 }, from: { type: 'int', min: 0 } },
  startRun: { config: { type: 'object', required: true } },
  cancelRun: { id },
  resumeRun: { id },
  deleteRun: { id },
  setNotes: { id, notes: { type: 'string', required: true, max: 100000 } },
  getFeatures: { id, epoch: { type: 'int', min: 0 } },
  listGroups: { order: { type: 'int', min: 1 }, maxDegree: { type: 'int', min: 1 }, abelian: { type: 'boolean' } },
  defaults: {},
}

export const METHODS = Object.keys(SCHEMAS) as MethodName[]

/** Checks a call's method name and argument object; throws ApiError('invalid') naming the field and the rule. */
export function validateCall(method: unknown, args: unknown): { method: MethodName; args: Record<string, unknown> } {
  if (typeof method !== 'string' || !(METHODS as string[]).includes(method)) throw new ApiError('invalid', `unknown method (known: ${METHODS.join(', ')})`, 'method')
  const a = args === undefined ? {} : args
  if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new ApiError('invalid', 'arguments must be one JSON object', 'args')
  const schema = SCHEMAS[method as MethodName]
  const obj = a as Record<string, unknown>
  for (const key of Object.keys(obj)) if (!Object.hasOwn(schema, key)) throw new ApiError('invalid', `unknown argument (allowed: ${Object.keys(schema).join(', ') || 'none'})`, key)
  for (const [key, rule] of Object.entries(schema)) {
    const v = obj[key]
    if (v === undefined || v === null) { if (rule.required) throw new ApiError('invalid', 'is required', key); continue }
    checkField(key, v, rule)
  }
  return { method: method as MethodName, args: obj }
}

function checkField(key: string, v: unknown, r: FieldRule): void {
  const bad = (rule: string) => { throw new ApiError('invalid', rule, key) }
  switch (r.type) {
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) bad('must be an integer')
      break
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) bad('must be a finite number')
      break
    case 'string':
      if (typeof v !== 'string') bad('must be a string')
      if (r.oneOf && !r.oneOf.includes(v as string)) bad(`must be one of ${r.oneOf.join(', ')}`)
      if (r.max !== undefined && (v as string).length > r.max) bad(`must be at most ${r.max} characters`)
      return
    case 'boolean':
      if (typeof v !== 'boolean') bad('must be true or false')
      return
    case 'object':
      if (typeof v !== 'object' || Array.isArray(v)) bad('must be an object')
      return
    case 'string[]':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) bad('must be a list of strings')
      return
  }
  if (r.min !== undefined && (v as number) < r.min) bad(`must be ≥ ${r.min}`)
  if (r.max !== undefined && (v as number) > r.max) bad(`must be ≤ ${r.max}`)
}

/** Turns anything a service throws into the wire error: ApiError as-is, a core ValidationError as 'invalid' with its field. */
export function toErrorBody(e: unknown): ApiErrorBody {
  if (e instanceof ApiError) return e.toJSON()
  const err = e as { name?: string; field?: unknown; rule?: unknown; message?: unknown; code?: unknown }
  if (err && err.name === 'ValidationError' && typeof err.field === 'string') {
    return new ApiError('invalid', String(err.rule ?? err.message), err.field).toJSON() // same "field: rule" message as ApiError
  }
  if (err && typeof err.code === 'string' && ['invalid', 'not_found', 'forbidden', 'internal'].includes(err.code) && typeof err.message === 'string') {
    return { code: err.code as ApiErrorBody['code'], message: err.message, ...(typeof err.field === 'string' ? { field: err.field } : {}) }
  }
  return { code: 'internal', message: err && typeof err.message === 'string' ? err.message : String(e) }
}
