/** From an ECharts option to publication files: SVG by ECharts' own server-side renderer (no browser, no window), PNG
 *  by resvg at a chosen DPI, PDF by pdfkit with the font embedded; every file carries how it was made (its provenance)
 *  in its own metadata, which `li2 figure --remake FILE` reads back. */
import { Resvg } from '@resvg/resvg-js'
import * as echarts from 'echarts'
import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'
import { crc32 } from 'node:zlib'
import { FONT_FAMILY, FONT_FILES, FONT_PT } from './style'
import { PT_PER_IN } from './venues'

/** How a figure was made: enough to make it again. */
export interface Provenance {
  preset: string
  runs?: number[]
  sweep?: string | null
  census?: number | null
  venue: string
  formats: string[]
  dpi: number
  scale?: string
  app: string
  version: string
  time: string
  [extra: string]: unknown
}

/** A figure's size in points. */
export interface Size { widthPt: number; heightPt: number }

const META_ID = 'li2-provenance'

/** The chart as SVG at `size` (1 user unit = 1 pt, so the file prints at its venue width), with the provenance inside. */
export function renderSvg(option: Record<string, unknown>, size: Size, provenance: Provenance): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.widthPt, height: size.heightPt })
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT_PT.tick }, ...option })
    return stampSvg(chart.renderToSVGString(), size, provenance)
  } finally {
    chart.dispose()
  }
}

/** An ECharts SVG (drawn here or by the renderer's SVG renderer, 1 px = 1 pt) given its physical size in points and
 *  the provenance as its own <metadata> (a CDATA block: JSON needs no escaping). */
export function stampSvg(svg: string, size: Size, provenance: Provenance): string {
  const w = size.widthPt
  const h = size.heightPt
  return svg
    .replace(/(<svg[^>]*?) width="[^"]*" height="[^"]*"/, `$1 width="${fmt(w)}pt" height="${fmt(h)}pt"`)
    .replace(/(<svg[^>]*?)( viewBox="[^"]*")?>/, `$1 viewBox="0 0 ${fmt(w)} ${fmt(h)}">`)
    .replace(/(<svg[^>]*>)/, `$1<metadata id="${META_ID}"><![CDATA[${JSON.stringify(provenance).replace(/]]>/g, ']]]]><![CDATA[>')}]]></metadata>`)
}

const fmt = (v: number) => String(Math.round(v * 100) / 100)

/** A PNG `widthIn × dpi` pixels wide, with its DPI (pHYs) and the provenance (tEXt) in the file. */
export function svgToPng(svg: string, widthIn: number, dpi: number, provenance: Provenance): Buffer {
  const r = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(widthIn * dpi) },
    font: { fontFiles: [FONT_FILES.regular, FONT_FILES.bold], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    background: '#ffffff',
  })
  const png = Buffer.from(r.render().asPng())
  const ppm = Math.round(dpi / 0.0254)
  const phys = Buffer.alloc(9)
  phys.writeUInt32BE(ppm, 0)
  phys.writeUInt32BE(ppm, 4)
  phys.writeUInt8(1, 8) // unit: metre
  return insertPngChunks(png, [chunk('pHYs', phys), chunk('tEXt', Buffer.from(`${META_ID}\0${JSON.stringify(provenance)}`, 'latin1'))])
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

// chunks go right after IHDR (8-byte signature + 25-byte IHDR chunk); a pHYs resvg wrote is dropped for ours
function insertPngChunks(png: Buffer, chunks: Buffer[]): Buffer {
  const parts: Buffer[] = [png.subarray(0, 33), ...chunks]
  let at = 33
  while (at < png.length) {
    const len = png.readUInt32BE(at)
    const type = png.toString('ascii', at + 4, at + 8)
    const end = at + 12 + len
    if (type !== 'pHYs') parts.push(png.subarray(at, end))
    at = end
  }
  return Buffer.concat(parts)
}

/** A one-page PDF of the SVG at its size in points, DejaVu Sans embedded (subset), provenance in the document info. */
export function svgToPdf(svg: string, size: Size, provenance: Provenance): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: [size.widthPt, size.heightPt], margin: 0, autoFirstPage: true, compress: true,
      info: { Title: `Li2 Lab figure: ${provenance.preset}`, Author: 'Li2 Lab', Creator: `Li2 Lab ${provenance.version}`, Subject: describe(provenance), Keywords: `li2, ${provenance.preset}` },
    })
    // a custom info key, base64 so that no PDF string escaping can garble it (read back by readProvenance)
    ;(doc.info as Record<string, unknown>).Li2Provenance = Buffer.from(JSON.stringify(provenance)).toString('base64')
    const out: Buffer[] = []
    doc.on('data', (b: Buffer) => out.push(b))
    doc.on('end', () => resolve(Buffer.concat(out)))
    doc.on('error', reject)
    doc.registerFont(FONT_FAMILY, FONT_FILES.regular)
    doc.registerFont(`${FONT_FAMILY} Bold`, FONT_FILES.bold)
    SVGtoPDF(doc, svg, 0, 0, {
      width: size.widthPt, height: size.heightPt, assumePt: true,
      fontCallback: (_family: string, bold: boolean) => (bold ? `${FONT_FAMILY} Bold` : FONT_FAMILY),
    })
    doc.end()
  })
}

/** One line for humans: preset, venue, runs or sweep, time. */
export function describe(p: Provenance): string {
  const src = p.sweep ? `sweep ${p.sweep}` : p.runs?.length ? `runs ${p.runs.join(',')}` : p.census ? `census ${p.census}` : 'stored data'
  return `${p.preset} for ${p.venue} from ${src}, made by Li2 Lab ${p.version} at ${p.time}`
}

/** The provenance a figure file carries (SVG, PNG or PDF), or null when it has none. */
export function readProvenance(file: Buffer): Provenance | null {
  if (file.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    let at = 8
    while (at < file.length) {
      const len = file.readUInt32BE(at)
      const type = file.toString('ascii', at + 4, at + 8)
      if (type === 'tEXt') {
        const text = file.toString('latin1', at + 8, at + 8 + len)
        if (text.startsWith(`${META_ID}\0`)) return JSON.parse(text.slice(META_ID.length + 1)) as Provenance
      }
      at += 12 + len
    }
    return null
  }
  const text = file.toString('latin1')
  if (text.startsWith('%PDF')) {
    // the value is written inline or (pdfkit) as an indirect string object: `/Li2Provenance 24 0 R` … `24 0 obj (…)`
    const inline = /\/Li2Provenance \(([A-Za-z0-9+/=]+)\)/.exec(text)
    const ref = /\/Li2Provenance (\d+) 0 R/.exec(text)
    const obj = ref ? new RegExp(`(?:^|\\s)${ref[1]} 0 obj\\s*\\(([A-Za-z0-9+/=]+)\\)`).exec(text) : null
    const b64 = inline?.[1] ?? obj?.[1]
    return b64 ? (JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as Provenance) : null
  }
  const m = new RegExp(`<metadata id="${META_ID}"><!\\[CDATA\\[([\\s\\S]*?)\\]\\]></metadata>`).exec(file.toString('utf8'))
  return m ? (JSON.parse(m[1].replace(/]]]]><!\[CDATA\[>/g, ']]>')) as Provenance) : null
}

/** Inches to points. */
export const inToPt = (inches: number): number => inches * PT_PER_IN
