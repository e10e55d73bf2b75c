/** How much a lesson package may hold; the route uses the defaults, tests and the CLI may pass their own. */
import { defaultMediaLimits, type MediaLimits } from '../content/media-policy.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export interface PackageLimits {
  /** The zip file itself. */
  maxPackageBytes: number;
  /** Entries in the zip's central directory (files and folders). */
  maxEntries: number;
  /** Sum of the entries' uncompressed sizes: the zip-bomb guard (sizes are checked while inflating). */
  maxTotalUncompressedBytes: number;
  maxManifestBytes: number;
  /** Allowed media types and the largest file of each. */
  media: MediaLimits;
}

export const defaultPackageLimits: PackageLimits = {
  maxPackageBytes: 8 * GiB,
  maxEntries: 20_000,
  maxTotalUncompressedBytes: 16 * GiB,
  maxManifestBytes: 8 * MiB,
  media: defaultMediaLimits,
};
