/**
 * A tiny protobuf writer for building spec inputs field by field (the
 * decoder under test never uses it). Numbers are encoded the way Go does:
 * negative int32/int64 as 10-byte two's complement varints.
 */

/** Bytes of a varint; negative numbers as 64-bit two's complement. */
export const varint = (value: number | bigint): number[] => {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? b : b | 0x80);
  } while (v !== 0n);
  return out;
};

const tag = (field: number, wire: number): number[] => varint((BigInt(field) << 3n) | BigInt(wire));

/** Concatenate pieces into one buffer. */
export const cat = (...parts: ReadonlyArray<Uint8Array | number[]>): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

/** A varint field (int32, int64, bool, enum). */
export const int = (field: number, value: number | bigint | boolean): Uint8Array =>
  Uint8Array.from([...tag(field, 0), ...varint(typeof value === 'boolean' ? (value ? 1 : 0) : value)]);

/** A length-delimited field holding raw bytes. */
export const bytes = (field: number, payload: Uint8Array | number[]): Uint8Array => Uint8Array.from([...tag(field, 2), ...varint(payload.length), ...payload]);

/** A string field (UTF-8). */
export const str = (field: number, s: string): Uint8Array => bytes(field, [...Buffer.from(s, 'utf8')]);

/** A message field whose payload is the concatenation of `parts`. */
export const msg = (field: number, ...parts: Uint8Array[]): Uint8Array => bytes(field, cat(...parts));

/** A map entry `{1: key, 2: value}` as field `field`. */
export const entry = (field: number, key: string, value: Uint8Array): Uint8Array => msg(field, str(1, key), value);

/** A fixed32 field. */
export const fixed32 = (field: number, value: number): Uint8Array => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return cat(tag(field, 5), b);
};

/** A fixed64 field. */
export const fixed64 = (field: number, value: bigint): Uint8Array => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, value));
  return cat(tag(field, 1), b);
};

/** A raw tag (for groups and illegal wire types). */
export const rawTag = (field: number, wire: number): Uint8Array => Uint8Array.from(tag(field, wire));

/** A Kubernetes protobuf body: `k8s\0` and a runtime.Unknown around `raw`. */
export const kubeBody = (apiVersion: string, kind: string, raw: Uint8Array, extra: { contentEncoding?: string; contentType?: string } = {}): Buffer =>
  Buffer.from(
    cat(
      [0x6b, 0x38, 0x73, 0x00],
      msg(1, str(1, apiVersion), str(2, kind)),
      bytes(2, raw),
      str(3, extra.contentEncoding ?? ''),
      str(4, extra.contentType ?? ''),
    ),
  );
