// Electron main process: wiring only (single instance, window, menu, CSP, IPC to the service), as in the quick-start
// vue-ts playground's src/main/index.ts. The testable parts live in ipcAdapter.ts and security.ts.
import { app, BrowserWindow, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createService, type ServiceHandle } from '../api/service'
import { defaultDbPath, userDataDir } from '../store/paths'
// electron-vite bundles the training worker as its own entry and gives us its built path (electron-vite-docs guide/worker.md)
import trainWorkerPath from '../runner/trainWorker?modulePath'
import { CALL_CHANNEL, EVENT_CHANNEL, FORWARDED_EVENTS, handleCall, type TrustedOrigins } from './ipcAdapter'
import { buildMenu } from './menu'
import { cliArgs, electronSqliteBinding, li2Entry } from './nativePaths'
import { cspFromFile, isAllowedNavigation } from './security'

const RENDERER_DIR = join(import.meta.dirname, '../renderer')
const INDEX_HTML = join(RENDERER_DIR, 'index.html')
// electron-vite sets this in `electron-vite dev`; never trusted in a packaged app
const DEV_URL = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined
const trust: TrustedOrigins = { indexFile: INDEX_HTML, devServerUrl: DEV_URL }

// `"Li2 Lab" --cli …` (and the li2 wrapper an installer puts on PATH): the CLI on the app's own runtime and native modules
const cli = cliArgs(process.argv)
if (cli) {
  const r = spawnSync(process.execPath, [li2Entry(app.getAppPath()), ...cli], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } })
  process.exit(r.status ?? 1)
}

// one db for the CLI and the app: userData is the store's folder, set before `ready` so Chromium's files land there too
app.setPath('userData', userDataDir())
// better-sqlite3 for Electron's ABI; set in the environment so the training worker threads open the store with it too
const sqliteBinding = electronSqliteBinding({
  isPackaged: app.isPackaged, env: process.env, appRoot: app.getAppPath(), electronVersion: process.versions.electron,
  platform: process.platform, arch: process.arch, exists: existsSync,
})
if (sqliteBinding) process.env.LI2_SQLITE_BINDING = sqliteBinding

let win: BrowserWindow | null = null
let handle: ServiceHandle | null = null

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Li2 Lab',
    autoHideMenuBar: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true, // Electron security checklist §3
      sandbox: true, // §4
      nodeIntegration: false, // §2
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  })
  w.once('ready-to-show', () => w.show())
  // §13-14: no new windows; http(s) links open in the user's browser instead
  w.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  w.webContents.on('will-navigate', (e, url) => { if (!isAllowedNavigation(url, trust)) e.preventDefault() })
  w.webContents.on('will-redirect', (e, url) => { if (!isAllowedNavigation(url, trust)) e.preventDefault() })
  w.webContents.on('will-attach-webview', (e) => e.preventDefault())
  if (DEV_URL) void w.loadURL(DEV_URL)
  else void w.loadFile(INDEX_HTML)
  return w
}

/** Main frame of our own window only; an iframe or another webContents gets null and is refused. */
function senderUrl(e: IpcMainInvokeEvent): string | null {
  const frame = e.senderFrame
  if (!win || e.sender.id !== win.webContents.id || !frame || frame.parent !== null) return null
  return frame.url
}

async function start(): Promise<void> {
  await app.whenReady()
  const csp = cspFromFile(INDEX_HTML)
  // §7: the same policy as the meta tag, as a header, for anything loaded over http(s) (the dev server excepted)
  if (csp && !DEV_URL) {
    session.defaultSession.webRequest.onHeadersReceived((d, cb) =>
      cb({ responseHeaders: { ...d.responseHeaders, 'Content-Security-Policy': [csp] } }))
  }
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false)) // §5: the lab needs no permissions

  handle = await createService({ dbPath: defaultDbPath(), workerEntry: trainWorkerPath })
  ipcMain.handle(CALL_CHANNEL, (e, method: unknown, args: unknown) => handleCall(handle!.service, senderUrl(e), method, args, trust))
  for (const name of FORWARDED_EVENTS) {
    handle.on(name, (payload) => { if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, name, payload) })
  }

  buildMenu({ dataDir: userDataDir(), reload: () => win?.webContents.reload() })
  win = createWindow()
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) win = createWindow() })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit() })
  let closing = false
  app.on('will-quit', (e) => {
    if (!handle || closing) return
    closing = true
    e.preventDefault() // let running jobs checkpoint and the db close before exit
    void handle.close().finally(() => app.quit())
  })
  start().catch((err) => {
    console.error(err)
    app.exit(1)
  })
}
