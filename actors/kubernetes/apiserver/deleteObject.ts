import * as E from 'fp-ts/Either';
import { admitNamespaceDelete } from './admission.js';
import type { Namespace } from '../api/cluster.js';
import type { KubeObject } from '../api/meta.js';
import type { Pod } from '../api/Pod.js';
import type { DeleteOptions } from '../api/protocol.js';
import type { ResourceInfo } from '../api/resources.js';
import { conflict } from '../api/Status.js';
import { formatTime } from '../api/time.js';
import { guaranteedUpdate } from './guaranteedUpdate.js';
import type { Ctx, Done, ServerCore } from './ServerCore.js';

/**
 * Whether an object being deleted is removed for real now: its last
 * finalizer is gone and its grace period is over (a Namespace: once its
 * `spec.finalizers` are empty too).
 */
export const finalizedDelete = (info: ResourceInfo, obj: KubeObject): boolean => {
  if (obj.metadata.deletionTimestamp === undefined) return false;
  if ((obj.metadata.finalizers ?? []).length > 0) return false;
  if (info.kind === 'Namespace') return ((obj as Namespace).spec?.finalizers ?? []).length === 0;
  return (obj.metadata.deletionGracePeriodSeconds ?? 0) === 0;
};

/** The grace period a pod delete gets: the option, else the pod's terminationGracePeriodSeconds (30 s); 0 for pods not bound or already terminal. */
const podGrace = (pod: Pod, options: DeleteOptions): number => {
  if (pod.spec.nodeName === undefined || pod.spec.nodeName === '' || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
  return options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
};

/**
 * DELETE, as a guaranteed update: preconditions (uid, resourceVersion) are
 * checked against the current object; propagation policies Orphan and
 * Foreground add their finalizers; bound pods are deleted gracefully
 * (deletionTimestamp = now + grace, the kubelet finishes with grace 0); an
 * object with finalizers stays, marked, until the last one is removed;
 * a Namespace goes Terminating. Deleting an object already being deleted
 * only shortens its grace period or adds finalizers.
 */
export const deleteObject = (core: ServerCore, ctx: Ctx, info: ResourceInfo, ns: string | undefined, name: string, options: DeleteOptions, done: Done): void => {
  if (info.kind === 'Namespace') {
    const admitted = admitNamespaceDelete(name);
    if (E.isLeft(admitted)) return done(admitted);
  }
  const now = ctx.now();
  guaranteedUpdate(
    core,
    ctx,
    info,
    ns,
    name,
    (current) => {
      const pre = options.preconditions;
      if (pre?.uid !== undefined && pre.uid !== current.metadata.uid) {
        return E.left(conflict(info.resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`, info.group));
      }
      if (pre?.resourceVersion !== undefined && pre.resourceVersion !== current.metadata.resourceVersion) {
        return E.left(conflict(info.resource, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`, info.group));
      }
      const finalizers = [...(current.metadata.finalizers ?? [])];
      const policy = options.propagationPolicy;
      if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
      if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
      const grace = info.kind === 'Pod' ? podGrace(current as Pod, options) : 0;
      const meta = current.metadata;
      if (meta.deletionTimestamp !== undefined) {
        // Already being deleted: only a shorter grace period or a new finalizer changes anything.
        const curGrace = meta.deletionGracePeriodSeconds ?? 0;
        const shorter = info.kind === 'Pod' && grace < curGrace;
        const newFinalizer = finalizers.length !== (meta.finalizers ?? []).length;
        if (!shorter && !newFinalizer) return E.right('noop' as const);
        const g = shorter ? grace : curGrace;
        if (g === 0 && finalizers.length === 0 && info.kind !== 'Namespace') return E.right({ delete: true as const });
        return E.right({ ...current, metadata: { ...meta, finalizers: finalizers.length > 0 ? finalizers : meta.finalizers, deletionGracePeriodSeconds: g, deletionTimestamp: shorter ? formatTime(now + g * 1000) : meta.deletionTimestamp } });
      }
      if (info.kind === 'Namespace') {
        const nsObj = current as Namespace;
        const next: Namespace = { ...nsObj, metadata: { ...meta, finalizers: finalizers.length > 0 ? finalizers : meta.finalizers, deletionTimestamp: formatTime(now), deletionGracePeriodSeconds: 0 }, status: { ...nsObj.status, phase: 'Terminating' } };
        return E.right(finalizedDelete(info, next) ? { delete: true as const } : next);
      }
      if (grace === 0 && finalizers.length === 0) return E.right({ delete: true as const });
      return E.right({ ...current, metadata: { ...meta, finalizers: finalizers.length > 0 ? finalizers : meta.finalizers, deletionTimestamp: formatTime(now + grace * 1000), deletionGracePeriodSeconds: grace } });
    },
    done,
  );
};
