import serverPackage from '../package.json' with { type: 'json' };

/** The server's version, as published in server/package.json. */
export const serverVersion: string = serverPackage.version;
