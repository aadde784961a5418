/** Object metadata shared by every resource (Kubernetes' `metav1.ObjectMeta` and friends). */
import * as t from 'io-ts';

/** A plain JSON object (not an array, not null). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A reference from a dependent to its owner; the garbage collector follows these. */
export const OwnerReference = t.intersection([
  t.type({ apiVersion: t.string, kind: t.string, name: t.string, uid: t.string }),
  t.partial({ controller: t.boolean, blockOwnerDeletion: t.boolean }),
]);
export type OwnerReference = t.TypeOf<typeof OwnerReference>;

/** Labels, annotations, node selectors: string → string. */
export const StringMap = t.record(t.string, t.string);
export type StringMap = t.TypeOf<typeof StringMap>;

/**
 * Metadata of every object. The API server owns `uid`, `resourceVersion`
 * (the store revision of the object's last write), `generation` (bumped on
 * spec changes), `creationTimestamp` and `deletionTimestamp` (RFC 3339 on the
 * troupe clock); clients own the rest.
 */
export const ObjectMeta = t.partial({
  name: t.string,
  generateName: t.string,
  namespace: t.string,
  uid: t.string,
  resourceVersion: t.string,
  generation: t.number,
  creationTimestamp: t.string,
  deletionTimestamp: t.string,
  deletionGracePeriodSeconds: t.number,
  labels: StringMap,
  annotations: StringMap,
  ownerReferences: t.array(OwnerReference),
  finalizers: t.array(t.string),
});
export type ObjectMeta = t.TypeOf<typeof ObjectMeta>;

/** A reference to another object (Binding targets, Event subjects, endpoint targets). */
export const ObjectReference = t.partial({
  apiVersion: t.string,
  kind: t.string,
  namespace: t.string,
  name: t.string,
  uid: t.string,
  resourceVersion: t.string,
  fieldPath: t.string,
});
export type ObjectReference = t.TypeOf<typeof ObjectReference>;

/** One requirement of a label selector's `matchExpressions`. */
export const LabelSelectorRequirement = t.intersection([
  t.type({ key: t.string, operator: t.keyof({ In: null, NotIn: null, Exists: null, DoesNotExist: null }) }),
  t.partial({ values: t.array(t.string) }),
]);
export type LabelSelectorRequirement = t.TypeOf<typeof LabelSelectorRequirement>;

/** A structured label selector (`matchLabels` AND `matchExpressions`); empty selects everything. */
export const LabelSelector = t.partial({ matchLabels: StringMap, matchExpressions: t.array(LabelSelectorRequirement) });
export type LabelSelector = t.TypeOf<typeof LabelSelector>;

/** A condition (Ready, Available, Progressing…). */
export const Condition = t.intersection([
  t.type({ type: t.string, status: t.keyof({ True: null, False: null, Unknown: null }) }),
  t.partial({ reason: t.string, message: t.string, lastTransitionTime: t.string, lastUpdateTime: t.string, lastHeartbeatTime: t.string }),
]);
export type Condition = t.TypeOf<typeof Condition>;

/** What every stored object has. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

/** `namespace/name` (or `name` for cluster-scoped objects): the key informers and controllers use. */
export const objectKey = (o: { metadata: ObjectMeta }): string =>
  o.metadata.namespace === undefined || o.metadata.namespace === '' ? (o.metadata.name ?? '') : `${o.metadata.namespace}/${o.metadata.name ?? ''}`;

/** The controller owner reference of an object, if any. */
export const controllerOf = (o: { metadata: ObjectMeta }): OwnerReference | undefined => o.metadata.ownerReferences?.find((r) => r.controller === true);

/** A condition by type. */
export const findCondition = <C extends { type: string }>(conditions: ReadonlyArray<C> | undefined, type: string): C | undefined => conditions?.find((c) => c.type === type);

/**
 * Set (or replace) a condition, keeping `lastTransitionTime` when the status did not change.
 * Returns a new array.
 */
export const setCondition = <C extends Condition>(conditions: ReadonlyArray<C> | undefined, next: C): C[] => {
  const list = conditions === undefined ? [] : [...conditions];
  const i = list.findIndex((c) => c.type === next.type);
  if (i < 0) return [...list, next];
  const prev = list[i];
  list[i] = prev.status === next.status && prev.lastTransitionTime !== undefined ? { ...next, lastTransitionTime: prev.lastTransitionTime } : next;
  return list;
};
