// The notebook's text helpers: snippets split at the store's match marks (shown as text in <mark>, never HTML), and
// entry bodies split into markdown and ```li2 embeds, a broken block kept with its reason.
import { describe, expect, it } from 'vitest'
import { embedBlock, embeddedRunIds, NOTE_MARK, parseEntryBody } from '../../src/api/contract'
import { snippetPieces } from '../../src/renderer/src/utils/snippet'

const { open: o, close: c } = NOTE_MARK

describe('snippetPieces', () => {
  it('marks each match and keeps the text between, markup included as text', () => {
    expect(snippetPieces(`…the ${o}jump${c} at <b>220</b> and ${o}jumps${c}`)).toEqual([
      { text: '…the ', hit: false }, { text: 'jump', hit: true }, { text: ' at <b>220</b> and ', hit: false }, { text: 'jumps', hit: true },
    ])
    expect(snippetPieces('no match here')).toEqual([{ text: 'no match here', hit: false }])
    expect(snippetPieces(`## Run 1 ${o}jumps${c} late. \`\`\`li2 {"kind":"run-chart","run":1} \`\`\` then the…`)).toEqual([
      { text: 'Run 1 ', hit: false }, { text: 'jumps', hit: true }, { text: ' late. [embed] then the…', hit: false },
    ])
    expect(snippetPieces('accuracy. ```li2 {"kind":"ph…')).toEqual([{ text: 'accuracy. [embed] ', hit: false }]) // a JSON cut off by the window goes whole
  })
})

describe('parseEntryBody', () => {
  it('splits text and embeds in order, and lists the runs they name', () => {
    const body = `intro\n${embedBlock({ kind: 'run-chart', run: 4, chart: 'loss' })}\nmiddle\n${embedBlock({ kind: 'compare', runs: [7, 4] })}`
    expect(parseEntryBody(body)).toEqual([
      { text: 'intro' }, { embed: { kind: 'run-chart', run: 4, chart: 'loss' }, raw: '{"kind":"run-chart","run":4,"chart":"loss"}' },
      { text: 'middle' }, { embed: { kind: 'compare', runs: [7, 4] }, raw: '{"kind":"compare","runs":[7,4]}' },
    ])
    expect(embeddedRunIds(body)).toEqual([4, 7])
  })
  it('keeps a broken block with its reason instead of dropping it', () => {
    const [p] = parseEntryBody('```li2\n{"kind":"chart"}\n```')
    expect(p).toEqual({ embed: null, raw: '{"kind":"chart"}', error: 'kind must be one of run-chart, compare, phase, census, features, figure' })
    expect(parseEntryBody('```li2\n{oops\n```')[0]).toMatchObject({ embed: null, error: expect.stringMatching(/^not JSON/) })
    expect(parseEntryBody('```js\nx\n```')).toEqual([{ text: '```js\nx\n```' }]) // other fences are markdown
  })
})
