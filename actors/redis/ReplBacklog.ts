/**
 * Digits of a non-negative integer, without turning it into a string (the
 * replication offset is counted on every write).
 */
const digits = (n: number): number => {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
};

/**
 * Bytes a command takes in the replication stream (its RESP encoding), which
 * is what offsets count; `byteLength` measures one argument.
 */
export const respLengthWith = (argv: ReadonlyArray<string>, byteLength: (s: string) => number): number => {
  let n = 3 + digits(argv.length);
  for (let i = 0; i < argv.length; i++) {
    const len = byteLength(argv[i]);
    n += 5 + digits(len) + len;
  }
  return n;
};

/**
 * A replication backlog (Redis's repl-backlog): the last `maxBytes` of the
 * stream as commands with their stream offsets and append times, oldest
 * first. Kept as parallel arrays — one retained object per write (its argv)
 * instead of two — because a master appends to it on every write.
 *
 * @example
 * const b = new ReplBacklog(1_048_576);
 * b.append(['SET', 'k', 'v'], 0, 29, now);
 * b.commandsFrom(0); // { start: 0, commands: [['SET', 'k', 'v']] }
 */
export class ReplBacklog {
  private argvs: Array<ReadonlyArray<string> | undefined> = [];
  private offsets: number[] = [];
  private ends: number[] = [];
  private ats: number[] = [];
  private head = 0;
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** Entries held. */
  get size(): number {
    return this.argvs.length - this.head;
  }

  /** First offset still held, or `fallback` (the stream's offset) when empty. */
  start(fallback: number): number {
    return this.head < this.offsets.length ? this.offsets[this.head] : fallback;
  }

  /** Append a command covering stream bytes `[offset, end)`, then drop the oldest beyond `maxBytes` (the newest always stays). */
  append(argv: ReadonlyArray<string>, offset: number, end: number, at: number): void {
    this.argvs.push(argv);
    this.offsets.push(offset);
    this.ends.push(end);
    this.ats.push(at);
    this.bytes += end - offset;
    const last = this.argvs.length - 1;
    while (this.bytes > this.maxBytes && this.head < last) {
      this.bytes -= this.ends[this.head] - this.offsets[this.head];
      this.argvs[this.head] = undefined;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.argvs.length) {
      this.argvs = this.argvs.slice(this.head);
      this.offsets = this.offsets.slice(this.head);
      this.ends = this.ends.slice(this.head);
      this.ats = this.ats.slice(this.head);
      this.head = 0;
    }
  }

  /** When the entry starting exactly at `offset` was appended (binary search), or undefined. */
  appendedAt(offset: number): number | undefined {
    let lo = this.head;
    let hi = this.offsets.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = this.offsets[mid];
      if (o === offset) return this.ats[mid];
      if (o < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** The commands from the first entry at or after `from`, and that entry's offset (start -1: none). */
  commandsFrom(from: number): { start: number; commands: Array<ReadonlyArray<string>> } {
    const commands: Array<ReadonlyArray<string>> = [];
    let start = -1;
    for (let i = this.head; i < this.offsets.length; i++) {
      if (this.offsets[i] < from) continue;
      if (start < 0) start = this.offsets[i];
      commands.push(this.argvs[i]!);
    }
    return { start, commands };
  }

  /** Forget everything (a full resync starts a new stream copy). */
  clear(): void {
    this.argvs = [];
    this.offsets = [];
    this.ends = [];
    this.ats = [];
    this.head = 0;
    this.bytes = 0;
  }
}
