/** A growable FIFO ring buffer: O(1) push and shift without Array#shift's copying. */
export class TaskQueue<A> {
  private buf: (A | undefined)[] = new Array(64);
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(item: A): void {
    if (this.count === this.buf.length) this.grow();
    this.buf[(this.head + this.count) & (this.buf.length - 1)] = item;
    this.count++;
  }

  shift(): A | undefined {
    if (this.count === 0) return undefined;
    const item = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.count--;
    return item;
  }

  peek(): A | undefined {
    return this.count === 0 ? undefined : this.buf[this.head];
  }

  clear(): void {
    this.buf = new Array(64);
    this.head = 0;
    this.count = 0;
  }

  private grow(): void {
    const old = this.buf;
    const next: (A | undefined)[] = new Array(old.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & (old.length - 1)];
    this.buf = next;
    this.head = 0;
  }
}
