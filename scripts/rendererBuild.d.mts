// Types for rendererBuild.mjs (imported by `li2 serve` and the e2e tests).
export function rendererIsFresh(root: string): boolean
export function electronViteBin(root: string): string | null
export function buildRenderer(root: string, opts?: { quiet?: boolean }): void
export function buildRendererAsync(root: string, opts?: { quiet?: boolean }): Promise<void>
