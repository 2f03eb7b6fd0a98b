// Sandboxed preload: exposes two named, wrapped functions as `window.li2`, never ipcRenderer itself
// (electron-vite-docs "IPC SECURITY"; vscode src/vs/base/parts/sandbox/electron-browser/preload.ts validateIPC).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { EVENT_NAMES } from '../api/contract' // pure and bundled into this file: the one list of events every host forwards

// duplicated from src/main/ipcAdapter.ts on purpose: a sandboxed preload is bundled alone and should import nothing of main
const CALL_CHANNEL = 'li2:call'
const EVENT_CHANNEL = 'li2:event'
const EVENTS = new Set<string>(EVENT_NAMES)

contextBridge.exposeInMainWorld('li2', {
  /** Invokes one service method; resolves to `{ ok, value }` or `{ ok: false, error }` (Errors lose fields over the bridge). */
  call(method: string, args: unknown): Promise<unknown> {
    if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'))
    return ipcRenderer.invoke(CALL_CHANNEL, method, args)
  },
  /** Subscribes to one service event; returns the unsubscribe function. */
  on(event: string, cb: (payload: unknown) => void): () => void {
    if (!EVENTS.has(event) || typeof cb !== 'function') throw new TypeError(`unknown event ${String(event)}`)
    const listener = (_e: IpcRendererEvent, name: string, payload: unknown) => { if (name === event) cb(payload) }
    ipcRenderer.on(EVENT_CHANNEL, listener)
    return () => { ipcRenderer.removeListener(EVENT_CHANNEL, listener) }
  },
})
