import type { HostArgs, HostMethod, HostResult } from '@sinif/shared';

/**
 * What a host implementation provides: one async function per host method,
 * keyed by the contract's method name. The dispatcher calls it only with
 * arguments that already passed the contract's schema.
 */
export type HostService = {
  [M in HostMethod]: (args: HostArgs<M>) => Promise<HostResult<M>>;
};
