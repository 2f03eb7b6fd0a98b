/** Venue figure widths (ux-anchors.md): a figure is drawn at its final size, so 8–10 pt text stays 8–10 pt in print. */
import { ValidationError } from '../../core/errors'

export interface Venue { name: string; label: string; widthIn: number }

const MM = 1 / 25.4
/** Every venue by name, with its column width. */
export const VENUES: readonly Venue[] = [
  { name: 'neurips', label: 'NeurIPS text width', widthIn: 5.5 },
  { name: 'icml-single', label: 'ICML one column', widthIn: 3.25 },
  { name: 'icml-double', label: 'ICML two columns', widthIn: 6.75 },
  { name: 'ieee-single', label: 'IEEE one column', widthIn: 3.5 },
  { name: 'ieee-double', label: 'IEEE two columns', widthIn: 7.16 },
  { name: 'nature-single', label: 'Nature one column (89 mm)', widthIn: 89 * MM },
  { name: 'nature-double', label: 'Nature two columns (183 mm)', widthIn: 183 * MM },
]

/** The venue named `name`, or a ValidationError naming the field and the choices. */
export function venue(name: string, field = 'venue'): Venue {
  const v = VENUES.find((x) => x.name === name)
  if (!v) throw new ValidationError(field, `unknown venue ${JSON.stringify(name)} (known: ${VENUES.map((x) => x.name).join(', ')})`)
  return v
}

/** Points per inch: SVG user units and PDF sizes are in points, so 1 SVG unit prints as 1 pt. */
export const PT_PER_IN = 72
/** The output formats, and the resolution range a PNG may ask for. */
export const FIGURE_FORMATS = ['svg', 'png', 'pdf'] as const
export type FigureFormat = (typeof FIGURE_FORMATS)[number]
export const MIN_DPI = 72
export const MAX_DPI = 1200
