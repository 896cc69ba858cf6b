/**
 * The desktop shell, kept thin: one secure window, one IPC channel into the same dispatcher the HTTP server uses,
 * a native menu, workspace dialogs and recent workspaces. Everything else lives in core/ and the renderer.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type MenuItemConstructorOptions } from 'electron';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDispatcher } from '../core/dispatch';
import { setNativeBinding } from '../core/db/open';
import { createHandlers } from '../core/service';
import { closeWorkspace, openWorkspaceFile, type Workspace } from '../core/workspace';
import { ensurePublicWorkspace, PUBLIC_WORKSPACE_FILE } from '../core/public/build';
import { electronPrinter } from './print';
import { RecentWorkspaces } from './recent';

const CHANNEL = 'headroom:call';
const RENDERER_FILE = path.join(__dirname, '../renderer/index.html');
const RENDERER_URL = pathToFileURL(RENDERER_FILE).href;
const WORKSPACE_FILTERS = [{ name: 'Headroom workspace', extensions: ['headroom', 'db', 'sqlite'] }];

// The start script builds better-sqlite3 for Electron and names it here (the node_modules build is for Node).
if (process.env.HEADROOM_SQLITE_BINDING) setNativeBinding(process.env.HEADROOM_SQLITE_BINDING);

let workspace: Workspace | null = null;
let window: BrowserWindow | null = null;
const recent = new RecentWorkspaces(path.join(app.getPath('userData'), 'recent-workspaces.json'));

function current(): Workspace {
  if (!workspace) throw new Error('No workspace is open.');
  return workspace;
}

const dispatch = createDispatcher(createHandlers(current, { printPdf: electronPrinter, precomputeDashboard: true }), (m) => console.error(m));

function openWorkspaceAt(file: string): void {
  const next = openWorkspaceFile(file);
  if (workspace) closeWorkspace(workspace);
  workspace = next;
  recent.add(next.path);
  window?.setTitle(`Headroom — ${path.basename(next.path)}`);
  buildMenu();
  window?.webContents.reload();
}

function defaultWorkspace(): string {
  const dir = path.join(app.getPath('documents'), 'Headroom');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, 'workspace.headroom');
}

/**
 * The first run opens the public benchmark results, built once into the user data folder (core/public/build.ts says
 * why it is built rather than shipped); if that fails, an empty workspace, whose welcome screen offers it again.
 */
function firstRunWorkspace(): string {
  try {
    return ensurePublicWorkspace(path.join(app.getPath('userData'), PUBLIC_WORKSPACE_FILE)).path;
  } catch (e) {
    console.error(`Could not build the public benchmark results: ${e instanceof Error ? e.message : String(e)}`);
    return defaultWorkspace();
  }
}

async function chooseOpen(): Promise<void> {
  const r = await dialog.showOpenDialog({ title: 'Open workspace', properties: ['openFile'], filters: WORKSPACE_FILTERS });
  if (!r.canceled && r.filePaths[0]) tryOpen(r.filePaths[0]);
}

async function chooseNew(): Promise<void> {
  const r = await dialog.showSaveDialog({ title: 'New workspace', defaultPath: 'Untitled.headroom', filters: WORKSPACE_FILTERS });
  if (r.canceled || !r.filePath) return;
  if (existsSync(r.filePath)) {
    dialog.showErrorBox('Workspace exists', `${r.filePath} already exists; open it instead.`);
    return;
  }
  tryOpen(r.filePath);
}

function tryOpen(file: string): void {
  try {
    openWorkspaceAt(file);
  } catch (e) {
    dialog.showErrorBox('Cannot open workspace', e instanceof Error ? e.message : String(e));
  }
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = recent.list().map((p) => ({ label: p, click: () => tryOpen(p) }));
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: () => void chooseNew() },
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => void chooseOpen() },
        { label: 'Open Recent', submenu: recentItems.length ? recentItems : [{ label: 'No recent workspaces', enabled: false }] },
        { type: 'separator' },
        { label: 'Show Workspace File', click: () => workspace && shell.showItemInFolder(workspace.path) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Headroom documentation', click: () => void shell.openPath(path.join(app.getAppPath(), 'docs', 'user-guide.md')) }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: workspace ? `Headroom — ${path.basename(workspace.path)}` : 'Headroom',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // A middle click would open a link in a new window; the window-open handler denies it anyway, this stops it earlier.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window?.show());
  // Navigation away from the app and new windows are denied; links open in the user's browser.
  window.webContents.on('will-navigate', (e) => e.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadFile(RENDERER_FILE);
}

app.enableSandbox();
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

void app.whenReady().then(() => {
  // The app needs no camera, microphone, notifications, geolocation or other permission: refuse every request and check.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  ipcMain.handle(CHANNEL, (event, method: unknown, arg: unknown) => {
    // Only our own page may call the API: the exact index.html this process loaded (any hash or query ignored).
    const sender = event.senderFrame?.url.split(/[?#]/)[0];
    if (sender !== RENDERER_URL) {
      return { ok: false, error: { code: 'unauthorized', message: 'Calls are accepted only from the Headroom window.' } };
    }
    return dispatch(String(method), arg, { user: process.env.USER ?? process.env.USERNAME ?? null });
  });
  const last = recent.list()[0];
  tryOpen(last ?? firstRunWorkspace());
  buildMenu();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('before-quit', () => {
  if (workspace) closeWorkspace(workspace);
});
