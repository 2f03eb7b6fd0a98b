/** The print look every figure shares: one embedded font (DejaVu Sans, shipped by npm, so SVG, PNG and PDF set text
 *  alike on any machine), 8 pt ticks and legends and 9 pt axis names at final size, thin lines, and colour-blind-safe
 *  colours: Okabe–Ito for categories, viridis and cividis for sequential scales. */
import { createRequire } from 'node:module'
import path from 'node:path'

const requireHere = createRequire(import.meta.url) // not `require`: electron-vite's ESM shim declares that name in the bundle
const FONT_DIR = path.join(path.dirname(requireHere.resolve('dejavu-fonts-ttf/package.json')), 'ttf')
/** The font files, for resvg (PNG) and pdfkit (PDF embeds a subset). */
export const FONT_FILES = { regular: path.join(FONT_DIR, 'DejaVuSans.ttf'), bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf') }
export const FONT_FAMILY = 'DejaVu Sans'
/** Sizes in points at the figure's final size. */
export const FONT_PT = { tick: 8, label: 9, title: 9, legend: 8 } as const

/** Okabe & Ito's eight colours (black last), distinguishable with every common colour-vision deficiency. */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000']
export const VIRIDIS = ['#440154', '#46327e', '#365c8d', '#277f8e', '#1fa187', '#4ac16d', '#a0da39', '#fde725']
export const CIVIDIS = ['#00204d', '#31446b', '#666970', '#958f78', '#cbba69', '#ffea46']

/** An axis in the print style. */
export function axisStyle(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name, nameLocation: 'middle', nameGap: 20, nameTextStyle: { fontSize: FONT_PT.label, fontFamily: FONT_FAMILY },
    axisLabel: { fontSize: FONT_PT.tick, fontFamily: FONT_FAMILY, hideOverlap: true },
    axisLine: { lineStyle: { color: '#333', width: 0.75 } }, axisTick: { lineStyle: { width: 0.75 } },
    splitLine: { show: false }, ...extra,
  }
}
