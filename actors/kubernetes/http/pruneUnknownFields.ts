/**
 * Field pruning by the resource's io-ts codec: what the API server does with
 * fields its schema doesn't know (`fieldValidation=Ignore` drops them, `Warn`
 * drops them with a warning, `Strict` rejects the request).
 */
import type * as t from 'io-ts';
import { isRecord } from '../api/meta.js';

/** The result: the object without unknown fields, and their paths (`spec.containers[0].command`). */
export interface Pruned {
  readonly value: unknown;
  readonly unknown: ReadonlyArray<string>;
}

type AnyType = t.Mixed & { readonly _tag?: string };
interface Props {
  readonly props: Map<string, AnyType>;
  /** Some member accepts any key (a record): nothing here is unknown. */
  readonly open: boolean;
}


/** Unwrap refinements, exact/readonly wrappers and recursive types. */
const unwrap = (type: AnyType): AnyType => {
  let cur = type as AnyType & { type?: AnyType; runDefinition?: () => AnyType };
  for (let i = 0; i < 16; i++) {
    if (cur._tag === 'RefinementType' || cur._tag === 'ExactType' || cur._tag === 'ReadonlyType' || cur._tag === 'StrictType') cur = cur.type as typeof cur;
    else if (cur._tag === 'RecursiveType' && cur.runDefinition !== undefined) cur = cur.runDefinition() as typeof cur;
    else break;
  }
  return cur;
};

/** Object props a type declares (through intersections), or undefined when it is not an object type. */
const propsOf = (type: AnyType): Props | undefined => {
  const u = unwrap(type) as AnyType & { props?: Record<string, AnyType>; types?: AnyType[] };
  if (u._tag === 'InterfaceType' || u._tag === 'PartialType') return { props: new Map(Object.entries(u.props ?? {})), open: false };
  if (u._tag === 'IntersectionType') {
    const props = new Map<string, AnyType>();
    let open = false;
    let any = false;
    for (const member of u.types ?? []) {
      const p = propsOf(member);
      if (p === undefined) {
        const m = unwrap(member);
        if (m._tag === 'DictionaryType' || m._tag === 'UnknownRecordType' || m._tag === 'UnknownType' || m._tag === 'AnyType') open = true;
        continue;
      }
      any = true;
      open ||= p.open;
      for (const [k, v] of p.props) props.set(k, props.has(k) ? props.get(k)! : v);
    }
    return any || open ? { props, open } : undefined;
  }
  return undefined;
};

const prune = (type: AnyType, value: unknown, path: string, out: string[]): unknown => {
  const u = unwrap(type) as AnyType & { type?: AnyType; types?: AnyType[]; codomain?: AnyType };
  if (u._tag === 'UnionType') {
    // The member the value decodes as decides its schema; none → leave it to validation.
    const member = (u.types ?? []).find((m) => m.is(value) || m.decode(value)._tag === 'Right');
    return member === undefined ? value : prune(member, value, path, out);
  }
  if (u._tag === 'ArrayType' || u._tag === 'ReadonlyArrayType') {
    return Array.isArray(value) ? value.map((v, i) => prune(u.type!, v, `${path}[${i}]`, out)) : value;
  }
  if (u._tag === 'DictionaryType') {
    if (!isRecord(value)) return value;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = prune(u.codomain!, v, `${path}[${JSON.stringify(k)}]`, out);
    return copy;
  }
  const props = propsOf(u);
  if (props === undefined || !isRecord(value) || props.open) return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const field = path === '' ? k : `${path}.${k}`;
    const prop = props.props.get(k);
    if (prop === undefined) out.push(field);
    else copy[k] = prune(prop, v, field, out);
  }
  return copy;
};

/** Fields every object may carry whatever its codec says. */
const ALWAYS = new Set(['apiVersion', 'kind']);

/**
 * Drop the fields of `value` that `codec` does not declare and list their
 * paths. `apiVersion` and `kind` are always allowed; `metadata.managedFields`
 * is dropped silently (troupe keeps no field managers).
 *
 * @example
 * pruneUnknownFields(Pod, { kind: 'Pod', spec: { containers: [], foo: 1 } }).unknown; // ['spec.foo']
 */
export const pruneUnknownFields = (codec: t.Decoder<unknown, unknown>, value: unknown): Pruned => {
  if (!isRecord(value)) return { value, unknown: [] };
  const out: string[] = [];
  const keep: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) (ALWAYS.has(k) ? keep : rest)[k] = v;
  if (isRecord(rest.metadata) && 'managedFields' in rest.metadata) {
    const { managedFields: _dropped, ...meta } = rest.metadata;
    rest.metadata = meta;
  }
  const pruned = prune(codec as unknown as AnyType, rest, '', out);
  return { value: { ...keep, ...(pruned as Record<string, unknown>) }, unknown: out };
};
