/** The Node resource (core/v1). */
import * as t from 'io-ts';
import { Condition, ObjectMeta } from './meta.js';
import { ResourceList } from './Pod.js';

/** A taint repels pods that don't tolerate it (NoSchedule, PreferNoSchedule) or evicts them (NoExecute). */
export const Taint = t.intersection([
  t.type({ key: t.string, effect: t.keyof({ NoSchedule: null, PreferNoSchedule: null, NoExecute: null }) }),
  t.partial({ value: t.string, timeAdded: t.string }),
]);
export type Taint = t.TypeOf<typeof Taint>;

/** A node: a machine a kubelet registered, with its capacity and health. */
export const Node = t.intersection([
  t.type({ apiVersion: t.literal('v1'), kind: t.literal('Node'), metadata: ObjectMeta }),
  t.partial({
    spec: t.partial({ unschedulable: t.boolean, taints: t.array(Taint), podCIDR: t.string, providerID: t.string }),
    status: t.partial({
      capacity: ResourceList,
      allocatable: ResourceList,
      conditions: t.array(Condition),
      addresses: t.array(t.type({ type: t.string, address: t.string })),
      nodeInfo: t.partial({ kubeletVersion: t.string, machineID: t.string }),
    }),
  }),
]);
export type Node = t.TypeOf<typeof Node>;

/** Well-known taints the node lifecycle controller manages. */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** The Ready condition's status of a node ('Unknown' when absent). */
export const nodeReadyStatus = (node: Node): 'True' | 'False' | 'Unknown' =>
  node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
