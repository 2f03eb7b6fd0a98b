// useRunForm: the start-run form's values (flag names as keys), its defaults, and every field's error from the service at once.
import { reactive, ref } from 'vue'
import { ApiError, type GroupEntry } from '../../../api/contract'
import { ruleOf } from '../api/client'
import { useService } from './service'

/** The form's fields, by `li2 train` flag name, in display order. */
export const FORM_FIELDS = ['group', 'hidden', 'train-frac', 'optim', 'wd', 'lr', 'epochs', 'seed'] as const
export type FormField = (typeof FORM_FIELDS)[number]
export const OPTIMIZERS = ['adam', 'adamw', 'sgd', 'muon'] as const

const camelToFlag = (k: string) => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())

/** Form values, field errors, a general error, the group catalog, and submit(). */
export function useRunForm() {
  const { service } = useService()
  const values = reactive<Record<FormField, string>>({ group: '', hidden: '', 'train-frac': '', optim: 'adam', wd: '', lr: '', epochs: '', seed: '' })
  const errors = reactive<Partial<Record<string, string>>>({})
  const formError = ref<string | null>(null)
  const groups = ref<GroupEntry[]>([])
  const submitting = ref(false)

  async function loadDefaults(): Promise<void> {
    const d = await service.defaults({})
    for (const [k, v] of Object.entries(d)) {
      const f = camelToFlag(k) as FormField
      if ((FORM_FIELDS as readonly string[]).includes(f) && v !== null && v !== undefined) values[f] = String(v)
    }
    groups.value = await service.listGroups({ maxDegree: 3 }).catch(() => [])
  }

  function clearErrors(): void {
    for (const k of Object.keys(errors)) delete errors[k]
    formError.value = null
  }

  /** The config sent to startRun: numbers where the field is numeric, empty fields left to the defaults. */
  function config(): Record<string, string | number> {
    const out: Record<string, string | number> = {}
    for (const f of FORM_FIELDS) {
      const raw = values[f].trim()
      if (raw === '') continue
      out[f] = f === 'group' || f === 'optim' ? raw : Number.isFinite(Number(raw)) ? Number(raw) : raw
    }
    return out
  }

  /** Starts the run; returns its id, or null with the error placed beside its field. */
  async function submit(): Promise<number | null> {
    clearErrors()
    submitting.value = true
    try {
      const { id } = await service.startRun({ config: config() })
      return id
    } catch (e) {
      // every broken field at once (the service lists them in `fields`), each beside its input; others above the buttons
      const field = e instanceof ApiError ? e.field : undefined
      const all = e instanceof ApiError && e.fields?.length ? e.fields : [{ field, message: ruleOf((e as Error).message, field) }]
      const elsewhere: string[] = []
      for (const f of all) {
        if (f.field && (FORM_FIELDS as readonly string[]).includes(f.field)) errors[f.field] = f.message
        else elsewhere.push(f.field ? `${f.field}: ${f.message}` : f.message)
      }
      formError.value = elsewhere.length ? elsewhere.join('; ') : null
      return null
    } finally {
      submitting.value = false
    }
  }
  return { values, errors, formError, groups, submitting, loadDefaults, submit, clearErrors }
}
