/**
 * ControllerExpectations: after asking for N creations and M deletions, a
 * controller waits until its informer has observed them (or `ttlMs` passed)
 * before syncing the same owner again — so a stale cache never makes it
 * create or delete twice.
 */
export class Expectations {
  private readonly map = new Map<string, { adds: number; dels: number; atMs: number }>();

  constructor(private readonly ttlMs = 300_000) {}

  expect(key: string, adds: number, dels: number, nowMs: number): void {
    this.map.set(key, { adds, dels, atMs: nowMs });
  }

  creationObserved(key: string): void {
    const e = this.map.get(key);
    if (e !== undefined && e.adds > 0) e.adds--;
  }

  deletionObserved(key: string): void {
    const e = this.map.get(key);
    if (e !== undefined && e.dels > 0) e.dels--;
  }

  /** Whether the owner may be synced: nothing pending, or the expectations expired. */
  satisfied(key: string, nowMs: number): boolean {
    const e = this.map.get(key);
    return e === undefined || (e.adds <= 0 && e.dels <= 0) || nowMs - e.atMs > this.ttlMs;
  }

  delete(key: string): void {
    this.map.delete(key);
  }
}
