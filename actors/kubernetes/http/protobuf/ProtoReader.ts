/**
 * A bounds-checked reader of the protobuf wire format, one message level at
 * a time. Every malformed or truncated input comes back as a
 * {@link ProtoError} value; nothing here throws, every loop consumes at
 * least one byte per turn, and nesting is capped by depth.
 */
import * as E from 'fp-ts/Either';

/** A malformed input: what was wrong and at which byte (from the start of the outermost buffer). */
export interface ProtoError {
  readonly _tag: 'ProtoError';
  readonly message: string;
  readonly offset: number;
}

/** Build a {@link ProtoError}. */
export const protoError = (message: string, offset: number): ProtoError => ({ _tag: 'ProtoError', message, offset });

/** A varint or fixed64 value as two unsigned 32-bit halves (JS numbers cannot hold 64 bits). */
export interface Uint64Parts {
  readonly lo: number;
  readonly hi: number;
}

/** One field of a message, as it came on the wire. */
export type ProtoField =
  | { readonly number: number; readonly wire: 'varint'; readonly value: Uint64Parts; readonly offset: number }
  | { readonly number: number; readonly wire: 'fixed64'; readonly value: Uint64Parts; readonly offset: number }
  | { readonly number: number; readonly wire: 'fixed32'; readonly value: number; readonly offset: number }
  /** `offset` is where the field's tag starts; `payloadOffset` where its bytes start. */
  | { readonly number: number; readonly wire: 'bytes'; readonly bytes: Uint8Array; readonly offset: number; readonly payloadOffset: number };

/** The wire type names a {@link ProtoField} can have. */
export type WireType = ProtoField['wire'];

/** Reads the fields of one message in order. */
export interface ProtoReader {
  /** How deep this message is (0 for the outermost). */
  readonly depth: number;
  /** The next field; `undefined` at the end of the message; an error on malformed input (then stop reading). */
  next(): E.Either<ProtoError, ProtoField | undefined>;
  /** A reader over a length-delimited field's payload, one level deeper; an error past the depth cap. */
  nested(field: Extract<ProtoField, { wire: 'bytes' }>): E.Either<ProtoError, ProtoReader>;
}

/** Options of {@link createProtoReader}. */
export interface ProtoReaderOptions {
  /** Deepest nesting allowed (the outermost message is depth 0). @default 32 */
  readonly maxDepth?: number;
  /** Where `bytes` starts in the whole input, so error offsets point into it. @default 0 */
  readonly offset?: number;
}

/** @default 32 — Kubernetes objects nest about a dozen levels at most. */
export const PROTO_MAX_DEPTH_DEFAULT = 32;

/** Largest field number protobuf allows (2^29 - 1). */
const MAX_FIELD_NUMBER = 0x1fffffff;

interface Varint {
  readonly lo: number;
  readonly hi: number;
  readonly end: number;
}

/** Read a varint of at most 10 bytes at `pos` (bits past the 64th are dropped, as Go's decoder does). */
const readVarint = (buf: Uint8Array, pos: number, limit: number, base: number): E.Either<ProtoError, Varint> => {
  let lo = 0;
  let hi = 0;
  for (let n = 0; n < 10; n++) {
    const at = pos + n;
    if (at >= limit) return E.left(protoError('truncated varint', base + at));
    const b = buf[at];
    const bits = b & 0x7f;
    if (n < 4) lo |= bits << (7 * n);
    else if (n === 4) {
      lo |= (bits & 0x0f) << 28;
      hi |= bits >>> 4;
    } else hi |= bits << (7 * n - 32);
    if ((b & 0x80) === 0) return E.right({ lo: lo >>> 0, hi: hi >>> 0, end: at + 1 });
  }
  return E.left(protoError('varint longer than 10 bytes', base + pos));
};

const readUint32LE = (buf: Uint8Array, pos: number): number => (buf[pos] | (buf[pos + 1] << 8) | (buf[pos + 2] << 16) | (buf[pos + 3] << 24)) >>> 0;

const makeReader = (buf: Uint8Array, base: number, depth: number, maxDepth: number): ProtoReader => {
  let pos = 0;
  let failed = false;
  const limit = buf.length;
  const fail = (message: string, at: number): E.Either<ProtoError, never> => {
    failed = true;
    return E.left(protoError(message, base + at));
  };
  return {
    depth,
    next: () => {
      if (failed) return fail('read past an earlier error', pos);
      if (pos >= limit) return E.right(undefined);
      const start = pos;
      const tag = readVarint(buf, pos, limit, base);
      if (E.isLeft(tag)) {
        failed = true;
        return tag;
      }
      const { lo, hi, end } = tag.right;
      const wire = lo & 7;
      const number = hi === 0 ? lo >>> 3 : -1;
      if (number <= 0 || number > MAX_FIELD_NUMBER) return fail(`illegal field number ${hi === 0 ? number : '(too large)'}`, start);
      pos = end;
      switch (wire) {
        case 0: {
          const v = readVarint(buf, pos, limit, base);
          if (E.isLeft(v)) {
            failed = true;
            return v;
          }
          pos = v.right.end;
          return E.right({ number, wire: 'varint', value: { lo: v.right.lo, hi: v.right.hi }, offset: base + start });
        }
        case 1: {
          if (limit - pos < 8) return fail(`truncated fixed64 field ${number}`, start);
          const value = { lo: readUint32LE(buf, pos), hi: readUint32LE(buf, pos + 4) };
          pos += 8;
          return E.right({ number, wire: 'fixed64', value, offset: base + start });
        }
        case 2: {
          const len = readVarint(buf, pos, limit, base);
          if (E.isLeft(len)) {
            failed = true;
            return len;
          }
          const payload = len.right.end;
          if (len.right.hi !== 0 || len.right.lo > limit - payload) return fail(`length of field ${number} runs past the end of its message`, start);
          pos = payload + len.right.lo;
          return E.right({ number, wire: 'bytes', bytes: buf.subarray(payload, pos), offset: base + start, payloadOffset: base + payload });
        }
        case 5: {
          if (limit - pos < 4) return fail(`truncated fixed32 field ${number}`, start);
          const value = readUint32LE(buf, pos);
          pos += 4;
          return E.right({ number, wire: 'fixed32', value, offset: base + start });
        }
        case 3:
        case 4:
          return fail(`field ${number} is a group (wire type ${wire}); groups are not supported`, start);
        default:
          return fail(`field ${number} has illegal wire type ${wire}`, start);
      }
    },
    nested: (field) =>
      depth + 1 > maxDepth
        ? E.left(protoError(`messages nested deeper than ${maxDepth} levels`, field.offset))
        : E.right(makeReader(field.bytes, field.payloadOffset, depth + 1, maxDepth)),
  };
};

/**
 * A reader over one protobuf message.
 *
 * @example
 * const r = createProtoReader(Uint8Array.of(0x08, 0x96, 0x01));
 * r.next(); // right({ number: 1, wire: 'varint', value: { lo: 150, hi: 0 }, offset: 0 })
 * r.next(); // right(undefined)
 */
export const createProtoReader = (bytes: Uint8Array, options: ProtoReaderOptions = {}): ProtoReader =>
  makeReader(bytes, options.offset ?? 0, 0, options.maxDepth ?? PROTO_MAX_DEPTH_DEFAULT);

const TWO_32 = 0x1_0000_0000;

/**
 * A varint as a signed 64-bit integer (two's complement, as Go encodes
 * int64 and negative int32), or an error when it is outside JS's safe range.
 */
export const toInt64 = (v: Uint64Parts, offset: number): E.Either<ProtoError, number> => {
  const n = v.hi >= 0x8000_0000 ? (v.hi - TWO_32) * TWO_32 + v.lo : v.hi * TWO_32 + v.lo;
  return Number.isSafeInteger(n) ? E.right(n) : E.left(protoError('integer outside the range JavaScript can hold exactly', offset));
};

/** A varint as int32: its low 32 bits, signed (what Go's generated decoders keep). */
export const toInt32 = (v: Uint64Parts): number => v.lo | 0;

/** A varint as bool: anything but zero is true. */
export const toBool = (v: Uint64Parts): boolean => v.lo !== 0 || v.hi !== 0;

/** Bytes as a UTF-8 string (invalid sequences become U+FFFD, as Go's JSON encoder writes them). */
export const toUtf8 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
