// The preload exposes exactly one function to the page: call(method, arg), forwarded over a single IPC channel
// into the same dispatcher the HTTP server uses. Nothing else from Node or Electron reaches the renderer.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('api', {
  call: (method: string, arg: unknown): Promise<unknown> => ipcRenderer.invoke('headroom:call', method, arg),
});
