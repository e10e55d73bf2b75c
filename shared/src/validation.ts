/**
 * One place that turns a shared schema into a runtime check. Used by the
 * Electron main process, the test bridge and the desktop core. (The server
 * validates through Fastify's TypeBox type provider with the same schemas.)
 */
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

export interface Checker<T extends TSchema> {
  check(value: unknown): value is Static<T>;
  /** First few problems, as "path: message" lines, for error messages. */
  problems(value: unknown): string[];
}

export function checker<T extends TSchema>(schema: T): Checker<T> {
  const validator = Compile(schema);
  return {
    check: (value: unknown): value is Static<T> => validator.Check(value),
    problems: (value: unknown) =>
      validator
        .Errors(value)
        .slice(0, 5)
        .map((e) => `${e.instancePath || '/'}: ${e.message}`),
  };
}
