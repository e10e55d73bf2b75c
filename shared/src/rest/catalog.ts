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
