// Run notes as markdown: markdown-it with raw HTML off, then DOMPurify on its output, so nothing a note holds (or a
// markdown-it bug lets through) reaches the page as live HTML. Where DOMPurify has no DOM to work in, the text is escaped.
import MarkdownIt from 'markdown-it'
import DOMPurify from 'dompurify'

// html: false escapes raw tags in the source; linkify turns bare URLs into links; markdown-it refuses javascript: links
const md = new MarkdownIt({ html: false, linkify: true, breaks: true })

/** `s` with &, <, >, " and ' escaped. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** The markdown-it rendering of `src` before sanitizing (exported for the test of the first layer). */
export function markdownToHtml(src: string): string {
  return md.render(src)
}

/** Safe HTML for a note: rendered markdown, sanitized by DOMPurify; escaped plain text where no DOM is available. */
export function renderNotes(src: string): string {
  if (!DOMPurify.isSupported) return `<pre>${escapeHtml(src)}</pre>`
  return DOMPurify.sanitize(markdownToHtml(src), { USE_PROFILES: { html: true } })
}
