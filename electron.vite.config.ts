// electron-vite build for the three Electron targets (main, sandboxed preload, Vue renderer); mirrors the quick-start
// vue-ts playground's electron.vite.config.ts, plus a CJS preload and a dev-only CSP relaxation.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import type { Plugin } from 'vite'

/** Dev server only: Vite injects <style> tags and talks HMR over ws:, which the production CSP forbids. */
function devCsp(): Plugin {
  return {
    name: 'li2:dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("style-src-elem 'self'", "style-src-elem 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*")
    },
  }
}

// entries are electron-vite's defaults: src/main/index.ts, src/preload/index.ts, src/renderer/index.html
export default defineConfig({
  main: {
    build: {
      // native and wasm packages (better-sqlite3, tfjs) stay in node_modules; see package.json dependencies
      externalizeDeps: true,
    },
  },
  preload: {
    build: {
      // a sandboxed preload cannot require() anything but electron's own modules, so bundle it whole, as CJS
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: { outDir: resolve('out/renderer'), rolldownOptions: { input: resolve('src/renderer/index.html') } },
    plugins: [vue(), devCsp()],
  },
})
