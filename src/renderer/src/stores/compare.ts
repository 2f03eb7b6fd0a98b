// The compare selection: which runs the Compare view overlays, shared by the runs list and that view (a Pinia setup store).
import { defineStore } from 'pinia'
import { ref } from 'vue'

export const useCompareStore = defineStore('compare', () => {
  /** Selected run ids, in the order they were picked. */
  const ids = ref<number[]>([])
  /** Whether run `id` is selected. */
  const has = (id: number) => ids.value.includes(id)
  /** Adds run `id` to the selection, or takes it out. */
  function toggle(id: number): void {
    ids.value = has(id) ? ids.value.filter((x) => x !== id) : [...ids.value, id]
  }
  /** Empties the selection. */
  function clear(): void { ids.value = [] }
  /** Replaces the selection (the Compare view keeps it equal to its URL's `runs`), keeping first occurrences. */
  function set(next: readonly number[]): void {
    const uniq = [...new Set(next)]
    if (uniq.length !== ids.value.length || uniq.some((x, i) => x !== ids.value[i])) ids.value = uniq
  }
  /** Adds (`on`) or takes out every run of `list` at once: "select all shown" over thousands of rows is one update. */
  function select(list: readonly number[], on: boolean): void {
    if (on) {
      const have = new Set(ids.value)
      ids.value = [...ids.value, ...list.filter((x) => !have.has(x))]
    } else {
      const drop = new Set(list)
      ids.value = ids.value.filter((x) => !drop.has(x))
    }
  }
  return { ids, has, toggle, clear, set, select }
})
