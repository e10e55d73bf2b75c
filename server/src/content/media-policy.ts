/**
 * Which media types the library accepts and how large each may be. Lesson
 * files are opened in the lesson viewer on lab PCs, so the list is what the
 * viewer shows (pages, pictures, PDFs, audio, video, subtitles, fonts);
 * anything else (executables, archives, office macros) is refused.
 */
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export type MediaLimits = Readonly<Record<string, number>>;

export const defaultMediaLimits: MediaLimits = {
  'text/html': 16 * MiB,
  'text/css': 16 * MiB,
  'text/plain': 16 * MiB,
  'text/javascript': 16 * MiB,
  'application/javascript': 16 * MiB,
  'application/json': 16 * MiB,
  'text/vtt': 16 * MiB,
  'image/svg+xml': 16 * MiB,
  'font/woff': 16 * MiB,
  'font/woff2': 16 * MiB,
  'image/png': 64 * MiB,
  'image/jpeg': 64 * MiB,
  'image/gif': 64 * MiB,
  'image/webp': 64 * MiB,
  'application/pdf': 512 * MiB,
  'audio/mpeg': 1 * GiB,
  'audio/ogg': 1 * GiB,
  'audio/mp4': 1 * GiB,
  'audio/webm': 1 * GiB,
  'video/mp4': 4 * GiB,
  'video/webm': 4 * GiB,
  'video/ogg': 4 * GiB,
};

/** `text/html; charset=utf-8` → `text/html` (parameters do not change what the bytes are). */
export function essenceOf(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase();
}

/** The largest size allowed for `mediaType`, or undefined when the type is not allowed at all. */
export function mediaLimit(mediaType: string, limits: MediaLimits = defaultMediaLimits): number | undefined {
  return Object.hasOwn(limits, essenceOf(mediaType)) ? limits[essenceOf(mediaType)] : undefined;
}
