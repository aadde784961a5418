/** Workload resources (apps/v1): ReplicaSet and Deployment. */
import * as t from 'io-ts';
import { Condition, LabelSelector, ObjectMeta } from './meta.js';
import { PodTemplateSpec } from './Pod.js';

/** An integer or a percentage (`'25%'`), as in maxSurge/maxUnavailable. */
export const IntOrString = t.union([t.number, t.string]);
export type IntOrString = t.TypeOf<typeof IntOrString>;

/** A ReplicaSet keeps `replicas` pods matching its selector running. */
export const ReplicaSet = t.intersection([
  t.type({
    apiVersion: t.literal('apps/v1'),
    kind: t.literal('ReplicaSet'),
    metadata: ObjectMeta,
    spec: t.intersection([t.type({ selector: LabelSelector, template: PodTemplateSpec }), t.partial({ replicas: t.number, minReadySeconds: t.number })]),
  }),
  t.partial({
    status: t.partial({
      replicas: t.number,
      fullyLabeledReplicas: t.number,
      readyReplicas: t.number,
      availableReplicas: t.number,
      observedGeneration: t.number,
      conditions: t.array(Condition),
    }),
  }),
]);
export type ReplicaSet = t.TypeOf<typeof ReplicaSet>;

/** How a Deployment replaces old pods with new ones. */
export const DeploymentStrategy = t.partial({
  type: t.keyof({ RollingUpdate: null, Recreate: null }),
  rollingUpdate: t.partial({ maxSurge: IntOrString, maxUnavailable: IntOrString }),
});
export type DeploymentStrategy = t.TypeOf<typeof DeploymentStrategy>;

/** A Deployment rolls a pod template out through ReplicaSets, one per template revision. */
export const Deployment = t.intersection([
  t.type({
    apiVersion: t.literal('apps/v1'),
    kind: t.literal('Deployment'),
    metadata: ObjectMeta,
    spec: t.intersection([
      t.type({ selector: LabelSelector, template: PodTemplateSpec }),
      t.partial({
        replicas: t.number,
        strategy: DeploymentStrategy,
        minReadySeconds: t.number,
        revisionHistoryLimit: t.number,
        progressDeadlineSeconds: t.number,
        paused: t.boolean,
      }),
    ]),
  }),
  t.partial({
    status: t.partial({
      observedGeneration: t.number,
      replicas: t.number,
      updatedReplicas: t.number,
      readyReplicas: t.number,
      availableReplicas: t.number,
      unavailableReplicas: t.number,
      conditions: t.array(Condition),
      collisionCount: t.number,
    }),
  }),
]);
export type Deployment = t.TypeOf<typeof Deployment>;

/** The `scale` subresource's object (autoscaling/v1 Scale). */
export const Scale = t.type({
  apiVersion: t.literal('autoscaling/v1'),
  kind: t.literal('Scale'),
  metadata: ObjectMeta,
  spec: t.partial({ replicas: t.number }),
  status: t.partial({ replicas: t.number, selector: t.string }),
});
export type Scale = t.TypeOf<typeof Scale>;

/** Annotation carrying a ReplicaSet's (and its Deployment's) revision number. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** Label the Deployment controller adds to a ReplicaSet and its pods: the hash of the template. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/**
 * Resolve an int-or-percent against `total` (percentages round up for surge,
 * down for unavailability, as upstream's `intstr.GetScaledValueFromIntOrPercent`).
 */
export const resolveIntOrPercent = (value: IntOrString | undefined, total: number, roundUp: boolean): number => {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (m === null) return Number.parseInt(value, 10) || 0;
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
};
