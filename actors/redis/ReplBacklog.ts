import { isWellFormedString, redisStringFromBytes, redisStringToBytes } from './RedisString.js';

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

/** Bytes an argument takes at most, encoded (UTF-8 is at most 3 bytes per UTF-16 unit) with its `$len\r\n…\r\n` framing. */
const argBound = (a: string): number => 3 * a.length + 16;

/** Write the decimal digits of `n` (≥ 0) at `pos`; the position after them. */
const putInt = (buf: Buffer, pos: number, n: number): number => {
  const end = pos + digits(n);
  let p = end;
  do {
    buf[--p] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  return end;
};

/**
 * Write the RESP encoding of `argv` at `pos` (the buffer has room for it);
 * the bytes written. ASCII arguments (nearly all) are written byte by byte
 * — no string is built and nothing calls into C++ for a short key — and a
 * command with any other argument is written by {@link encodeText}.
 */
const encodeCommand = (buf: Buffer, pos: number, argv: ReadonlyArray<string>): number => {
  let at = pos;
  buf[at++] = 0x2a; // *
  at = putInt(buf, at, argv.length);
  buf[at++] = 0x0d;
  buf[at++] = 0x0a;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const n = a.length;
    buf[at++] = 0x24; // $
    at = putInt(buf, at, n);
    buf[at++] = 0x0d;
    buf[at++] = 0x0a;
    for (let i = 0; i < n; i++) {
      const c = a.charCodeAt(i);
      if (c >= 0x80) return encodeText(buf, pos, argv);
      buf[at + i] = c;
    }
    at += n;
    buf[at++] = 0x0d;
    buf[at++] = 0x0a;
  }
  return at - pos;
};

/** {@link encodeCommand} for any strings (the module rule of RedisString.ts: well-formed text is its UTF-8, escapes are raw bytes). */
const encodeText = (buf: Buffer, pos: number, argv: ReadonlyArray<string>): number => {
  let text = `*${argv.length}\r\n`;
  let at = pos;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (isWellFormedString(a)) {
      text += `$${Buffer.byteLength(a, 'utf8')}\r\n${a}\r\n`;
      continue;
    }
    // Raw bytes: flush the text so far, copy the argument's bytes.
    const bytes = redisStringToBytes(a);
    at += buf.write(`${text}$${bytes.length}\r\n`, at, 'utf8');
    at += bytes.copy(buf, at);
    text = '\r\n';
  }
  return at + buf.write(text, at, 'utf8') - pos;
};

/** Reads `*N\r\n` then N `$len\r\n…\r\n` back from `buf[pos, limit)` (bytes {@link encodeCommand} wrote); the arguments and where the next command starts. */
const decodeCommand = (buf: Buffer, pos: number, limit: number): { argv: string[]; next: number } => {
  const readInt = (from: number): [number, number] => {
    let n = 0;
    let i = from;
    while (i < limit && buf[i] !== 0x0d) n = n * 10 + (buf[i++] - 0x30);
    return [n, i + 2];
  };
  let [count, at] = readInt(pos + 1);
  const argv: string[] = [];
  while (count-- > 0) {
    const [len, start] = readInt(at + 1);
    argv.push(redisStringFromBytes(buf, start, start + len));
    at = start + len + 2;
  }
  return { argv, next: at };
};

const EMPTY = Buffer.alloc(0);

/**
 * A replication backlog (Redis's repl-backlog): the last `maxBytes` of the
 * stream as the bytes a replica reads — each command's RESP encoding — in
 * one buffer, with an index of where each command starts and when it was
 * appended. Nothing is kept per write but two numbers: a master appends on
 * every write, and holding each write's argv until it fell out of a
 * megabyte of backlog moved them all to V8's old generation (major
 * collections on every node under load).
 *
 * @example
 * const b = new ReplBacklog(1_048_576);
 * b.append(['SET', 'k', 'v'], 0, now); // 29: the bytes it took
 * b.commandsFrom(0); // { start: 0, commands: [['SET', 'k', 'v']] }
 */
export class ReplBacklog {
  /** The bytes held are `buf[lo, hi)`: stream offsets `offsets[head]` up to `end`. */
  private buf: Buffer = EMPTY;
  private lo = 0;
  private hi = 0;
  /** Stream offset where each command starts, and when it was appended (entries before `head` are gone). */
  private offsets: number[] = [];
  private ats: number[] = [];
  private head = 0;
  /** Stream offset after the last byte held. */
  private end = 0;

  constructor(private readonly maxBytes: number) {}

  /** Entries held. */
  get size(): number {
    return this.offsets.length - this.head;
  }

  /** First offset still held, or `fallback` (the stream's offset) when empty. */
  start(fallback: number): number {
    return this.head < this.offsets.length ? this.offsets[this.head] : fallback;
  }

  /**
   * Append a command at stream offset `offset` (right after the last one
   * held; anything else starts the backlog over), then drop the oldest
   * beyond `maxBytes` (the newest always stays). Returns the bytes it took:
   * its RESP length, what the stream offset advances by.
   */
  append(argv: ReadonlyArray<string>, offset: number, at: number): number {
    if (this.size > 0 && offset !== this.end) this.clear();
    let bound = 16;
    for (let i = 0; i < argv.length; i++) bound += argBound(argv[i]);
    this.reserve(bound);
    const length = encodeCommand(this.buf, this.hi, argv);
    this.hi += length;
    this.end = offset + length;
    this.offsets.push(offset);
    this.ats.push(at);
    const last = this.offsets.length - 1;
    while (this.hi - this.lo > this.maxBytes && this.head < last) {
      this.lo += this.offsets[this.head + 1] - this.offsets[this.head];
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.offsets.length) {
      this.offsets = this.offsets.slice(this.head);
      this.ats = this.ats.slice(this.head);
      this.head = 0;
    }
    return length;
  }

  /** Room for `bound` more bytes after `hi`: move what is held to the front when at least half the buffer is free, else grow it. */
  private reserve(bound: number): void {
    if (this.hi + bound <= this.buf.length) return;
    const held = this.hi - this.lo;
    let target = this.buf;
    if (held + bound > this.buf.length / 2) target = Buffer.allocUnsafe(Math.max(4096, 2 * this.buf.length, 2 * (held + bound)));
    this.buf.copy(target, 0, this.lo, this.hi);
    this.buf = target;
    this.lo = 0;
    this.hi = held;
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

  /** The commands from the first entry at or after `from` (read back from their bytes), and that entry's offset (start -1: none). */
  commandsFrom(from: number): { start: number; commands: Array<ReadonlyArray<string>> } {
    const commands: Array<ReadonlyArray<string>> = [];
    let i = this.head;
    while (i < this.offsets.length && this.offsets[i] < from) i++;
    if (i === this.offsets.length) return { start: -1, commands };
    const start = this.offsets[i];
    let pos = this.lo + (start - this.offsets[this.head]);
    while (pos < this.hi) {
      const { argv, next } = decodeCommand(this.buf, pos, this.hi);
      commands.push(argv);
      pos = next;
    }
    return { start, commands };
  }

  /** Forget everything (a full resync starts a new stream copy); the buffer is kept for reuse. */
  clear(): void {
    this.lo = 0;
    this.hi = 0;
    this.offsets = [];
    this.ats = [];
    this.head = 0;
    this.end = 0;
  }
}
