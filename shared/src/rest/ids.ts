import { Type } from 'typebox';

/** Server-assigned ids (UUIDs today; demo rows use short slugs). */
export const EntityId = Type.String({ minLength: 1, maxLength: 64 });
/** A name people read: something visible, not only spaces. */
export const DisplayName = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });
/** ISO-8601 time in UTC. */
export const IsoTime = Type.String({ maxLength: 40 });
export const PageLimit = Type.Integer({ minimum: 1, maximum: 500 });
/** Usernames: letters of any script, digits, dot, dash, underscore (stored NFC, lower case). */
export const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[\\p{L}\\p{N}._-]+$' });
export const NewPassword = Type.String({ minLength: 8, maxLength: 256 });
