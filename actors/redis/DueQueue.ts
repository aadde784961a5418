/**
 * A min-heap of items by due time (ties: insertion order), with one live
 * entry per item: scheduling an item earlier than its pending time replaces
 * it (the old entry is skipped when it surfaces), scheduling it later keeps
 * the earlier one. Users re-check an item's real state when it is popped, so
 * an early entry is always safe; what must never happen is an item due
 * before its pending entry.
 */
export class DueQueue<T extends { dueSeq: number }> {
  private readonly due: number[] = [];
  private readonly seqs: number[] = [];
  private readonly items: T[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  /** Make `item` due at `at` unless it is already due earlier. Returns whether an entry was added. */
  schedule(item: T, at: number, pendingAt: number | undefined): boolean {
    if (pendingAt !== undefined && pendingAt <= at) return false;
    const seq = ++this.seq;
    item.dueSeq = seq;
    this.push(at, seq, item);
    return true;
  }

  /** Forget `item`'s pending entry. */
  cancel(item: T): void {
    item.dueSeq = 0;
  }

  /** The next item due at or before `now` (its entry removed), or undefined. */
  pop(now: number): T | undefined {
    while (this.items.length > 0 && this.due[0] <= now) {
      const seq = this.seqs[0];
      const item = this.items[0];
      this.removeTop();
      if (item.dueSeq !== seq) continue;
      item.dueSeq = 0;
      return item;
    }
    return undefined;
  }

  private push(at: number, seq: number, item: T): void {
    const due = this.due;
    const seqs = this.seqs;
    const items = this.items;
    let i = items.length;
    due.push(at);
    seqs.push(seq);
    items.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (due[p] < at || (due[p] === at && seqs[p] < seq)) break;
      due[i] = due[p];
      seqs[i] = seqs[p];
      items[i] = items[p];
      i = p;
    }
    due[i] = at;
    seqs[i] = seq;
    items[i] = item;
  }

  private removeTop(): void {
    const due = this.due;
    const seqs = this.seqs;
    const items = this.items;
    const lastDue = due.pop()!;
    const lastSeq = seqs.pop()!;
    const lastItem = items.pop()!;
    const n = items.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (due[r] < due[l] || (due[r] === due[l] && seqs[r] < seqs[l])) ? r : l;
      if (due[c] > lastDue || (due[c] === lastDue && seqs[c] > lastSeq)) break;
      due[i] = due[c];
      seqs[i] = seqs[c];
      items[i] = items[c];
      i = c;
    }
    due[i] = lastDue;
    seqs[i] = lastSeq;
    items[i] = lastItem;
  }
}
