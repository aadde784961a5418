import type { ClockTask } from './ClockTask.js';

const before = (a: ClockTask, b: ClockTask): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/**
 * A binary min-heap of clock tasks ordered by (at, seq). Each task knows its
 * index, so removal (timer cancellation) is O(log n) and eager: cancelled
 * timers never pile up.
 */
export class TaskHeap {
  private readonly items: ClockTask[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): ClockTask | undefined {
    return this.items[0];
  }

  push(task: ClockTask): void {
    const items = this.items;
    task.heapIndex = items.length;
    items.push(task);
    this.up(task.heapIndex);
  }

  pop(): ClockTask | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      last.heapIndex = 0;
      this.down(0);
    }
    top.heapIndex = -1;
    return top;
  }

  remove(task: ClockTask): void {
    const i = task.heapIndex;
    const items = this.items;
    if (i < 0 || items[i] !== task) return;
    const last = items.pop()!;
    task.heapIndex = -1;
    if (i === items.length) return;
    items[i] = last;
    last.heapIndex = i;
    if (i > 0 && before(last, items[(i - 1) >> 1])) this.up(i);
    else this.down(i);
  }

  private up(i: number): void {
    const items = this.items;
    const task = items[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p];
      if (!before(task, parent)) break;
      items[i] = parent;
      parent.heapIndex = i;
      i = p;
    }
    items[i] = task;
    task.heapIndex = i;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const task = items[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(items[r], items[l]) ? r : l;
      const child = items[c];
      if (!before(child, task)) break;
      items[i] = child;
      child.heapIndex = i;
      i = c;
    }
    items[i] = task;
    task.heapIndex = i;
  }
}
