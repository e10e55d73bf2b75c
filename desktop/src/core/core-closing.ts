import { HostErrorCode } from '@sinif/shared';
import { HostFailure } from '../host/host-failure.ts';

/**
 * Why a download or sync stopped: the core is closing (the app quits). The
 * reason its closing signal aborts with, so every interrupted wait, fetch and
 * throttle rejects with it. A HostFailure, so nothing logs it as a crash; to
 * anyone still polling it reads like an interrupted download (try again),
 * which is what it is: the `.part` stays for the next run to resume.
 */
export class CoreClosing extends HostFailure {
  constructor() {
    super(HostErrorCode.serverUnreachable, 'The download stopped because the app is closing.');
    this.name = 'CoreClosing';
  }
}
