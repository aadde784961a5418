import type { ClockTask } from './ClockTask.js';

/**
 * A 4-ary min-heap of clock tasks ordered by (at, seq). The keys live in
 * typed arrays beside the items, so comparisons while sifting read contiguous
 * memory instead of chasing task objects (the fire path is comparison-bound
 * at a million pending timers). Each task knows its index, so removal (timer
 * cancellation) is O(log n) and eager: cancelled timers never pile up.
 */
export class TaskHeap {
  private items: (ClockTask | undefined)[] = [];
  private ats = new Float64Array(256);
  private seqs = new Float64Array(256);
  private n = 0;

  get size(): number {
    return this.n;
  }

  peek(): ClockTask | undefined {
    return this.n === 0 ? undefined : this.items[0];
  }

  push(task: ClockTask): void {
    if (this.n === this.ats.length) this.grow();
    this.up(this.n++, task, task.at, task.seq);
  }

  pop(): ClockTask | undefined {
    if (this.n === 0) return undefined;
    const top = this.items[0]!;
    this.removeAt(0);
    return top;
  }

  remove(task: ClockTask): void {
    const i = task.heapIndex;
    if (i < 0 || i >= this.n || this.items[i] !== task) return;
    this.removeAt(i);
  }

  private removeAt(i: number): void {
    const removed = this.items[i]!;
    removed.heapIndex = -1;
    const last = --this.n;
    const moved = this.items[last]!;
    this.items[last] = undefined;
    if (i === last) return;
    const at = this.ats[last];
    const seq = this.seqs[last];
    if (i > 0) {
      const p = (i - 1) >> 2;
      if (at < this.ats[p] || (at === this.ats[p] && seq < this.seqs[p])) {
        this.up(i, moved, at, seq);
        return;
      }
    }
    this.down(i, moved, at, seq);
  }

  /** Put `task` (keys at, seq) into the hole at `i`, moving parents down while it is smaller. */
  private up(i: number, task: ClockTask, at: number, seq: number): void {
    const { items, ats, seqs } = this;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pa = ats[p];
      if (at > pa || (at === pa && seq > seqs[p])) break;
      const parent = items[p]!;
      items[i] = parent;
      ats[i] = pa;
      seqs[i] = seqs[p];
      parent.heapIndex = i;
      i = p;
    }
    items[i] = task;
    ats[i] = at;
    seqs[i] = seq;
    task.heapIndex = i;
  }

  /** Put `task` into the hole at `i`, moving the smaller child up while it is larger. */
  private down(i: number, task: ClockTask, at: number, seq: number): void {
    const { items, ats, seqs } = this;
    const n = this.n;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      // The smallest of up to four children (4-ary: half the depth of a binary heap).
      let c = first;
      const end = first + 4 < n ? first + 4 : n;
      for (let k = first + 1; k < end; k++) {
        if (ats[k] < ats[c] || (ats[k] === ats[c] && seqs[k] < seqs[c])) c = k;
      }
      const ca = ats[c];
      if (ca > at || (ca === at && seqs[c] > seq)) break;
      const child = items[c]!;
      items[i] = child;
      ats[i] = ca;
      seqs[i] = seqs[c];
      child.heapIndex = i;
      i = c;
    }
    items[i] = task;
    ats[i] = at;
    seqs[i] = seq;
    task.heapIndex = i;
  }

  private grow(): void {
    const ats = new Float64Array(this.ats.length * 2);
    ats.set(this.ats);
    this.ats = ats;
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.seqs = seqs;
  }
}
