import { renderSvg, svgToPng, svgToPdf, readProvenance } from '../src/api/figures/render'
import { writeFileSync } from 'node:fs'
const prov = { preset: 'x', venue: 'icml-single', formats: ['svg'], dpi: 300, app: 'li2', version: '0.1.0', time: new Date().toISOString(), runs: [1] }
const opt = { xAxis: { type: 'value', name: 'epoch' }, yAxis: { type: 'value', name: 'acc' }, legend: {}, series: [{ type: 'line', name: 'train (wd=1e-3)', data: [[0, 0], [10, 0.5], [20, 1]] }] }
const size = { widthPt: 234, heightPt: 150 }
const t0 = performance.now()
const svg = renderSvg(opt, size, prov as never)
const png = svgToPng(svg, 3.25, 300, prov as never)
const pdf = await svgToPdf(svg, size, prov as never)
console.log('ms', performance.now() - t0, svg.length, png.length, pdf.length)
writeFileSync('/tmp/f.svg', svg); writeFileSync('/tmp/f.png', png); writeFileSync('/tmp/f.pdf', pdf)
console.log(readProvenance(Buffer.from(svg))?.preset, readProvenance(png)?.preset, readProvenance(pdf)?.preset)
console.log(svg.slice(0, 300))
console.log(/FontFile2/.test(pdf.toString('latin1')), /MediaBox \[0 0 234/.test(pdf.toString('latin1')))
