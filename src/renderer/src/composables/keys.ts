// Keyboard shortcuts: a window keydown listener for as long as a component lives, that ignores keys typed into a field
// (as GitHub's and Gmail's single-key shortcuts do), and the global Esc that leaves a run or Compare for the runs list.
import { onBeforeUnmount, onMounted } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/** Whether the key went to something that takes text or choices (a text input, textarea, select or editable element);
 *  a ticked checkbox keeps focus after the click, and `c` right after ticking two rows should still mean Compare. */
export function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null
  if (!el || typeof el.tagName !== 'string') return false
  if (el.tagName === 'INPUT') return !/^(checkbox|radio|button|submit|reset)$/.test((el as HTMLInputElement).type)
  return /^(TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable
}

/** Calls `handle` for each keydown outside fields (no Ctrl/Meta/Alt chords, none already handled) while mounted. */
export function useShortcuts(handle: (e: KeyboardEvent) => void): void {
  const listener = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return
    handle(e)
  }
  onMounted(() => window.addEventListener('keydown', listener))
  onBeforeUnmount(() => window.removeEventListener('keydown', listener))
}

/** Routes that Esc leaves for the runs list. */
const ESC_BACK = new Set(['run', 'compare'])

/** Esc on a run or on Compare goes back to the runs list: by history when the list is the page before (it keeps the
 *  list's filters and sort), else to #/runs. */
export function useEscBack(): void {
  const route = useRoute()
  const router = useRouter()
  useShortcuts((e) => {
    if (e.key !== 'Escape' || !ESC_BACK.has(String(route.name))) return
    e.preventDefault()
    const back = (window.history.state as { back?: unknown } | null)?.back
    if (typeof back === 'string' && /^\/runs(\?|$)/.test(back)) router.back()
    else void router.push({ name: 'runs' })
  })
}
