/**
 * Runs `task` over `items` with at most `limit` in flight. Every item runs
 * even when some fail; the failures are returned in item order.
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<unknown[]> {
  const failures: { index: number; error: unknown }[] = [];
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      try {
        await task(items[index] as T);
      } catch (error) {
        failures.push({ index, error });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return failures.sort((a, b) => a.index - b.index).map((f) => f.error);
}
