/**
 * Node flags the server process runs with (`npm start`, and the classroom
 * benchmark's server child, so the bench measures what is deployed).
 * A small young generation keeps memory at well under 30 KB per connected seat;
 * by default V8 grows it while thousands of sockets connect and keeps it.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
