/**
 * Node flags the server process runs with (`npm start`, and the classroom
 * benchmark's server child, so the bench measures what is deployed).
 * A small young generation keeps memory at well under 30 KB per connected seat;
 * by default V8 grows it while thousands of sockets connect and keeps it.
 */
const SERVER_SEMI_SPACE_MB = 2;

export const SERVER_NODE_FLAGS: readonly string[] = [`--max-semi-space-size=${SERVER_SEMI_SPACE_MB}`];

/**
 * The same young generation for a server run in a worker thread (the library
 * benchmark), where V8 flags cannot be set per thread. V8's young generation
 * is three semi-spaces' worth (two semi-spaces and the new large-object space).
 */
export const SERVER_WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 3 * SERVER_SEMI_SPACE_MB } as const;
