import * as E from 'fp-ts/Either';

/**
 * A small reading of protobuf's JSON mapping as Mesos does it (stout's
 * `protobuf::parse`): a message schema lists its fields with a label and a
 * kind; parsing a JSON object yields a plain object holding only the fields
 * that were set, or the error text Mesos would give. The rules followed:
 * fields are visited in key order (stout's JSON object is a `std::map`);
 * unknown fields are ignored; `null` means unset; an unknown name of a
 * non-required enum is dropped (proto2), of a required one is an error;
 * numbers, booleans and `Infinity` may come as strings; bytes are base64; a
 * JSON object given for a repeated message field adds one element; missing
 * required fields are reported with their paths after the whole object was
 * read (`Missing required fields: a.b, c[0].d`).
 */
export type FieldKind =
  | { readonly kind: 'string' }
  | { readonly kind: 'bytes' }
  | { readonly kind: 'double' }
  | { readonly kind: 'int' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'enum'; readonly values: ReadonlyArray<string> }
  | { readonly kind: 'message'; readonly schema: () => MessageSchema }
  /** A message this model does not read: any JSON object is accepted as is. */
  | { readonly kind: 'opaque' };

/** One field of a message schema. */
export type FieldSpec = FieldKind & { readonly label: 'required' | 'optional' | 'repeated' };

/** A protobuf message, as far as this model reads it (fields in declaration order). */
export interface MessageSchema {
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

/** A parsed field value: scalars, enum names, base64-decoded bytes, messages, or arrays of those (repeated). */
export type ProtoValue = string | number | boolean | Buffer | ProtoMessage | ReadonlyArray<ProtoValue>;

/** A parsed message: only the fields that were set. */
export interface ProtoMessage {
  readonly [field: string]: ProtoValue | undefined;
}

/**
 * Parse a JSON value (already `JSON.parse`d) into a message of `schema`;
 * Left is the error text of stout's parser.
 *
 * @example
 * parseProto(FrameworkIdSchema, { value: 'F1' }); // right({ value: 'F1' })
 * parseProto(FrameworkIdSchema, {});              // left('Missing required fields: value')
 */
export const parseProto = (schema: MessageSchema, json: unknown): E.Either<string, ProtoMessage> => {
  if (!isObject(json)) return E.left('Expecting a JSON object');
  const parsed = parseObject(schema, json);
  if (E.isLeft(parsed)) return parsed;
  const missing = missingRequired(schema, parsed.right, '');
  return missing.length > 0 ? E.left(`Missing required fields: ${missing.join(', ')}`) : parsed;
};

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

const parseObject = (schema: MessageSchema, json: Record<string, unknown>): E.Either<string, ProtoMessage> => {
  const out: Record<string, ProtoValue> = {};
  for (const name of Object.keys(json).sort()) {
    const field = Object.hasOwn(schema.fields, name) ? schema.fields[name] : undefined;
    if (field === undefined) continue;
    const value = json[name];
    if (value === null) continue;
    if (Array.isArray(value)) {
      if (field.label !== 'repeated') return E.left(`Not expecting a JSON array for field '${name}'`);
      const items: ProtoValue[] = Array.isArray(out[name]) ? [...(out[name] as ProtoValue[])] : [];
      for (const element of value) {
        if (element === null) continue;
        if (Array.isArray(element)) return E.left(`Not expecting a JSON array for field '${name}'`);
        const v = parseValue(name, field, element);
        if (E.isLeft(v)) return v;
        if (v.right !== undefined) items.push(v.right);
      }
      out[name] = items;
      continue;
    }
    const v = parseValue(name, field, value);
    if (E.isLeft(v)) return v;
    if (v.right === undefined) continue;
    if (field.label === 'repeated') out[name] = [...(Array.isArray(out[name]) ? (out[name] as ProtoValue[]) : []), v.right];
    else out[name] = v.right;
  }
  return E.right(out);
};

/** One (non-array) JSON value for a field; `undefined` when it is dropped (unknown optional enum). */
const parseValue = (name: string, field: FieldSpec, value: unknown): E.Either<string, ProtoValue | undefined> => {
  if (isObject(value)) {
    if (field.kind === 'message') return parseObject(field.schema(), value);
    if (field.kind === 'opaque') return E.right(value as ProtoMessage);
    return E.left(`Not expecting a JSON object for field '${name}'`);
  }
  if (typeof value === 'string') return parseString(name, field, value);
  if (typeof value === 'number') {
    if (field.kind === 'double') return E.right(value);
    if (field.kind === 'int') return E.right(Math.trunc(value));
    return E.left(`Not expecting a JSON number for field '${name}'`);
  }
  if (typeof value === 'boolean') {
    if (field.kind === 'bool') return E.right(value);
    return E.left(`Not expecting a JSON boolean for field '${name}'`);
  }
  return E.left(`Not expecting a JSON value for field '${name}'`);
};

const parseString = (name: string, field: FieldSpec, s: string): E.Either<string, ProtoValue | undefined> => {
  switch (field.kind) {
    case 'string':
      return E.right(s);
    case 'bytes': {
      const decoded = decodeBase64(s);
      return E.isLeft(decoded) ? E.left(`Failed to base64 decode bytes field '${name}': ${decoded.left}`) : decoded;
    }
    case 'enum':
      if (field.values.includes(s)) return E.right(s);
      return field.label === 'required' ? E.left(`Failed to find enum for '${s}'`) : E.right(undefined);
    case 'double':
      if (s === 'Infinity') return E.right(Infinity);
      if (s === '-Infinity') return E.right(-Infinity);
      return numberFromString(name, s);
    case 'int': {
      const n = numberFromString(name, s);
      return E.isLeft(n) ? n : E.right(Math.trunc(n.right));
    }
    case 'bool':
      if (s === 'true') return E.right(true);
      if (s === 'false') return E.right(false);
      return E.left(`Failed to parse '${s}' as a JSON boolean for field '${name}': syntax error`);
    default:
      return E.left(`Not expecting a JSON string for field '${name}'`);
  }
};

const numberFromString = (name: string, s: string): E.Either<string, number> => {
  const n = /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(s) ? Number(s) : NaN;
  return Number.isFinite(n) ? E.right(n) : E.left(`Failed to parse '${s}' as a JSON number for field '${name}': syntax error`);
};

/** stout's base64 decoding: stops at the first '=', skips white space, rejects any other non-alphabet character. */
export const decodeBase64 = (s: string): E.Either<string, Buffer> => {
  let clean = '';
  for (const c of s) {
    if (c === '=') break;
    if (/\s/.test(c)) continue;
    if (!/[A-Za-z0-9+/]/.test(c)) return E.left(`Invalid character '${c}'`);
    clean += c;
  }
  return E.right(Buffer.from(clean, 'base64'));
};

/** protobuf's `InitializationErrorString`: paths of unset required fields, then those inside set sub-messages. */
const missingRequired = (schema: MessageSchema, msg: ProtoMessage, prefix: string): string[] => {
  const out: string[] = [];
  for (const [name, field] of Object.entries(schema.fields)) if (field.label === 'required' && msg[name] === undefined) out.push(`${prefix}${name}`);
  for (const [name, field] of Object.entries(schema.fields)) {
    if (field.kind !== 'message') continue;
    const v = msg[name];
    if (v === undefined) continue;
    if (Array.isArray(v)) v.forEach((m, i) => out.push(...missingRequired(field.schema(), m as ProtoMessage, `${prefix}${name}[${i}].`)));
    else out.push(...missingRequired(field.schema(), v as ProtoMessage, `${prefix}${name}.`));
  }
  return out;
};

/** Field constructors, to write schemas briefly. */
export const field = {
  string: (label: FieldSpec['label'] = 'optional'): FieldSpec => ({ kind: 'string', label }),
  bytes: (label: FieldSpec['label'] = 'optional'): FieldSpec => ({ kind: 'bytes', label }),
  double: (label: FieldSpec['label'] = 'optional'): FieldSpec => ({ kind: 'double', label }),
  int: (label: FieldSpec['label'] = 'optional'): FieldSpec => ({ kind: 'int', label }),
  bool: (label: FieldSpec['label'] = 'optional'): FieldSpec => ({ kind: 'bool', label }),
  enum: (values: ReadonlyArray<string>, label: FieldSpec['label'] = 'optional'): FieldSpec => ({ kind: 'enum', values, label }),
  message: (schema: () => MessageSchema, label: FieldSpec['label'] = 'optional'): FieldSpec => ({ kind: 'message', schema, label }),
  opaque: (label: FieldSpec['label'] = 'optional'): FieldSpec => ({ kind: 'opaque', label }),
};
