import { redisStringFromBytes } from '../RedisString.js';

/**
 * Limits of what one client may send (Redis's proto-max-bulk-len,
 * client-query-buffer-limit, PROTO_INLINE_MAX_SIZE…), lower than Redis's by
 * default: a node of the model keeps its data in a JS heap.
 */
export interface RespLimits {
  /** Largest bulk string a client may send (Redis: proto-max-bulk-len 512 MB). @default 16777216 (16 MB) */
  maxBulkBytes?: number;
  /** Most arguments in one command (Redis: INT_MAX; memory is bounded by the query buffer limit). @default 2147483647 */
  maxArgs?: number;
  /** Largest unparsed input kept for one client (Redis: client-query-buffer-limit 1 GB). @default 67108864 (64 MB) */
  maxQueryBufferBytes?: number;
  /** Longest inline command or `*`/`$` header line (Redis: PROTO_INLINE_MAX_SIZE). @default 65536 */
  maxInlineBytes?: number;
  /** Arguments an unauthenticated client may send in one command (Redis: 10). @default 10 */
  maxArgsUnauthenticated?: number;
  /** Bulk bytes an unauthenticated client may send (Redis: 16384). @default 16384 */
  maxBulkBytesUnauthenticated?: number;
}

/** {@link RespLimits} with every default filled in. */
export type ResolvedRespLimits = Required<RespLimits>;

/** Defaults of {@link RespLimits}. */
export const RESP_LIMIT_DEFAULTS: ResolvedRespLimits = {
  maxBulkBytes: 16 * 1024 * 1024,
  maxArgs: 2_147_483_647,
  maxQueryBufferBytes: 64 * 1024 * 1024,
  maxInlineBytes: 64 * 1024,
  maxArgsUnauthenticated: 10,
  maxBulkBytesUnauthenticated: 16 * 1024,
};

/** What the parser found in the input so far. */
export type ParseEvent =
  | { readonly kind: 'command'; readonly argv: string[] }
  /** Redis's protocol errors: the client gets `-ERR Protocol error: …` and the connection closes. */
  | { readonly kind: 'protocol-error'; readonly message: string }
  /** The unparsed input outgrew the query buffer limit: Redis closes without a reply. */
  | { readonly kind: 'overflow' };

const CR = 13;
const LF = 10;

/**
 * An incremental RESP request parser (Redis's processMultibulkBuffer and
 * processInlineBuffer): feed it socket chunks, take complete commands out.
 * Arguments are binary-safe: each becomes the JS string that stands for its
 * bytes (`redisStringFromBytes`: the text when they are valid UTF-8, raw
 * bytes escaped otherwise). After a protocol error it stops: the connection
 * is to be closed.
 *
 * @example
 * const p = new RespParser();
 * p.push(Buffer.from('*1\r\n$4\r\nPING\r\n'));
 * p.next(); // { kind: 'command', argv: ['PING'] }
 */
export class RespParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Arguments still expected by the multibulk being read (0: none). */
  private multibulk = 0;
  private argv: string[] = [];
  /** Length of the bulk being read (-1: its header is not read yet). */
  private bulkLen = -1;
  /** Bytes of the arguments read so far for the current multibulk (they count against the query buffer). */
  private argvBytes = 0;
  private failed = false;
  /** The client authenticated (unauthenticated clients get tighter limits, as in Redis). */
  authenticated = true;
  readonly limits: ResolvedRespLimits;

  constructor(limits: RespLimits = {}) {
    this.limits = { ...RESP_LIMIT_DEFAULTS, ...limits };
  }

  /** Bytes received and not parsed yet. */
  get pending(): number {
    return this.buf.length - this.pos;
  }

  /** Append a chunk from the socket. */
  push(chunk: Buffer): void {
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
      this.pos = 0;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.pos = 0;
    }
  }

  /** The next complete command, a protocol error, or undefined when more input is needed. */
  next(): ParseEvent | undefined {
    if (this.failed) return undefined;
    for (;;) {
      if (this.pos >= this.buf.length) {
        if (this.multibulk === 0) this.compact();
        return this.checkOverflow();
      }
      if (this.multibulk === 0) {
        const c = this.buf[this.pos];
        if (c === 0x2a /* * */) {
          const r = this.readMultibulkHeader();
          if (r === 'more') return this.checkOverflow();
          if (r !== undefined) return this.fail(r);
          if (this.multibulk === 0) continue; // *0 or *-1: nothing to run
        } else {
          const r = this.readInline();
          if (r === 'more') return this.checkOverflow();
          if (typeof r === 'string') return this.fail(r);
          if (r.length === 0) continue; // empty line
          return { kind: 'command', argv: r };
        }
      }
      const r = this.readArguments();
      if (r === 'more') return this.checkOverflow();
      if (r !== undefined) return this.fail(r);
      const argv = this.argv;
      this.argv = [];
      this.argvBytes = 0;
      return { kind: 'command', argv };
    }
  }

  private fail(message: string): ParseEvent {
    this.failed = true;
    return { kind: 'protocol-error', message: `Protocol error: ${message}` };
  }

  private checkOverflow(): ParseEvent | undefined {
    if (this.pending + this.argvBytes > this.limits.maxQueryBufferBytes) {
      this.failed = true;
      return { kind: 'overflow' };
    }
    return undefined;
  }

  private compact(): void {
    if (this.pos > 0 && this.pos >= this.buf.length) {
      this.buf = Buffer.alloc(0);
      this.pos = 0;
    }
  }

  /**
   * Where the header line starting at `pos` ends: the index of its CR, as
   * Redis finds it (strchr: a NUL byte hides what follows), 'more' when the
   * CR or the byte after it is not here yet, 'none' when no CR is in sight.
   */
  private headerEnd(): number | 'more' | 'none' {
    const cr = findByte(this.buf, CR, this.pos);
    if (cr < 0) return 'none';
    // Redis only checks that one more byte (the LF) arrived, not what it is.
    if (cr + 1 >= this.buf.length) return 'more';
    return cr;
  }

  private readMultibulkHeader(): string | 'more' | undefined {
    const cr = this.headerEnd();
    if (cr === 'none') return this.pending > this.limits.maxInlineBytes ? 'too big mbulk count string' : 'more';
    if (cr === 'more') return 'more';
    const n = string2ll(this.buf, this.pos + 1, cr);
    if (n === undefined || n > this.limits.maxArgs) return 'invalid multibulk length';
    if (!this.authenticated && n > this.limits.maxArgsUnauthenticated) return 'unauthenticated multibulk length';
    this.pos = cr + 2;
    this.multibulk = Math.max(0, n);
    this.argv = [];
    this.argvBytes = 0;
    this.bulkLen = -1;
    return undefined;
  }

  private readArguments(): string | 'more' | undefined {
    while (this.multibulk > 0) {
      if (this.bulkLen < 0) {
        if (this.pos >= this.buf.length) return 'more';
        const cr = this.headerEnd();
        if (cr === 'none') return this.pending > this.limits.maxInlineBytes ? 'too big bulk count string' : 'more';
        if (cr === 'more') return 'more';
        if (this.buf[this.pos] !== 0x24 /* $ */) return `expected '$', got '${String.fromCharCode(this.buf[this.pos])}'`;
        const n = string2ll(this.buf, this.pos + 1, cr);
        if (n === undefined || n < 0 || n > this.limits.maxBulkBytes) return 'invalid bulk length';
        if (!this.authenticated && n > this.limits.maxBulkBytesUnauthenticated) return 'unauthenticated bulk length';
        this.pos = cr + 2;
        this.bulkLen = n;
      }
      // As Redis, the two bytes after the payload are skipped, not checked.
      if (this.buf.length - this.pos < this.bulkLen + 2) return 'more';
      const from = this.pos;
      const to = from + this.bulkLen;
      // The command name (first argument) is interned: the node looks it up by string on every command.
      this.argv.push(this.argv.length === 0 ? internName(this.buf, from, to) : redisStringFromBytes(this.buf, from, to));
      this.argvBytes += this.bulkLen;
      this.pos += this.bulkLen + 2;
      this.bulkLen = -1;
      this.multibulk--;
    }
    return undefined;
  }

  private readInline(): string[] | string | 'more' {
    const nl = findByte(this.buf, LF, this.pos);
    if (nl < 0) return this.pending > this.limits.maxInlineBytes ? 'too big inline request' : 'more';
    const end = nl > this.pos && this.buf[nl - 1] === CR ? nl - 1 : nl;
    // Split the raw bytes (one char per byte, as sdssplitargs reads them), then make each argument a Redis string.
    const line = this.buf.toString('latin1', this.pos, end);
    const argv = splitInline(line);
    if (argv === undefined) return 'unbalanced quotes in request';
    this.pos = nl + 1;
    for (let i = 0; i < argv.length; i++) if (/[\x80-\xff]/.test(argv[i])) argv[i] = redisStringFromBytes(Buffer.from(argv[i], 'latin1'));
    return argv;
  }
}

/**
 * The first `byte` at or after `from`, or -1 — stopping at a NUL byte, as C's
 * strchr does on Redis's query buffer. A plain loop: header lines are a few
 * bytes, shorter than the cost of a call into Buffer.indexOf.
 */
const findByte = (buf: Buffer, byte: number, from: number): number => {
  const n = buf.length;
  for (let i = from; i < n; i++) {
    const c = buf[i];
    if (c === byte) return i;
    if (c === 0) return -1;
  }
  return -1;
};

/** Interned command names: the same bytes give the same string object (its hash computed once). */
const NAMES = new Map<number, Array<{ readonly bytes: Buffer; readonly text: string }>>();
let namesCount = 0;
const NAME_BYTES_MAX = 24;
const NAMES_MAX = 512;

/** The last name interned (pipelines repeat one command). */
let lastName: { readonly bytes: Buffer; readonly text: string } = { bytes: Buffer.alloc(0), text: '' };

/** The Redis string of `buf[from, to)`, shared with earlier commands that sent the same name. */
const internName = (buf: Buffer, from: number, to: number): string => {
  const len = to - from;
  if (len > NAME_BYTES_MAX) return redisStringFromBytes(buf, from, to);
  const last = lastName.bytes;
  if (last.length === len) {
    let i = 0;
    while (i < len && last[i] === buf[from + i]) i++;
    if (i === len) return lastName.text;
  }
  let h = len;
  for (let i = from; i < to; i++) h = (Math.imul(h, 31) + buf[i]) | 0;
  const bucket = NAMES.get(h);
  if (bucket !== undefined) {
    for (const e of bucket) {
      if (e.bytes.length !== len) continue;
      let same = true;
      for (let i = 0; i < len && same; i++) same = e.bytes[i] === buf[from + i];
      if (same) {
        lastName = e;
        return e.text;
      }
    }
  }
  const text = redisStringFromBytes(buf, from, to);
  // Bounded: a client sending random names cannot grow it past NAMES_MAX.
  if (namesCount >= NAMES_MAX) {
    NAMES.clear();
    namesCount = 0;
  }
  const entry = { bytes: Buffer.from(buf.subarray(from, to)), text };
  if (bucket === undefined) NAMES.set(h, [entry]);
  else bucket.push(entry);
  namesCount++;
  lastName = entry;
  return text;
};

/**
 * A length as Redis's string2ll reads it: optional '-', then digits with no
 * leading zero ("0" alone is fine; "", "-", "+1", "00", "-0" are not).
 */
const string2ll = (buf: Buffer, from: number, to: number): number | undefined => {
  if (to <= from || to - from > 20) return undefined;
  if (to - from === 1 && buf[from] === 0x30) return 0;
  let i = from;
  let neg = false;
  if (buf[i] === 0x2d /* - */) {
    neg = true;
    i++;
    if (i === to) return undefined;
  }
  if (buf[i] < 0x31 || buf[i] > 0x39) return undefined;
  let n = 0;
  for (; i < to; i++) {
    const c = buf[i] - 0x30;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  if (!Number.isSafeInteger(n)) return undefined;
  return neg ? -n : n;
};

const HEX = /^[0-9a-fA-F]{2}$/;

/**
 * Split an inline command as Redis's sdssplitargs does: spaces separate
 * arguments, "double quotes" with \n \r \t \b \a \\ \" \xHH escapes, 'single
 * quotes' with \' only; a closing quote must be followed by a space.
 * Undefined when quotes are unbalanced.
 */
export const splitInline = (line: string): string[] | undefined => {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return out;
    let cur = '';
    let inDq = false;
    let inSq = false;
    for (;;) {
      if (inDq) {
        if (i >= n) return undefined;
        const c = line[i];
        if (c === '\\' && line[i + 1] === 'x' && HEX.test(line.slice(i + 2, i + 4))) {
          cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (c === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === '"') {
          if (i + 1 < n && !isSpace(line[i + 1])) return undefined;
          i++;
          break;
        } else cur += c;
        i++;
      } else if (inSq) {
        if (i >= n) return undefined;
        const c = line[i];
        if (c === '\\' && line[i + 1] === "'") {
          cur += "'";
          i += 2;
          continue;
        }
        if (c === "'") {
          if (i + 1 < n && !isSpace(line[i + 1])) return undefined;
          i++;
          break;
        }
        cur += c;
        i++;
      } else {
        if (i >= n) break;
        const c = line[i];
        if (isSpace(c)) break;
        if (c === '"') inDq = true;
        else if (c === "'") inSq = true;
        else cur += c;
        i++;
      }
    }
    out.push(cur);
  }
};
