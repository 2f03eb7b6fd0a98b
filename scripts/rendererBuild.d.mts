// Types for rendererBuild.mjs (imported by the e2e tests).
export function rendererIsFresh(root: string): boolean
export function buildRenderer(root: string, opts?: { quiet?: boolean }): void
