/** The Pod resource (core/v1). */
import * as t from 'io-ts';
import { Condition, LabelSelector, ObjectMeta, StringMap } from './meta.js';

/** Resource amounts by name (`cpu: '100m'`, `memory: '128Mi'`, `pods: '110'`). */
export const ResourceList = t.record(t.string, t.union([t.string, t.number]));
export type ResourceList = t.TypeOf<typeof ResourceList>;

/** A container port; `hostPort` reserves the port on the node (NodePorts filter). */
export const ContainerPort = t.intersection([
  t.type({ containerPort: t.number }),
  t.partial({ hostPort: t.number, protocol: t.keyof({ TCP: null, UDP: null, SCTP: null }), name: t.string, hostIP: t.string }),
]);
export type ContainerPort = t.TypeOf<typeof ContainerPort>;

/** A container: an image (a registered behaviour in troupe) with its resources and ports. */
export const Container = t.intersection([
  t.type({ name: t.string, image: t.string }),
  t.partial({
    args: t.array(t.string),
    env: t.array(t.intersection([t.type({ name: t.string }), t.partial({ value: t.string })])),
    resources: t.partial({ requests: ResourceList, limits: ResourceList }),
    ports: t.array(ContainerPort),
    imagePullPolicy: t.string,
    readinessProbe: t.partial({ initialDelaySeconds: t.number, periodSeconds: t.number, failureThreshold: t.number }),
  }),
]);
export type Container = t.TypeOf<typeof Container>;

/** Tolerates a taint: same key (or `Exists` with no key), matching value and effect. */
export const Toleration = t.partial({
  key: t.string,
  operator: t.keyof({ Exists: null, Equal: null }),
  value: t.string,
  effect: t.keyof({ NoSchedule: null, PreferNoSchedule: null, NoExecute: null, '': null }),
  tolerationSeconds: t.number,
});
export type Toleration = t.TypeOf<typeof Toleration>;

/** One node-selector requirement (on labels, or on fields with `matchFields`). */
export const NodeSelectorRequirement = t.intersection([
  t.type({ key: t.string, operator: t.keyof({ In: null, NotIn: null, Exists: null, DoesNotExist: null, Gt: null, Lt: null }) }),
  t.partial({ values: t.array(t.string) }),
]);
export type NodeSelectorRequirement = t.TypeOf<typeof NodeSelectorRequirement>;

/** Requirements ANDed together; a node selector's terms are ORed. */
export const NodeSelectorTerm = t.partial({ matchExpressions: t.array(NodeSelectorRequirement), matchFields: t.array(NodeSelectorRequirement) });
export type NodeSelectorTerm = t.TypeOf<typeof NodeSelectorTerm>;

/** Node affinity: required terms filter, preferred terms score. */
export const NodeAffinity = t.partial({
  requiredDuringSchedulingIgnoredDuringExecution: t.type({ nodeSelectorTerms: t.array(NodeSelectorTerm) }),
  preferredDuringSchedulingIgnoredDuringExecution: t.array(t.type({ weight: t.number, preference: NodeSelectorTerm })),
});
export type NodeAffinity = t.TypeOf<typeof NodeAffinity>;

/** Spread matching pods evenly over topology domains (zones, hosts). */
export const TopologySpreadConstraint = t.intersection([
  t.type({ maxSkew: t.number, topologyKey: t.string, whenUnsatisfiable: t.keyof({ DoNotSchedule: null, ScheduleAnyway: null }) }),
  t.partial({ labelSelector: LabelSelector, minDomains: t.number }),
]);
export type TopologySpreadConstraint = t.TypeOf<typeof TopologySpreadConstraint>;

/** What the pod asks for and where it may run. */
export const PodSpec = t.intersection([
  t.type({ containers: t.array(Container) }),
  t.partial({
    nodeName: t.string,
    nodeSelector: StringMap,
    affinity: t.partial({ nodeAffinity: NodeAffinity }),
    tolerations: t.array(Toleration),
    restartPolicy: t.keyof({ Always: null, OnFailure: null, Never: null }),
    terminationGracePeriodSeconds: t.number,
    priorityClassName: t.string,
    priority: t.number,
    preemptionPolicy: t.keyof({ PreemptLowerPriority: null, Never: null }),
    schedulerName: t.string,
    topologySpreadConstraints: t.array(TopologySpreadConstraint),
    hostname: t.string,
  }),
]);
export type PodSpec = t.TypeOf<typeof PodSpec>;

/** A container's state: exactly one of waiting, running, terminated. */
export const ContainerState = t.partial({
  waiting: t.partial({ reason: t.string, message: t.string }),
  running: t.partial({ startedAt: t.string }),
  terminated: t.intersection([t.type({ exitCode: t.number }), t.partial({ reason: t.string, message: t.string, startedAt: t.string, finishedAt: t.string })]),
});
export type ContainerState = t.TypeOf<typeof ContainerState>;

/** The kubelet's report of one container. */
export const ContainerStatus = t.intersection([
  t.type({ name: t.string, image: t.string, ready: t.boolean, restartCount: t.number, state: ContainerState }),
  t.partial({ lastState: ContainerState, started: t.boolean, containerID: t.string }),
]);
export type ContainerStatus = t.TypeOf<typeof ContainerStatus>;

/** Pod phases. */
export const PodPhase = t.keyof({ Pending: null, Running: null, Succeeded: null, Failed: null, Unknown: null });
export type PodPhase = t.TypeOf<typeof PodPhase>;

/** What the kubelet (and the scheduler, for PodScheduled and nominatedNodeName) reports. */
export const PodStatus = t.partial({
  phase: PodPhase,
  conditions: t.array(Condition),
  containerStatuses: t.array(ContainerStatus),
  podIP: t.string,
  hostIP: t.string,
  startTime: t.string,
  nominatedNodeName: t.string,
  reason: t.string,
  message: t.string,
});
export type PodStatus = t.TypeOf<typeof PodStatus>;

/** A pod: the unit the scheduler places and the kubelet runs. */
export const Pod = t.intersection([
  t.type({ apiVersion: t.literal('v1'), kind: t.literal('Pod'), metadata: ObjectMeta, spec: PodSpec }),
  t.partial({ status: PodStatus }),
]);
export type Pod = t.TypeOf<typeof Pod>;

/** A pod template (in ReplicaSets and Deployments). */
export const PodTemplateSpec = t.partial({ metadata: ObjectMeta, spec: PodSpec });
export type PodTemplateSpec = t.TypeOf<typeof PodTemplateSpec>;

/** Whether a pod is terminal (Succeeded or Failed). */
export const isTerminal = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** Whether a pod has the Ready condition True. */
export const isPodReady = (pod: Pod): boolean => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/**
 * Whether a pod is available: ready for at least `minReadySeconds` at `nowMs`
 * (uses the Ready condition's lastTransitionTime).
 */
export const isPodAvailable = (pod: Pod, minReadySeconds: number, nowMs: number): boolean => {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready === undefined || ready.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime === undefined ? NaN : Date.parse(ready.lastTransitionTime);
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= nowMs;
};
