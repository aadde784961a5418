/** Cluster bookkeeping resources: Namespace, Binding, Lease, Event, ConfigMap, PriorityClass. */
import * as t from 'io-ts';
import { Condition, ObjectMeta, ObjectReference, StringMap } from './meta.js';

/** A namespace; deleting it makes it Terminating until the namespace controller emptied and finalized it. */
export const Namespace = t.intersection([
  t.type({ apiVersion: t.literal('v1'), kind: t.literal('Namespace'), metadata: ObjectMeta }),
  t.partial({
    spec: t.partial({ finalizers: t.array(t.string) }),
    status: t.partial({ phase: t.keyof({ Active: null, Terminating: null }), conditions: t.array(Condition) }),
  }),
]);
export type Namespace = t.TypeOf<typeof Namespace>;

/** Binds a pod to a node (the pods/binding subresource the scheduler posts). */
export const Binding = t.type({
  apiVersion: t.literal('v1'),
  kind: t.literal('Binding'),
  metadata: ObjectMeta,
  target: ObjectReference,
});
export type Binding = t.TypeOf<typeof Binding>;

/** A lease (coordination.k8s.io/v1): kubelets renew theirs as a heartbeat. */
export const Lease = t.type({
  apiVersion: t.literal('coordination.k8s.io/v1'),
  kind: t.literal('Lease'),
  metadata: ObjectMeta,
  spec: t.partial({
    holderIdentity: t.string,
    leaseDurationSeconds: t.number,
    acquireTime: t.string,
    renewTime: t.string,
    leaseTransitions: t.number,
  }),
});
export type Lease = t.TypeOf<typeof Lease>;

/** An event: something that happened to an object (kept for a TTL). */
export const Event = t.intersection([
  t.type({ apiVersion: t.literal('v1'), kind: t.literal('Event'), metadata: ObjectMeta, involvedObject: ObjectReference }),
  t.partial({
    reason: t.string,
    message: t.string,
    type: t.keyof({ Normal: null, Warning: null }),
    count: t.number,
    firstTimestamp: t.string,
    lastTimestamp: t.string,
    source: t.partial({ component: t.string, host: t.string }),
    reportingController: t.string,
  }),
]);
export type Event = t.TypeOf<typeof Event>;

/** Configuration data. */
export const ConfigMap = t.intersection([
  t.type({ apiVersion: t.literal('v1'), kind: t.literal('ConfigMap'), metadata: ObjectMeta }),
  t.partial({ data: StringMap, immutable: t.boolean }),
]);
export type ConfigMap = t.TypeOf<typeof ConfigMap>;

/** A priority class (scheduling.k8s.io/v1): a name for a pod priority; higher may preempt lower. */
export const PriorityClass = t.intersection([
  t.type({ apiVersion: t.literal('scheduling.k8s.io/v1'), kind: t.literal('PriorityClass'), metadata: ObjectMeta, value: t.number }),
  t.partial({ globalDefault: t.boolean, preemptionPolicy: t.keyof({ PreemptLowerPriority: null, Never: null }), description: t.string }),
]);
export type PriorityClass = t.TypeOf<typeof PriorityClass>;
