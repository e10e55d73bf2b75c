import { Type, type Static } from 'typebox';
import { CatalogChange, CatalogCursor } from '../domain/catalog.ts';

export const CATALOG_PAGE_MAX = 1000;

export const CatalogChangesQuery = Type.Object(
  {
    after: Type.Optional(CatalogCursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: CATALOG_PAGE_MAX })),
  },
  { additionalProperties: false },
);
export type CatalogChangesQuery = Static<typeof CatalogChangesQuery>;

/**
 * How the server lays a page out: still one JSON document, but one change per
 * line. The first line is CATALOG_PAGE_HEAD; each change follows on a line of
 * its own, with the comma that separates it from the next; the last line
 * starts with `],` and carries the cursor and `hasMore`. JSON strings never
 * hold a raw newline, so a client can split the bytes at newlines and decode
 * and parse each change on its own (desktop/src/core/catalog-page-body.ts
 * says why that is cheaper); any other layout is parsed whole.
 */
export const CATALOG_PAGE_HEAD = '{"changes":[';

export const CatalogChangesPage = Type.Object({
  changes: Type.Array(CatalogChange),
  /** Cursor to ask with next; equals `after` when nothing changed. */
  cursor: CatalogCursor,
  hasMore: Type.Boolean(),
});
export type CatalogChangesPage = Static<typeof CatalogChangesPage>;

export const ContentParams = Type.Object(
  { sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) },
  { additionalProperties: false },
);
export type ContentParams = Static<typeof ContentParams>;
