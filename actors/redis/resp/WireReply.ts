import { isWellFormedString, redisStringToBytes } from '../RedisString.js';
import type { Reply } from '../Reply.js';

/**
 * What the front door writes: a node's {@link Reply}, or one of RESP3's
 * richer shapes (maps, sets, verbatim strings, null), which RESP2 clients
 * receive flattened (maps as flat arrays, verbatim strings as bulk strings)
 * — as Redis does in `addReplyMapLen` / `addReplyVerbatim`.
 */
export type WireReply =
  | Reply
  | { readonly kind: 'map'; readonly entries: ReadonlyArray<readonly [WireReply, WireReply]> }
  | { readonly kind: 'set'; readonly items: ReadonlyArray<WireReply> }
  | { readonly kind: 'verbatim'; readonly format: string; readonly value: string }
  | { readonly kind: 'wire-array'; readonly items: ReadonlyArray<WireReply> };

/** A map reply (RESP3 `%`, RESP2 a flat array). */
export const mapReply = (entries: ReadonlyArray<readonly [WireReply, WireReply]>): WireReply => ({ kind: 'map', entries });
/** A verbatim string (RESP3 `=`, RESP2 a bulk string). */
export const verbatim = (value: string, format = 'txt'): WireReply => ({ kind: 'verbatim', format, value });
/** An array that may hold RESP3 shapes. */
export const wireArray = (items: ReadonlyArray<WireReply>): WireReply => ({ kind: 'wire-array', items });

/** Protocol version of a connection (HELLO switches it). */
export type RespVersion = 2 | 3;

/**
 * UTF-8 length of a string if it is text (well-formed); -1 if it holds
 * escaped raw bytes (see `RedisString`). Short ASCII strings — most keys
 * and values — are measured in a loop, without a call into Buffer.
 */
const textLength = (s: string): number => {
  const n = s.length;
  if (n <= 64) {
    let i = 0;
    while (i < n && s.charCodeAt(i) < 0x80) i++;
    if (i === n) return n;
  }
  return isWellFormedString(s) ? Buffer.byteLength(s, 'utf8') : -1;
};

/** The bytes a string stands for, one char per byte (the byte-mode encoding, written as latin1). */
const byteChars = (s: string): string => redisStringToBytes(s).toString('latin1');

/**
 * Set when the text-mode encoder met a string with raw bytes: text mode
 * (a JS string written as UTF-8) cannot carry them, the reply is encoded
 * again in byte mode.
 */
let sawRawBytes = false;

const bulkOf = (s: string, bytes: boolean): string => {
  if (bytes) {
    const b = byteChars(s);
    return `$${b.length}\r\n${b}\r\n`;
  }
  const n = textLength(s);
  if (n < 0) sawRawBytes = true;
  return `$${n}\r\n${s}\r\n`;
};

/** Simple strings and errors cannot carry CR or LF (Redis replaces them with spaces). */
const line = (s: string, bytes: boolean): string => {
  const t = s.includes('\r') || s.includes('\n') ? s.replace(/[\r\n]/g, ' ') : s;
  if (bytes) return byteChars(t);
  if (textLength(t) < 0) sawRawBytes = true;
  return t;
};

const encode = (r: WireReply, proto: RespVersion, bytes: boolean): string => {
  switch (r.kind) {
    case 'simple':
      return `+${line(r.value, bytes)}\r\n`;
    case 'error':
      return `-${line(r.message, bytes)}\r\n`;
    case 'integer':
      return `:${r.value}\r\n`;
    case 'bulk':
      return r.value === null ? (proto === 3 ? '_\r\n' : '$-1\r\n') : bulkOf(r.value, bytes);
    case 'array':
    case 'wire-array': {
      const items = r.items;
      if (items === null) return proto === 3 ? '_\r\n' : '*-1\r\n';
      let out = `*${items.length}\r\n`;
      for (const i of items) out += encode(i, proto, bytes);
      return out;
    }
    case 'set': {
      let out = `${proto === 3 ? '~' : '*'}${r.items.length}\r\n`;
      for (const i of r.items) out += encode(i, proto, bytes);
      return out;
    }
    case 'map': {
      let out = proto === 3 ? `%${r.entries.length}\r\n` : `*${r.entries.length * 2}\r\n`;
      for (const [k, v] of r.entries) out += encode(k, proto, bytes) + encode(v, proto, bytes);
      return out;
    }
    case 'verbatim': {
      if (proto === 2) return bulkOf(r.value, bytes);
      const value = bytes ? byteChars(r.value) : r.value;
      const n = bytes ? value.length : textLength(value);
      if (n < 0) sawRawBytes = true;
      return `=${n + r.format.length + 1}\r\n${r.format}:${value}\r\n`;
    }
  }
};

/**
 * Encode a reply in RESP2 or RESP3: a string (to be written as UTF-8) when
 * every string in it is text, else the exact bytes — keys and values that
 * hold raw bytes (see `RedisString`) go out as the bytes they stand for.
 *
 * @example
 * encodeReply({ kind: 'bulk', value: null }, 2); // '$-1\r\n'
 * encodeReply({ kind: 'bulk', value: null }, 3); // '_\r\n'
 * encodeReply({ kind: 'bulk', value: '\udcff' }, 2); // <Buffer 24 31 0d 0a ff 0d 0a>
 */
export const encodeReply = (r: WireReply, proto: RespVersion): string | Buffer => {
  sawRawBytes = false;
  const text = encode(r, proto, false);
  if (!sawRawBytes) return text;
  return Buffer.from(encode(r, proto, true), 'latin1');
};
