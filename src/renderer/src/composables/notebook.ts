// useNotebook: the notebook list (search, topic and tag filters, re-queried as they change), the open entry, and the
// writes (create, save, delete, HTML export); every write refreshes the list so search sees it at once.
import { ref, watch } from 'vue'
import type { NotebookEntry, NotebookHit } from '../../../api/contract'
import { downloadFile } from '../utils/download'
import { useService } from './service'

/** A new or edited entry before it is saved. */
export interface EntryDraft { id: number | null; title: string; topic: string; tags: string; body: string }

/** The notebook's list state and actions. */
export function useNotebook() {
  const { service } = useService()
  const q = ref('')
  const topic = ref('')
  const tag = ref('')
  const hits = ref<NotebookHit[]>([])
  const facets = ref<{ topics: { topic: string; entries: number }[]; tags: { tag: string; entries: number }[] }>({ topics: [], tags: [] })
  const error = ref<string | null>(null)
  let seq = 0
  async function refresh(): Promise<void> {
    const mine = ++seq // a slow answer to an older query must not replace a newer one
    try {
      const [h, f] = await Promise.all([
        service.listEntries({ ...(q.value.trim() ? { q: q.value } : {}), ...(topic.value ? { topic: topic.value } : {}), ...(tag.value ? { tag: tag.value } : {}) }),
        service.notebookFacets({}),
      ])
      if (mine !== seq) return
      hits.value = h
      facets.value = f
      error.value = null
    } catch (e) { error.value = (e as Error).message }
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  watch([q, topic, tag], () => { clearTimeout(timer); timer = setTimeout(() => { void refresh() }, 150) })
  void refresh()

  /** Saves a draft (creating it when new); returns the stored entry. */
  async function save(d: EntryDraft): Promise<NotebookEntry> {
    const fields = { title: d.title, topic: d.topic, body: d.body, tags: d.tags.split(',').map((t) => t.trim()).filter(Boolean) }
    const e = d.id === null ? await service.createEntry(fields) : await service.updateEntry({ id: d.id, ...fields })
    await refresh()
    return e
  }
  async function remove(id: number): Promise<void> {
    await service.deleteEntry({ id })
    await refresh()
  }
  /** Downloads entry `id` as one self-contained HTML file. */
  async function exportHtml(id: number): Promise<void> {
    const { name, html } = await service.exportEntry({ id })
    downloadFile(name, new Blob([html], { type: 'text/html' }))
  }
  return { q, topic, tag, hits, facets, error, refresh, save, remove, exportHtml, getEntry: (id: number) => service.getEntry({ id }) }
}
