import { HostErrorCode } from '@sinif/shared';
import { HostFailure } from '../../host/host-failure.ts';

/**
 * Why a lesson download stopped: the user cancelled it (`library.cancelDownload`).
 * The reason its run's signal aborts with, so every fetch and wait of that run
 * rejects with it. A HostFailure, so nothing logs it as a crash; a pushed
 * lesson that was waiting on the download reports DOWNLOAD_CANCELLED.
 */
export class LessonDownloadCancelled extends HostFailure {
  constructor(lessonId: string) {
    super(HostErrorCode.downloadCancelled, `The download of lesson ${lessonId} was cancelled.`);
    this.name = 'LessonDownloadCancelled';
  }
}
