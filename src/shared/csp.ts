// The one CSP, read from the built page's meta tag: pure, so Electron's main process and the headless server share it.
// Lives in src/shared (no host owns it; it imports nothing of src), per docs/ARCHITECTURE.md "Layer checks".

/** The policy in an HTML page's <meta http-equiv="Content-Security-Policy">, or null when it has none. */
export function cspFromHtml(html: string): string | null {
  const tag = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)
  return tag ? tag[1].replace(/\s+/g, ' ').trim() : null
}
