import { isUtf8 } from 'node:buffer';

/**
 * Redis strings (keys, values, arguments) are bytes; the model carries them
 * as JS strings, with one rule for the simulation and the wire alike:
 *
 * **a JS string stands for its UTF-8 bytes, except that a lone surrogate
 * U+DC80…U+DCFF stands for the single byte 0x80…0xFF** (Python's
 * "surrogateescape"). Bytes that are valid UTF-8 read as the text they
 * encode (`'ключ'` is the key a UTF-8 client sends), and any other byte
 * sequence still round-trips: the wire decodes it with
 * {@link redisStringFromBytes} (invalid bytes become escapes) and encodes
 * replies with {@link redisStringToBytes}. Hash slots, STRLEN and
 * replication offsets count the same bytes ({@link redisStringByteLength},
 * `crc16`). Other lone surrogates (not escapes) stand for U+FFFD, as Node's
 * UTF-8 encoder writes them.
 *
 * @example
 * const s = redisStringFromBytes(Buffer.from([0x66, 0xff, 0x00])); // 'f\udcff\u0000'
 * redisStringToBytes(s);       // <Buffer 66 ff 00>
 * redisStringByteLength(s);    // 3
 * redisStringFromBytes(Buffer.from('ключ')); // 'ключ'
 */

/** First and last code units that stand for a raw byte (0x80…0xFF). */
const ESCAPE_MIN = 0xdc80;
const ESCAPE_MAX = 0xdcff;

interface WellFormed {
  isWellFormed(): boolean;
}

/** Node's Buffer#latin1Slice (what toString('latin1', …) ends in, without its argument handling). */
interface Latin1Slice {
  latin1Slice(start: number, end: number): string;
}

/** Whether a string has no lone surrogate: its UTF-8 encoding is Node's, byte for byte (ES2024's String.prototype.isWellFormed). */
export const isWellFormedString = (s: string): boolean => (s as unknown as WellFormed).isWellFormed();

/**
 * The JS string standing for `bytes[start, end)`: the text when the bytes
 * are valid UTF-8, with every byte that is not part of a valid sequence
 * escaped as U+DC80 + (byte − 0x80).
 */
export const redisStringFromBytes = (bytes: Buffer, start = 0, end = bytes.length): string => {
  // Short ASCII (the common case): no validation call.
  if (end - start <= 64) {
    let i = start;
    while (i < end && bytes[i] < 0x80) i++;
    if (i === end) return (bytes as unknown as Latin1Slice).latin1Slice(start, end);
  }
  if (isUtf8(bytes.subarray(start, end))) return bytes.toString('utf8', start, end);
  return decodeEscaped(bytes, start, end);
};

/** Length of the UTF-8 sequence a lead byte starts, and the range of its second byte (Unicode Table 3-7), or 0 for no valid lead. */
const sequence = (lead: number): [number, number, number] | undefined => {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if ((lead >= 0xe1 && lead <= 0xec) || lead === 0xee || lead === 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return undefined;
};

const decodeEscaped = (bytes: Buffer, start: number, end: number): string => {
  const units: number[] = [];
  let out = '';
  const flush = (): void => {
    out += String.fromCharCode(...units);
    units.length = 0;
  };
  let i = start;
  while (i < end) {
    if (units.length > 8192) flush();
    const b = bytes[i];
    if (b < 0x80) {
      units.push(b);
      i++;
      continue;
    }
    const seq = sequence(b);
    let ok = seq !== undefined && i + seq[0] <= end;
    if (ok) {
      const [len, lo, hi] = seq!;
      ok = bytes[i + 1] >= lo && bytes[i + 1] <= hi;
      for (let k = 2; ok && k < len; k++) ok = bytes[i + k] >= 0x80 && bytes[i + k] <= 0xbf;
      if (ok) {
        let cp = len === 2 ? b & 0x1f : len === 3 ? b & 0x0f : b & 0x07;
        for (let k = 1; k < len; k++) cp = (cp << 6) | (bytes[i + k] & 0x3f);
        if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
        else units.push(cp);
        i += len;
        continue;
      }
    }
    // Not part of a valid sequence: this one byte is escaped, decoding resumes at the next.
    units.push(ESCAPE_MIN + (b - 0x80));
    i++;
  }
  flush();
  return out;
};

/**
 * Visit the bytes a string stands for, in order (see the module rule).
 * Returns nothing; `visit` gets each byte.
 */
export const forEachRedisByte = (s: string, from: number, to: number, visit: (byte: number) => void): void => {
  for (let i = from; i < to; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      visit(c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < to) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
          i++;
          visit(0xf0 | (c >> 18));
          visit(0x80 | ((c >> 12) & 0x3f));
          visit(0x80 | ((c >> 6) & 0x3f));
          visit(0x80 | (c & 0x3f));
          continue;
        }
      }
      if (c >= ESCAPE_MIN && c <= ESCAPE_MAX) {
        visit(c - ESCAPE_MIN + 0x80);
        continue;
      }
      c = 0xfffd; // any other lone surrogate
    }
    if (c < 0x800) {
      visit(0xc0 | (c >> 6));
    } else {
      visit(0xe0 | (c >> 12));
      visit(0x80 | ((c >> 6) & 0x3f));
    }
    visit(0x80 | (c & 0x3f));
  }
};

/**
 * Number of bytes a string stands for (what STRLEN, APPEND and replication
 * offsets count).
 *
 * @example
 * redisStringByteLength('é');      // 2 (UTF-8)
 * redisStringByteLength('\udce9'); // 1 (the raw byte 0xE9)
 */
export const redisStringByteLength = (s: string): number => {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < s.length) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          n += 2; // a pair: 2 code units, 4 bytes
          i++;
          continue;
        }
      }
      if (c < ESCAPE_MIN || c > ESCAPE_MAX) n += 2; // U+FFFD; an escape is 1 byte
    } else n += 2;
  }
  return n;
};

/**
 * The bytes a string stands for.
 *
 * @example
 * redisStringToBytes('a\udcff'); // <Buffer 61 ff>
 */
export const redisStringToBytes = (s: string): Buffer => {
  if (isWellFormedString(s)) return Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(redisStringByteLength(s));
  let n = 0;
  forEachRedisByte(s, 0, s.length, (b) => {
    out[n++] = b;
  });
  return out;
};
