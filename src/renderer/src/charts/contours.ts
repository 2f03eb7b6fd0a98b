// Isolines of a grid by marching squares (ECharts draws heatmaps but has no contour series): pure, unit-tested in
// test/renderer/energyCharts.test.ts. Segments come out in grid-index coordinates (x = column, y = row).

/** One isoline level's segments, each [[x1, y1], [x2, y2]] in index coordinates. */
export interface Isoline { level: number; segments: [number, number][][] }

/** Segments where the bilinear surface through Z[row][col] crosses each level (saddle cells split by the cell mean). */
export function isolines(Z: readonly (readonly number[])[], levels: readonly number[]): Isoline[] {
  const rows = Z.length, cols = rows ? Z[0].length : 0
  return levels.map((level) => {
    const segments: [number, number][][] = []
    for (let i = 0; i + 1 < rows; i++) {
      for (let j = 0; j + 1 < cols; j++) {
        // corners: a (j, i), b (j+1, i), c (j+1, i+1), d (j, i+1)
        const a = Z[i][j], b = Z[i][j + 1], c = Z[i + 1][j + 1], d = Z[i + 1][j]
        const code = (a >= level ? 8 : 0) | (b >= level ? 4 : 0) | (c >= level ? 2 : 0) | (d >= level ? 1 : 0)
        if (code === 0 || code === 15) continue
        const t = (u: number, v: number) => (u === v ? 0.5 : (level - u) / (v - u))
        const top: [number, number] = [j + t(a, b), i], right: [number, number] = [j + 1, i + t(b, c)]
        const bottom: [number, number] = [j + t(d, c), i + 1], left: [number, number] = [j, i + t(a, d)]
        const centreHigh = (a + b + c + d) / 4 >= level
        switch (code) {
          case 1: case 14: segments.push([left, bottom]); break
          case 2: case 13: segments.push([bottom, right]); break
          case 3: case 12: segments.push([left, right]); break
          case 4: case 11: segments.push([top, right]); break
          case 6: case 9: segments.push([top, bottom]); break
          case 7: case 8: segments.push([left, top]); break
          case 5: if (centreHigh) { segments.push([left, top], [bottom, right]) } else { segments.push([left, bottom], [top, right]) } break
          case 10: if (centreHigh) { segments.push([left, bottom], [top, right]) } else { segments.push([left, top], [bottom, right]) } break
        }
      }
    }
    return { level, segments }
  })
}

/** `n` levels evenly spaced strictly inside [min, max] of the grid. */
export function evenLevels(Z: readonly (readonly number[])[], n: number): number[] {
  let lo = Infinity, hi = -Infinity
  for (const row of Z) for (const v of row) { if (v < lo) lo = v; if (v > hi) hi = v }
  if (!(hi > lo)) return []
  return Array.from({ length: n }, (_, k) => lo + ((k + 1) * (hi - lo)) / (n + 1))
}
