/** A lab PC's view of the catalog feed: applies pages to a local map, like the desktop core does. */
import { expect } from 'vitest';
import type { CatalogChangesPage, Lesson } from '@sinif/shared';
import { bearer } from './temp-server.ts';

export class FeedClient {
  readonly lessons = new Map<string, Lesson>();
  cursor = '0';
  readonly seen: number[] = [];
  readonly baseUrl: string;
  readonly token: string;

  constructor(baseUrl: string, token: string) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  async page(limit: number): Promise<CatalogChangesPage> {
    const response = await fetch(`${this.baseUrl}/api/v1/catalog/changes?after=${this.cursor}&limit=${limit}`, { headers: bearer(this.token) });
    expect(response.status).toBe(200);
    const page = (await response.json()) as CatalogChangesPage;
    for (const change of page.changes) {
      expect(change.seq).toBeGreaterThan(Number(this.cursor));
      this.seen.push(change.seq);
      if (change.kind === 'upsert') this.lessons.set(change.lesson.id, change.lesson);
      else this.lessons.delete(change.lessonId);
    }
    this.cursor = page.cursor;
    return page;
  }

  /** Pages until caught up; `between` runs after each page that says more is coming. */
  async sync(limit = 500, between?: (pageNumber: number) => Promise<void>): Promise<number> {
    for (let n = 0; ; n += 1) {
      const page = await this.page(limit);
      if (!page.hasMore) return n + 1;
      await between?.(n);
    }
  }

  titles(): Record<string, string> {
    return Object.fromEntries([...this.lessons.values()].sort((a, b) => a.id.localeCompare(b.id)).map((l) => [l.id, l.title]));
  }
}
