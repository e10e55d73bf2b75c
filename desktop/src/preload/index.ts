/**
 * Exposes exactly one thing to the page: `window.sinif.invoke`. Runs
 * sandboxed (CommonJS bundle), so it imports only 'electron' and the contract.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { HOST_IPC_CHANNEL, type HostApi, type HostResponse } from '@sinif/shared';

const api: HostApi = {
  async invoke(method, args) {
    const response = (await ipcRenderer.invoke(HOST_IPC_CHANNEL, method, args)) as HostResponse;
    if (response.ok) return response.value as never;
    // contextBridge copies only an Error's message, so the code travels inside it;
    // renderer/host.ts turns "[CODE] message" back into a HostCallError.
    throw new Error(`[${response.error.code}] ${response.error.message}`);
  },
};

contextBridge.exposeInMainWorld('sinif', api);
