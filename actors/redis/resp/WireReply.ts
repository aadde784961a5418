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

const bulkOf = (s: string): string => `$${Buffer.byteLength(s, 'utf8')}\r\n${s}\r\n`;

/** Simple strings and errors cannot carry CR or LF (Redis replaces them with spaces). */
const line = (s: string): string => (s.includes('\r') || s.includes('\n') ? s.replace(/[\r\n]/g, ' ') : s);

/**
 * Encode a reply in RESP2 or RESP3.
 *
 * @example
 * encodeReply({ kind: 'bulk', value: null }, 2); // '$-1\r\n'
 * encodeReply({ kind: 'bulk', value: null }, 3); // '_\r\n'
 */
export const encodeReply = (r: WireReply, proto: RespVersion): string => {
  switch (r.kind) {
    case 'simple':
      return `+${line(r.value)}\r\n`;
    case 'error':
      return `-${line(r.message)}\r\n`;
    case 'integer':
      return `:${r.value}\r\n`;
    case 'bulk':
      return r.value === null ? (proto === 3 ? '_\r\n' : '$-1\r\n') : bulkOf(r.value);
    case 'array':
    case 'wire-array': {
      const items = r.items;
      if (items === null) return proto === 3 ? '_\r\n' : '*-1\r\n';
      let out = `*${items.length}\r\n`;
      for (const i of items) out += encodeReply(i, proto);
      return out;
    }
    case 'set': {
      let out = `${proto === 3 ? '~' : '*'}${r.items.length}\r\n`;
      for (const i of r.items) out += encodeReply(i, proto);
      return out;
    }
    case 'map': {
      let out = proto === 3 ? `%${r.entries.length}\r\n` : `*${r.entries.length * 2}\r\n`;
      for (const [k, v] of r.entries) out += encodeReply(k, proto) + encodeReply(v, proto);
      return out;
    }
    case 'verbatim':
      if (proto === 2) return bulkOf(r.value);
      return `=${Buffer.byteLength(r.value, 'utf8') + r.format.length + 1}\r\n${r.format}:${r.value}\r\n`;
  }
};
