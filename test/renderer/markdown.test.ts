// Run notes as markdown: raw HTML in a note never renders (markdown-it escapes it; DOMPurify sanitizes in the page,
// which test/e2e/runView.test.ts checks in Chromium); without a DOM the note comes back as escaped text.
import { describe, expect, it } from 'vitest'
import { escapeHtml, markdownToHtml, renderNotes } from '../../src/renderer/src/utils/markdown'

const EVIL = 'Grokked at **120**.\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[x](javascript:alert(3))'

describe('notes markdown', () => {
  it('renders markdown, and escapes raw tags so no <script> or onerror= attribute survives', () => {
    const html = markdownToHtml(EVIL)
    expect(html).toContain('<strong>120</strong>')
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<img[^>]*onerror/i)
    expect(html).not.toContain('href="javascript:')
  })
  it('without a DOM for DOMPurify, the note is escaped plain text', () => {
    const out = renderNotes(EVIL)
    expect(out).not.toMatch(/<script/i)
    expect(out).not.toMatch(/<img/i)
    expect(escapeHtml('<a onerror="x">')).toBe('&lt;a onerror=&quot;x&quot;&gt;')
  })
})
