/**
 * One-time passwords an admin hands to a student on paper: lower-case letters
 * and digits without look-alikes (no l/1, o/0), in dash-separated groups of
 * four, so they survive being read aloud and typed by a child. 12 symbols from
 * 31 is ~59 bits, plenty behind the sign-in throttle.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function initialPassword(groups = 3): string {
  const parts: string[] = [];
  for (let g = 0; g < groups; g += 1) {
    let part = '';
    for (let i = 0; i < 4; i += 1) part += ALPHABET[randomInt(ALPHABET.length)];
    parts.push(part);
  }
  return parts.join('-');
}
