/**
 * Subresources with their own semantics: `pods/binding` (the scheduler's
 * bind), `pods/eviction` (a delete with DeleteOptions in an Eviction body)
 * and `scale` of workloads (deployments, replicasets) as an autoscaling/v1
 * Scale. `status` and `finalize` are plain field-restricted updates (see
 * {@link updateObject}).
 */
import * as E from 'fp-ts/Either';
import { reportDecodeErrors } from '../../../lib/actor/index.js';
import type { Binding } from '../api/cluster.js';
import { formatSelector, fromLabelSelector } from '../api/labelSelector.js';
import { setCondition, type KubeObject } from '../api/meta.js';
import type { Pod } from '../api/Pod.js';
import type { DeleteOptions } from '../api/protocol.js';
import { resourceInfo, type ResourceInfo } from '../api/resources.js';
import { badRequest, conflict, invalid, status, type Status } from '../api/Status.js';
import { formatTime } from '../api/time.js';
import { Scale, type Deployment, type ReplicaSet } from '../api/workloads.js';
import { decodeBody } from './decodeBody.js';
import { deleteObject } from './deleteObject.js';
import { guaranteedUpdate } from './guaranteedUpdate.js';
import { isRecord, type Ctx, type Done, type ServerCore } from './ServerCore.js';

/** The Scale view of a workload (Deployment or ReplicaSet). */
export const scaleOf = (obj: Deployment | ReplicaSet): Scale => ({
  apiVersion: 'autoscaling/v1',
  kind: 'Scale',
  metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
  spec: { replicas: obj.spec.replicas ?? 0 },
  status: { replicas: obj.status?.replicas ?? 0, selector: formatSelector(fromLabelSelector(obj.spec.selector)) },
});

/**
 * The workload after a write of its Scale (`input`: the Scale a client PUT,
 * or the current Scale with a patch applied): only `spec.replicas` changes;
 * it must be present and ≥ 0 (Invalid otherwise).
 */
export const applyScale = (current: KubeObject, name: string, input: unknown): E.Either<Status, KubeObject> => {
  const scale = Scale.decode({ metadata: {}, status: {}, ...(isRecord(input) ? input : {}), apiVersion: 'autoscaling/v1', kind: 'Scale' });
  if (E.isLeft(scale)) return E.left(badRequest(`error decoding Scale: ${reportDecodeErrors(scale.left)}`));
  const replicas = scale.right.spec.replicas;
  if (replicas === undefined || replicas < 0) return E.left(invalid('Scale', name, [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'must be greater than or equal to 0' }], 'autoscaling'));
  const cur = current as Deployment;
  return E.right({ ...cur, spec: { ...cur.spec, replicas } } as KubeObject);
};

/**
 * POST pods/{name}/binding: sets `spec.nodeName` (and PodScheduled=True) —
 * at most once: a pod already assigned, or being deleted, is a Conflict.
 * Answers the Binding.
 */
export const bindPod = (core: ServerCore, ctx: Ctx, ns: string, name: string | undefined, body: unknown, done: Done): void => {
  const info = resourceInfo('bindings')!;
  const decoded = decodeBody(info, body, ns);
  if (E.isLeft(decoded)) return done(decoded);
  const binding = decoded.right as Binding;
  const podName = name ?? binding.metadata.name ?? '';
  if (name !== undefined && binding.metadata.name !== undefined && binding.metadata.name !== name) return done(E.left(badRequest('the name of the binding does not match the pod')));
  const node = binding.target.name ?? '';
  if (node === '') return done(E.left(invalid('Binding', podName, [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }])));
  const pods = resourceInfo('pods')!;
  guaranteedUpdate(
    core,
    ctx,
    pods,
    ns,
    podName,
    (current) => {
      const pod = current as Pod;
      if (binding.metadata.uid !== undefined && binding.metadata.uid !== pod.metadata.uid) return E.left(conflict('pods', podName, 'Precondition failed: UID mismatch'));
      if (pod.metadata.deletionTimestamp !== undefined) return E.left(conflict('pods', podName, `pod ${podName} is being deleted, cannot be assigned to a host`));
      if (pod.spec.nodeName !== undefined && pod.spec.nodeName !== '') return E.left(conflict('pods', podName, `pod ${podName} is already assigned to node "${pod.spec.nodeName}"`));
      const conditions = setCondition(pod.status?.conditions, { type: 'PodScheduled', status: 'True', lastTransitionTime: formatTime(ctx.now()) });
      return E.right({ ...pod, spec: { ...pod.spec, nodeName: node }, status: { ...pod.status, conditions, nominatedNodeName: undefined } } as Pod);
    },
    (r) => done(E.map(() => ({ ...binding, metadata: { ...binding.metadata, name: podName } }))(r)),
  );
};

/** POST pods/{name}/eviction: deletes the pod with the Eviction's `deleteOptions`; answers a Success Status (201). */
export const evictPod = (core: ServerCore, ctx: Ctx, info: ResourceInfo, ns: string, name: string, body: unknown, done: Done): void => {
  if (info.kind !== 'Pod') return done(E.left(status('MethodNotAllowed', `eviction is only supported on pods`)));
  const options = isRecord(body) && isRecord(body.deleteOptions) ? (body.deleteOptions as DeleteOptions) : {};
  deleteObject(core, ctx, info, ns, name, options, (r) => done(E.map(() => ({ apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 201 }))(r)));
};
