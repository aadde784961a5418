/**
 * Kubernetes strategic merge patch (`application/strategic-merge-patch+json`),
 * the patch `kubectl apply`, `kubectl edit` and `kubectl patch` send.
 *
 * Like JSON merge patch, maps merge recursively and `null` deletes a key; unlike
 * it, lists a kind's schema marks `merge` are merged element by element on a
 * merge key (containers by `name`, ports by `containerPort` …) or, for lists of
 * primitives (finalizers), as sets. Directives: `$patch: replace | delete | merge`
 * on maps and list elements, `$retainKeys`, `$deleteFromPrimitiveList/<field>`
 * and `$setElementOrder/<field>`. Semantics follow apimachinery's
 * `strategicpatch.StrategicMergeMapPatch` as the API server runs it.
 */
import * as E from 'fp-ts/Either';
import { badRequest, status, type Status } from './Status.js';
import { isRecord } from './meta.js';

/** How one field merges: lists default to replace, maps to merge. */
export interface FieldPatchMeta {
  /** `merge` for lists merged on `mergeKey` (or as a set when there is none); `replace` to take the patch's map or list whole. */
  readonly strategy: 'merge' | 'replace';
  /** Key identifying list elements (absent: a list of primitives merged as a set). */
  readonly mergeKey?: string;
}

/**
 * A kind's patch schema: dotted field paths (list elements share their list's
 * path, so `spec.containers.ports` is the ports of every container) to their
 * patch metadata. Fields not listed merge like JSON merge patch.
 */
export type PatchSchema = Readonly<Record<string, FieldPatchMeta>>;

const merge = (mergeKey?: string): FieldPatchMeta => (mergeKey === undefined ? { strategy: 'merge' } : { strategy: 'merge', mergeKey });

const prefixed = (prefix: string, entries: Record<string, FieldPatchMeta>): Record<string, FieldPatchMeta> =>
  Object.fromEntries(Object.entries(entries).map(([k, v]) => [`${prefix}${k}`, v]));

// Patch strategies as declared by the `patchStrategy`/`patchMergeKey` tags of k8s.io/api types.
const OBJECT_META = { 'metadata.finalizers': merge(), 'metadata.ownerReferences': merge('uid') };
const CONTAINER = { ports: merge('containerPort'), env: merge('name'), volumeMounts: merge('mountPath'), volumeDevices: merge('devicePath') };
const POD_SPEC = {
  volumes: merge('name'),
  containers: merge('name'),
  ...prefixed('containers.', CONTAINER),
  initContainers: merge('name'),
  ...prefixed('initContainers.', CONTAINER),
  ephemeralContainers: merge('name'),
  ...prefixed('ephemeralContainers.', CONTAINER),
  imagePullSecrets: merge('name'),
  hostAliases: merge('ip'),
  topologySpreadConstraints: merge('topologyKey'),
  schedulingGates: merge('name'),
  resourceClaims: merge('name'),
};
const POD_STATUS = { conditions: merge('type'), podIPs: merge('ip'), hostIPs: merge('ip'), resourceClaimStatuses: merge('name') };
const TEMPLATED = { ...OBJECT_META, ...prefixed('spec.template.', OBJECT_META), ...prefixed('spec.template.spec.', POD_SPEC), 'status.conditions': merge('type') };

/**
 * The patch schemas of the kinds troupe serves. Tolerations, taints,
 * readinessGates, containerStatuses, endpoint subsets and namespace
 * spec.finalizers have no patch strategy upstream: they are replaced whole.
 */
export const PATCH_SCHEMAS: Readonly<Record<string, PatchSchema>> = {
  Pod: { ...OBJECT_META, ...prefixed('spec.', POD_SPEC), ...prefixed('status.', POD_STATUS) },
  ReplicaSet: TEMPLATED,
  Deployment: TEMPLATED,
  Node: { ...OBJECT_META, 'spec.podCIDRs': merge(), 'status.conditions': merge('type'), 'status.addresses': merge('type') },
  Namespace: { ...OBJECT_META, 'status.conditions': merge('type') },
  Service: { ...OBJECT_META, 'spec.ports': merge('port'), 'status.conditions': merge('type') },
  Endpoints: OBJECT_META,
  Event: OBJECT_META,
  ConfigMap: OBJECT_META,
  Lease: OBJECT_META,
  PriorityClass: OBJECT_META,
  Binding: OBJECT_META,
  Scale: OBJECT_META,
};

/**
 * Apply a strategic merge patch to an object of `kind`. Kinds without a schema
 * (user-registered ones) merge like JSON merge patch: every list is replaced.
 * Returns a new value (unchanged subtrees are shared); inputs are untouched.
 * A patch that is not an object or carries a malformed directive is a
 * BadRequest Status.
 *
 * @example
 * strategicMergePatch('Pod', pod, { spec: { containers: [{ name: 'sidecar', image: 'envoy' }] } });
 * // adds the sidecar container and keeps the others
 */
export const strategicMergePatch = (kind: string, original: unknown, patch: unknown): E.Either<Status, unknown> =>
  strategicMergePatchWith(PATCH_SCHEMAS[kind] ?? {}, original, patch);

/** {@link strategicMergePatch} with an explicit schema (for kinds troupe does not know). */
export const strategicMergePatchWith = (schema: PatchSchema, original: unknown, patch: unknown): E.Either<Status, unknown> => {
  if (!isRecord(patch)) return E.left(badRequest(`strategic merge patch must be a JSON object, not ${describe(patch)}`));
  return E.map((merged: Rec | typeof DELETE) => (merged === DELETE ? {} : merged))(mergeMap(schema, '', isRecord(original) ? original : {}, patch));
};

type Rec = Record<string, unknown>;
type Result<A> = E.Either<Status, A>;

/** A map whose patch said `$patch: delete`: its parent drops it. */
const DELETE = Symbol('delete');

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder';
const DELETE_FROM = '$deleteFromPrimitiveList';

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`);
const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
/** An own data property even for `__proto__` (plain assignment would change the prototype). */
const setKey = (o: Rec, key: string, value: unknown): void => {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
};

const mergeMap = (schema: PatchSchema, path: string, original: Rec, patch: Rec): Result<Rec | typeof DELETE> => {
  const { [PATCH]: directive, ...rest } = patch;
  if (directive === 'delete') return E.right(DELETE);
  if (directive === 'replace') return mergeMap(schema, path, {}, rest);
  if (directive !== undefined && directive !== 'merge') return E.left(badRequest(`unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(patch)}`));

  const retained = retainKeys(original, rest);
  if (E.isLeft(retained)) return retained;
  const out: Rec = { ...retained.right };

  // Parallel lists: `$setElementOrder/<k>` and `$deleteFromPrimitiveList/<k>` travel beside `<k>`.
  const orders = new Map<string, unknown[]>();
  const deletions = new Map<string, unknown[]>();
  const plain: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(rest)) {
    if (key === RETAIN_KEYS) continue;
    if (key.startsWith(SET_ORDER) || key.startsWith(DELETE_FROM)) {
      const order = key.startsWith(SET_ORDER);
      const [prefix, field] = splitDirective(key);
      if (prefix !== (order ? SET_ORDER : DELETE_FROM) || field === undefined || !Array.isArray(value))
        return E.left(badRequest(order ? 'invalid patch format of setElementOrder list' : 'invalid patch format of primitive list'));
      (order ? orders : deletions).set(field, value);
      continue;
    }
    if (key.startsWith('$')) continue; // the server ignores directives it does not know
    plain.push([key, value]);
  }

  for (const [key, value] of plain) {
    const fieldPath = join(path, key);
    const meta = schema[fieldPath];
    if (value === null) {
      delete out[key];
    } else if (isRecord(value)) {
      const base = meta?.strategy !== 'replace' && isRecord(out[key]) ? (out[key] as Rec) : {};
      const merged = mergeMap(schema, fieldPath, base, value);
      if (E.isLeft(merged)) return merged;
      if (merged.right === DELETE) delete out[key];
      else setKey(out, key, merged.right);
    } else if (Array.isArray(value)) {
      const before = Array.isArray(out[key]) ? (out[key] as unknown[]) : undefined;
      const merged = mergeList(schema, fieldPath, before, value, orders.get(key), deletions.get(key));
      if (E.isLeft(merged)) return merged;
      setKey(out, key, merged.right);
    } else {
      setKey(out, key, value);
    }
  }

  // Directives whose list the patch does not carry still reorder or prune the original list.
  for (const key of new Set([...orders.keys(), ...deletions.keys()])) {
    if (Object.prototype.hasOwnProperty.call(rest, key)) {
      if (rest[key] !== null && !Array.isArray(rest[key])) return E.left(badRequest(`expected a list for ${join(path, key)} beside its ${SET_ORDER} or ${DELETE_FROM} directive`));
      continue;
    }
    if (!Array.isArray(out[key])) continue;
    const merged = mergeList(schema, join(path, key), out[key] as unknown[], undefined, orders.get(key), deletions.get(key));
    if (E.isLeft(merged)) return merged;
    setKey(out, key, merged.right);
  }
  return E.right(out);
};

const splitDirective = (key: string): [string, string | undefined] => {
  const slash = key.indexOf('/');
  return slash < 0 ? [key, undefined] : [key.slice(0, slash), key.slice(slash + 1)];
};

/** `$retainKeys`: clear every original field the list does not name; the patch may only set fields it names. */
const retainKeys = (original: Rec, patch: Rec): Result<Rec> => {
  if (!Object.prototype.hasOwnProperty.call(patch, RETAIN_KEYS)) return E.right(original);
  const list = patch[RETAIN_KEYS];
  if (!Array.isArray(list)) return E.left(badRequest('invalid patch format of retainKeys'));
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k === RETAIN_KEYS || k.startsWith(SET_ORDER) || k.startsWith(DELETE_FROM)) continue;
    if (!keep.has(k)) return E.left(badRequest(`invalid patch format of retainKeys: ${k} is set but not retained`));
  }
  return E.right(Object.fromEntries(Object.entries(original).filter(([k]) => keep.has(k))));
};

/** Merge (or replace) the list at `path`; `original` undefined when absent or not a list. */
const mergeList = (
  schema: PatchSchema,
  path: string,
  original: unknown[] | undefined,
  patch: unknown[] | undefined,
  order: unknown[] | undefined,
  deletions: unknown[] | undefined,
): Result<unknown[]> => {
  const meta = schema[path];
  if (meta?.strategy !== 'merge') return replaceList(schema, path, original, patch, deletions);
  if (meta.mergeKey === undefined) return mergePrimitives(original ?? [], patch, order, deletions);
  return mergeMaps(schema, path, meta.mergeKey, original ?? [], patch, order);
};

/** Lists without a merge strategy: the patch's list wins whole (its `$patch: replace` marker dropped). */
const replaceList = (schema: PatchSchema, path: string, original: unknown[] | undefined, patch: unknown[] | undefined, deletions: unknown[] | undefined): Result<unknown[]> => {
  let out: unknown[] = original ?? [];
  if (patch !== undefined) {
    out = [];
    for (const item of patch) {
      if (isRecord(item) && item[PATCH] !== undefined) {
        if (item[PATCH] === 'replace') continue;
        return E.left(badRequest(`${PATCH}: ${JSON.stringify(item[PATCH])} needs a list with a merge key, and ${path} has none`));
      }
      const value = materialize(schema, path, item);
      if (E.isLeft(value)) return value;
      if (value.right !== DELETE) out.push(value.right);
    }
  }
  return E.right(deletions === undefined ? out : out.filter((v) => !deletions.some((d) => d === v)));
};

/** A patch value with nothing to merge into: its directives applied to an empty map or list. */
const materialize = (schema: PatchSchema, path: string, value: unknown): Result<unknown> => {
  if (isRecord(value)) return mergeMap(schema, path, {}, value);
  if (Array.isArray(value)) return mergeList(schema, path, undefined, value, undefined, undefined);
  return E.right(value);
};

/** Lists of primitives with the merge strategy behave as sets (finalizers). */
const mergePrimitives = (original: unknown[], patch: unknown[] | undefined, order: unknown[] | undefined, deletions: unknown[] | undefined): Result<unknown[]> => {
  const given = [...(patch ?? []), ...(order ?? [])];
  // Lists of lists are in no Kubernetes schema: 422 like the API server; maps need a merge key.
  if (given.some(Array.isArray)) return E.left(status('Invalid', 'lists of lists are not supported'));
  if (given.some(isRecord)) return E.left(badRequest('cannot merge lists without merge key'));
  let merged = original;
  if (patch !== undefined) {
    merged = [];
    for (const v of [...original, ...patch]) if (!merged.includes(v)) merged.push(v);
  }
  if (order !== undefined) {
    const bad = checkOrder(patch ?? [], order, (a, b) => a === b);
    if (bad !== undefined) return E.left(bad);
  }
  const byPatch = order ?? patch;
  if (byPatch !== undefined) merged = arrange(merged, byPatch, original, (v) => v);
  return E.right(deletions === undefined ? merged : merged.filter((v) => !deletions.includes(v)));
};

/** Lists of maps merged on `mergeKey`: `$patch: delete` elements remove, `$patch: replace` replaces, others merge or append. */
const mergeMaps = (schema: PatchSchema, path: string, mergeKey: string, original: unknown[], patch: unknown[] | undefined, order: unknown[] | undefined): Result<unknown[]> => {
  const keyOf = (v: unknown): unknown => (isRecord(v) ? v[mergeKey] : undefined);
  let merged: unknown[] = original;
  const items: Rec[] = [];
  if (patch !== undefined) {
    let replace = false;
    let kept = [...original];
    for (const item of patch) {
      if (!isRecord(item)) return E.left(badRequest(`expected a map in ${path}, but received ${describe(item)}`));
      const directive = item[PATCH];
      if (directive === undefined) {
        if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) return E.left(badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`));
        items.push(item);
      } else if (directive === 'delete') {
        if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) return E.left(badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`));
        kept = kept.filter((o) => keyOf(o) !== item[mergeKey]);
      } else if (directive === 'replace') {
        replace = true;
      } else if (directive === 'merge') {
        return E.left(badRequest('merging lists cannot yet be specified in the patch'));
      } else {
        return E.left(badRequest(`unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(item)}`));
      }
    }
    merged = replace ? [] : kept;
    for (const item of items) {
      const at = merged.findIndex((o) => keyOf(o) === item[mergeKey]);
      const value = mergeMap(schema, path, at >= 0 && isRecord(merged[at]) ? (merged[at] as Rec) : {}, item);
      if (E.isLeft(value)) return value;
      if (value.right === DELETE) continue;
      merged = at >= 0 ? merged.map((o, i) => (i === at ? value.right : o)) : [...merged, value.right];
    }
    if (replace && order === undefined) return E.right(merged);
  }
  if (order !== undefined) {
    if (order.some((o) => !isRecord(o) || !Object.prototype.hasOwnProperty.call(o, mergeKey))) return E.left(badRequest(`invalid patch format of setElementOrder list: every element needs the merge key ${mergeKey}`));
    const bad = checkOrder(items, order, (a, b) => keyOf(a) === keyOf(b));
    if (bad !== undefined) return E.left(bad);
  }
  const byPatch = order ?? (patch === undefined ? undefined : items);
  return E.right(byPatch === undefined ? merged : arrange(merged, byPatch, original, keyOf));
};

/** The patch list must follow `$setElementOrder`'s relative order and name nothing it lacks. */
const checkOrder = (patch: unknown[], order: unknown[], same: (a: unknown, b: unknown) => boolean): Status | undefined => {
  let p = 0;
  for (let o = 0; o < order.length && p < patch.length; o++) if (same(patch[p], order[o])) p++;
  return p < patch.length ? badRequest(`The order in patch list: ${JSON.stringify(patch)} doesn't match ${SET_ORDER} list: ${JSON.stringify(order)}`) : undefined;
};

const rank = (keys: unknown[], key: unknown): number => {
  const i = keys.indexOf(key);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
};

/**
 * Order a merged list: items the patch (or `$setElementOrder`) names come in
 * its order; server-only items keep their original order and are placed before
 * a patch item only when they preceded it in the original list.
 */
const arrange = (merged: unknown[], byPatch: unknown[], original: unknown[], keyOf: (v: unknown) => unknown): unknown[] => {
  const patchKeys = byPatch.map(keyOf);
  const originalKeys = original.map(keyOf);
  const by = (keys: unknown[]) => (a: unknown, b: unknown): number => rank(keys, keyOf(a)) - rank(keys, keyOf(b));
  const inPatch = merged.filter((v) => patchKeys.includes(keyOf(v))).sort(by(patchKeys));
  const serverOnly = merged.filter((v) => !patchKeys.includes(keyOf(v))).sort(by(originalKeys));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < inPatch.length) {
    if (j >= inPatch.length) out.push(serverOnly[i++]);
    else if (i >= serverOnly.length) out.push(inPatch[j++]);
    else {
      const li = originalKeys.indexOf(keyOf(serverOnly[i]));
      const ri = originalKeys.indexOf(keyOf(inPatch[j]));
      out.push(li >= 0 && ri >= 0 && li < ri ? serverOnly[i++] : inPatch[j++]);
    }
  }
  return out;
};
