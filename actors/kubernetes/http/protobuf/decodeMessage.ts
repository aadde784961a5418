/**
 * Schema-driven decoding of one protobuf message into the JSON object a Go
 * client would have sent: zero values dropped where the Go field has
 * `omitempty`, kept where it has not or where it is a pointer, times as
 * RFC 3339 strings, bytes as base64. Fields the schema does not know are
 * skipped and reported by path (`spec.template.spec.containers[0].#21`);
 * known fields troupe does not model are reported by name
 * (`spec.template.spec.containers[0].securityContext`).
 */
import * as E from 'fp-ts/Either';
import { parseQuantity } from '../../api/quantity.js';
import { isBuiltin, isMessageName, kubeSchemas, type BuiltinName, type FieldSchema, type FieldType, type MessageSchema, type ObjectName } from './kubeSchemas.js';
import { createProtoReader, protoError, toBool, toInt32, toInt64, toUtf8, type ProtoError, type ProtoField, type ProtoReader, type ProtoReaderOptions, type WireType } from './ProtoReader.js';

/** A decoded message and the paths of the fields it skipped. */
export interface DecodedMessage {
  readonly value: Record<string, unknown>;
  readonly unknownFields: string[];
}

type BytesField = Extract<ProtoField, { wire: 'bytes' }>;
type Result<A> = E.Either<ProtoError, A>;

/** What one decode shares: the unknown paths found so far (each once). */
interface Ctx {
  readonly unknown: string[];
  readonly seen: Set<string>;
}

/** The fields of one message, gathered over every piece of it (protobuf merges a message sent in pieces). */
type Occurrences = Map<number, ProtoField[]>;

const report = (ctx: Ctx, path: string): void => {
  if (ctx.seen.has(path)) return;
  ctx.seen.add(path);
  ctx.unknown.push(path);
};

const join = (path: string, name: string): string => (path === '' ? name : `${path}.${name}`);

const wireOf = (type: FieldType): WireType => (type === 'int32' || type === 'int64' || type === 'bool' ? 'varint' : 'bytes');

/** Read every piece of a message, keep the fields the schema knows, report the others. */
const gather = (readers: ReadonlyArray<ProtoReader>, schema: MessageSchema, path: string, ctx: Ctx): Result<Occurrences> => {
  const occ: Occurrences = new Map();
  for (const reader of readers) {
    for (;;) {
      const next = reader.next();
      if (E.isLeft(next)) return next;
      const field = next.right;
      if (field === undefined) break;
      const spec = schema.get(field.number);
      if (spec === undefined) {
        report(ctx, join(path, `#${field.number}`));
        continue;
      }
      if (spec.type === 'skipped') continue;
      if (spec.type === 'unmodeled') {
        report(ctx, join(path, spec.json));
        continue;
      }
      const want = wireOf(spec.type);
      if (field.wire !== want) return E.left(protoError(`${join(path, spec.json)} (field ${field.number}) has wire type ${field.wire}, expected ${want}`, field.offset));
      const list = occ.get(field.number);
      if (list === undefined) occ.set(field.number, [field]);
      else list.push(field);
    }
  }
  return E.right(occ);
};

const asBytes = (f: ProtoField): BytesField => f as BytesField;
const varint = (f: ProtoField): Extract<ProtoField, { wire: 'varint' }> => f as Extract<ProtoField, { wire: 'varint' }>;
const last = <A>(xs: ReadonlyArray<A>): A => xs[xs.length - 1];

// Casts below are safe: gather() checked each field's wire type against its schema type.

/** Child readers over the pieces of a nested message. */
const open = (parent: ProtoReader, fields: ReadonlyArray<ProtoField>): Result<ProtoReader[]> => {
  const out: ProtoReader[] = [];
  for (const f of fields) {
    const r = parent.nested(asBytes(f));
    if (E.isLeft(r)) return r;
    out.push(r.right);
  }
  return E.right(out);
};

// ------------------------------------------------------------------ times

/** Go's zero time.Time (year 1) in Unix seconds: JSON `null`, so left out. */
const ZERO_TIME_SECONDS = -62135596800;
/** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: what RFC 3339 can write. */
const MIN_RFC3339_SECONDS = -62167219200;
const MAX_RFC3339_SECONDS = 253402300799;

const rfc3339 = (seconds: number, micros: number | undefined, offset: number): Result<string> => {
  if (seconds < MIN_RFC3339_SECONDS || seconds > MAX_RFC3339_SECONDS) return E.left(protoError(`time ${seconds}s is outside the years 0000-9999`, offset));
  const iso = new Date(seconds * 1000).toISOString();
  const base = iso.slice(0, 19);
  return E.right(micros === undefined ? `${base}Z` : `${base}.${String(micros).padStart(6, '0')}Z`);
};

/**
 * A metav1.Time (seconds only: Go drops the nanos on decode) or MicroTime
 * (microseconds: nanos truncated toward zero, then normalized as Go's
 * `time.Unix` does). Each piece replaces the previous one, as Go's custom
 * Unmarshal does; an empty piece is the zero time (undefined).
 */
const decodeTime = (parent: ProtoReader, fields: ReadonlyArray<ProtoField>, micro: boolean, path: string, ctx: Ctx): Result<string | undefined> => {
  const piece = asBytes(last(fields));
  if (piece.bytes.length === 0) return E.right(undefined);
  const readers = open(parent, [piece]);
  if (E.isLeft(readers)) return readers;
  const occ = gather(readers.right, kubeSchemas.Time, path, ctx);
  if (E.isLeft(occ)) return occ;
  const s = occ.right.get(1);
  const n = occ.right.get(2);
  let seconds = 0;
  if (s !== undefined) {
    const v = toInt64(varint(last(s)).value, last(s).offset);
    if (E.isLeft(v)) return v;
    seconds = v.right;
  }
  if (!micro) return seconds === ZERO_TIME_SECONDS ? E.right(undefined) : rfc3339(seconds, undefined, piece.offset);
  let nanos = n === undefined ? 0 : toInt32(varint(last(n)).value);
  nanos -= nanos % 1000; // truncate toward zero to microseconds
  seconds += Math.floor(nanos / 1e9);
  nanos -= Math.floor(nanos / 1e9) * 1e9;
  if (seconds === ZERO_TIME_SECONDS && nanos === 0) return E.right(undefined);
  return rfc3339(seconds, nanos / 1000, piece.offset);
};

// ------------------------------------------------------------------ values

const scalar = (type: 'string' | 'int32' | 'int64' | 'bool' | 'bytes', f: ProtoField): Result<string | number | boolean> => {
  switch (type) {
    case 'string':
      return E.right(toUtf8(asBytes(f).bytes));
    case 'bytes': {
      const b = asBytes(f).bytes;
      return E.right(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64'));
    }
    case 'int32':
      return E.right(toInt32(varint(f).value));
    case 'int64':
      return toInt64(varint(f).value, f.offset);
    case 'bool':
      return E.right(toBool(varint(f).value));
  }
};

const zeroOf = (type: FieldType): unknown => {
  switch (type) {
    case 'string':
    case 'bytes':
      return '';
    case 'int32':
    case 'int64':
      return 0;
    case 'bool':
      return false;
    default:
      return undefined;
  }
};

const isZero = (v: unknown): boolean =>
  v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/** A Quantity (its string, checked) or an IntOrString (a number or a string); pieces merge. */
const decodeValueMessage = (name: 'Quantity' | 'IntOrString', parent: ProtoReader, fields: ReadonlyArray<ProtoField>, path: string, ctx: Ctx): Result<string | number> => {
  const readers = open(parent, fields);
  if (E.isLeft(readers)) return readers;
  const occ = gather(readers.right, kubeSchemas[name], path, ctx);
  if (E.isLeft(occ)) return occ;
  const str = (n: number): string => {
    const f = occ.right.get(n);
    return f === undefined ? '' : toUtf8(asBytes(last(f)).bytes);
  };
  if (name === 'Quantity') {
    const f = occ.right.get(1);
    if (f === undefined) return E.right('0');
    const q = str(1);
    return Number.isNaN(parseQuantity(q))
      ? E.left(protoError(`${path}: quantity ${JSON.stringify(q)} must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`, last(f).offset))
      : E.right(q);
  }
  const typeField = occ.right.get(1);
  let type = 0;
  if (typeField !== undefined) {
    const t = toInt64(varint(last(typeField)).value, last(typeField).offset);
    if (E.isLeft(t)) return t;
    type = t.right;
  }
  if (type === 1) return E.right(str(3));
  if (type !== 0) return E.left(protoError(`${path}: IntOrString type ${type} is neither 0 (int) nor 1 (string)`, typeField === undefined ? 0 : last(typeField).offset));
  const intVal = occ.right.get(2);
  return E.right(intVal === undefined ? 0 : toInt32(varint(last(intVal)).value));
};

/** A built-in's value when it is not on the wire: zero time (left out), quantity "0", int 0. */
const builtinZero = (name: BuiltinName): unknown => (name === 'Quantity' ? '0' : name === 'IntOrString' ? 0 : undefined);

const builtin = (name: BuiltinName, parent: ProtoReader, fields: ReadonlyArray<ProtoField>, path: string, ctx: Ctx): Result<unknown> =>
  name === 'Time' || name === 'MicroTime' ? decodeTime(parent, fields, name === 'MicroTime', path, ctx) : decodeValueMessage(name, parent, fields, path, ctx);

const MAP_ENTRY: Record<'string' | 'bytes' | 'Quantity', MessageSchema> = {
  string: entrySchema('string'),
  bytes: entrySchema('bytes'),
  Quantity: entrySchema('Quantity'),
};

function entrySchema(value: 'string' | 'bytes' | 'Quantity'): MessageSchema {
  return new Map<number, FieldSchema>([
    [1, { number: 1, json: 'key', type: 'string', presence: 'always' }],
    [2, { number: 2, json: 'value', type: value, presence: 'always' }],
  ]);
}

/**
 * A map: its entries (`{1: key, 2: value}`), the last of equal keys winning;
 * a missing key is "", a missing value its zero. A value is reported and
 * blamed at `path[key]`.
 */
const decodeMap = (valueType: 'string' | 'bytes' | 'Quantity', parent: ProtoReader, fields: ReadonlyArray<ProtoField>, path: string, ctx: Ctx): Result<Record<string, unknown>> => {
  const schema = MAP_ENTRY[valueType];
  const valueSpec = schema.get(2)!;
  const out = new Map<string, unknown>();
  for (const f of fields) {
    const readers = open(parent, [f]);
    if (E.isLeft(readers)) return readers;
    const occ = gather(readers.right, schema, path, ctx);
    if (E.isLeft(occ)) return occ;
    const keys = occ.right.get(1);
    const key = keys === undefined ? '' : toUtf8(asBytes(last(keys)).bytes);
    const values = occ.right.get(2) ?? [];
    const value = fieldValue(valueSpec, values.length > 0 ? readers.right[0] : undefined, values, path, ctx, `${path}[${key}]`);
    if (E.isLeft(value)) return value;
    out.set(key, value.right);
  }
  // Keys may be anything a client sends, `__proto__` included: fromEntries defines them as plain data.
  return E.right(Object.fromEntries(out));
};

/** The JSON value of one field from its occurrences (undefined: leave it out). */
const fieldValue = (
  spec: FieldSchema,
  parent: ProtoReader | undefined,
  fields: ReadonlyArray<ProtoField>,
  path: string,
  ctx: Ctx,
  here: string = join(path, spec.json),
): Result<unknown> => {
  const type = spec.type;
  if (type === 'unmodeled' || type === 'skipped') return E.right(undefined);
  if (type === 'string' || type === 'bytes' || type === 'int32' || type === 'int64' || type === 'bool') {
    return fields.length === 0 ? E.right(zeroOf(type)) : scalar(type, last(fields));
  }
  if (type === '[]string') return E.right(fields.map((f) => toUtf8(asBytes(f).bytes)));
  if (parent === undefined) {
    // Not on the wire: the zero value, which for a struct Go always writes is its own always-written fields.
    if (!isMessageName(type)) return E.right(undefined);
    return isBuiltin(type) ? E.right(builtinZero(type)) : decodeFields([], kubeSchemas[type], here, ctx);
  }
  if (type === 'map<string,string>') return decodeMap('string', parent, fields, here, ctx);
  if (type === 'map<string,bytes>') return decodeMap('bytes', parent, fields, here, ctx);
  if (type === 'map<string,Quantity>') return decodeMap('Quantity', parent, fields, here, ctx);
  if (type.startsWith('[]')) {
    const element = type.slice(2) as ObjectName;
    const out: unknown[] = [];
    for (let i = 0; i < fields.length; i++) {
      const readers = open(parent, [fields[i]]);
      if (E.isLeft(readers)) return readers;
      const v = decodeFields(readers.right, kubeSchemas[element], `${here}[${i}]`, ctx);
      if (E.isLeft(v)) return v;
      out.push(v.right);
    }
    return E.right(out);
  }
  const name = type as Exclude<typeof type, `[]${string}` | `map<${string}`>;
  if (isBuiltin(name)) return builtin(name, parent, fields, here, ctx);
  const readers = open(parent, fields);
  if (E.isLeft(readers)) return readers;
  // An inline (embedded) struct's fields sit at the parent's path.
  return decodeFields(readers.right, kubeSchemas[name], spec.presence === 'inline' ? path : here, ctx);
};

/** Decode the pieces of one message against its schema. */
function decodeFields(readers: ReadonlyArray<ProtoReader>, schema: MessageSchema, path: string, ctx: Ctx): Result<Record<string, unknown>> {
  const occ = gather(readers, schema, path, ctx);
  if (E.isLeft(occ)) return occ;
  const out: Record<string, unknown> = {};
  for (const spec of schema.values()) {
    const fields = occ.right.get(spec.number) ?? [];
    const present = fields.length > 0;
    if (!present && spec.presence !== 'always') continue;
    const v = fieldValue(spec, present ? readers[0] : undefined, fields, path, ctx);
    if (E.isLeft(v)) return v;
    const value = v.right;
    if (value === undefined) continue;
    if (spec.presence === 'inline') {
      Object.assign(out, value);
      continue;
    }
    if (spec.presence === 'omitempty' && isZero(value)) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[spec.json] = value;
  }
  return E.right(out);
}

/** Options of {@link decodeMessage}. */
export type DecodeMessageOptions = ProtoReaderOptions;

/**
 * Decode `bytes` as the message `name` into its JSON object.
 *
 * @example
 * // {1: "x"} as an ObjectMeta
 * decodeMessage(Uint8Array.of(0x0a, 0x01, 0x78), 'ObjectMeta');
 * // right({ value: { name: 'x' }, unknownFields: [] })
 */
export const decodeMessage = (bytes: Uint8Array, name: ObjectName, options: DecodeMessageOptions = {}): E.Either<ProtoError, DecodedMessage> => {
  const ctx: Ctx = { unknown: [], seen: new Set() };
  const value = decodeFields([createProtoReader(bytes, options)], kubeSchemas[name], '', ctx);
  return E.isLeft(value) ? value : E.right({ value: value.right, unknownFields: ctx.unknown });
};
