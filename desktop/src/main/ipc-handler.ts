/**
 * The main-process end of the one host IPC channel. Kept free of run-time
 * 'electron' imports so the sender check and argument validation can be
 * proven in plain Node with a real dispatcher.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { HostErrorCode, type HostResponse } from '@sinif/shared';
import { isTrustedSender } from '../host/sender-policy.ts';

/** Validates `(method, args)` and runs it: the host dispatcher. */
export type HostInvoke = (method: unknown, args: unknown) => Promise<HostResponse>;

/** The part of an IPC event we trust for the decision: which frame sent it. */
export interface HostIpcEvent {
  senderFrame: { url: string; parent: unknown } | null | undefined;
}

export type HostIpcHandler = (event: HostIpcEvent, method: unknown, args: unknown) => Promise<HostResponse>;

/**
 * Pass the result to `ipcMain.handle(HOST_IPC_CHANNEL, ...)`. Only the app's
 * own top-level page may call; lesson iframes and any navigated-away page are
 * refused before the core sees anything.
 */
export function createHostIpcHandler(invoke: HostInvoke, trustedOrigins: readonly string[]): HostIpcHandler {
  return async (event, method, args) => {
    const frame = event.senderFrame;
    const sender = { url: frame?.url ?? '', isMainFrame: frame?.parent === null };
    if (!frame || !isTrustedSender(sender, trustedOrigins)) {
      return {
        ok: false,
        error: { code: HostErrorCode.forbiddenSender, message: 'This frame may not call the Sinif host API.' },
      };
    }
    try {
      return await invoke(method, args);
    } catch {
      // The dispatcher answers every failure itself; reaching here means the core worker is gone.
      return { ok: false, error: { code: HostErrorCode.internal, message: 'The app core did not answer.' } };
    }
  };
}

// Compile-time proof that Electron's real event satisfies what we read from it.
export type ElectronEventFits = IpcMainInvokeEvent extends HostIpcEvent ? true : never;
