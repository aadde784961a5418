import * as E from 'fp-ts/Either';
import type { KubeObject, ObjectMeta } from '../api/meta.js';
import { applyPatch } from '../api/applyPatch.js';
import { deepEqual } from '../api/mergePatch.js';
import type { Service } from '../api/networking.js';
import { validateObject, type ResourceInfo } from '../api/resources.js';
import type { PatchType } from '../api/protocol.js';
import { invalid, notFound, staleConflict, type Status } from '../api/Status.js';
import type { Deployment } from '../api/workloads.js';
import { decodeBody } from './decodeBody.js';
import { finalizedDelete } from './deleteObject.js';
import { guaranteedUpdate, type Next } from './guaranteedUpdate.js';
import { isRecord, sameButVersion, stripRv, type Ctx, type Done, type ServerCore } from './ServerCore.js';
import { applyScale, scaleOf } from './subresources.js';

/** What an update writes: a whole object (PUT), or a patch of the current one (PATCH; absent type = merge). */
export type UpdateInput = { readonly body: unknown } | { readonly patch: unknown; readonly patchType?: PatchType };

/** Server-owned metadata survives any client update. */
const serverMeta = (next: ObjectMeta, cur: ObjectMeta): ObjectMeta => ({
  ...next,
  name: next.name ?? cur.name,
  namespace: next.namespace ?? cur.namespace,
  uid: next.uid ?? cur.uid,
  creationTimestamp: next.creationTimestamp ?? cur.creationTimestamp,
  deletionTimestamp: cur.deletionTimestamp,
  deletionGracePeriodSeconds: cur.deletionGracePeriodSeconds,
  generation: cur.generation,
  generateName: cur.generateName,
});

/** The new object a PUT body (or patched object) asks for, restricted to what the (sub)resource may change. */
const nextObject = (info: ResourceInfo, ns: string | undefined, name: string, sub: string | undefined, current: KubeObject, input: unknown): E.Either<Status, KubeObject> => {
  if (sub === 'scale') return applyScale(current, name, input);
  const decoded = decodeBody(info, input, ns);
  if (E.isLeft(decoded)) return decoded;
  const obj = decoded.right as KubeObject & { spec?: unknown; status?: unknown };
  const cur = current as KubeObject & { spec?: unknown; status?: unknown };
  if (sub === 'status') return E.right({ ...cur, status: obj.status } as KubeObject);
  if (sub === 'finalize') return E.right({ ...cur, spec: { ...(cur.spec as object), finalizers: (obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [] } } as KubeObject);
  const defaulted = info.defaults !== undefined ? info.defaults(obj) : obj;
  const next = { ...defaulted, metadata: serverMeta(defaulted.metadata, cur.metadata) } as KubeObject;
  // The main resource never writes what its subresources own.
  if (info.subresources.includes('status')) (next as { status?: unknown }).status = cur.status;
  if (info.kind === 'Namespace') (next as { spec?: unknown }).spec = cur.spec;
  if (info.kind === 'Service') (next as Service).spec.clusterIP = (next as Service).spec.clusterIP ?? (cur as Service).spec.clusterIP;
  const addedFinalizer = (next.metadata.finalizers ?? []).some((f) => !(cur.metadata.finalizers ?? []).includes(f));
  if (cur.metadata.deletionTimestamp !== undefined && addedFinalizer) {
    return E.left(invalid(info.kind, name, [{ reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: 'Forbidden: no new finalizers can be added if the object is being deleted' }], info.group));
  }
  return E.right(next);
};

/**
 * PUT or PATCH of an object or of its `status`, `scale` or `finalize`
 * subresource, as a guaranteed update: the patch is applied to the current
 * object inside the read-modify-write loop (atomic with the resourceVersion
 * compare-and-swap, re-applied after a lost race). A resourceVersion in the
 * body (or set by the patch) is a precondition (Conflict when stale).
 * Then server metadata is kept, `generation` bumped on spec changes,
 * validation runs (Invalid with causes); no change answers the current
 * object without a write; an object being deleted whose last finalizer went
 * away is removed.
 */
export const updateObject = (core: ServerCore, ctx: Ctx, info: ResourceInfo, ns: string | undefined, name: string, sub: string | undefined, what: UpdateInput, done: Done): void => {
  if (sub !== undefined && !info.subresources.includes(sub)) return done(E.left(notFound(`${info.resource}/${sub}`, name, info.group)));
  const tryUpdate = (current: KubeObject): E.Either<Status, Next> => {
    let input: unknown;
    if ('patch' in what) {
      // A `scale` patch applies to the Scale view (what kubectl scale sends: {"spec":{"replicas":N}}).
      const base = sub === 'scale' ? scaleOf(current as Deployment) : current;
      const patched = applyPatch(what.patchType ?? 'merge', sub === 'scale' ? 'Scale' : info.kind, base, what.patch);
      if (E.isLeft(patched)) return patched;
      input = patched.right;
    } else input = what.body;
    // A resourceVersion in the body, or one a patch set, is a precondition (a patch that leaves it alone keeps the current one).
    const rv = isRecord(input) && isRecord(input.metadata) ? input.metadata.resourceVersion : undefined;
    if (typeof rv === 'string' && rv !== '' && rv !== current.metadata.resourceVersion) return E.left(staleConflict(info.resource, name, info.group));
    const made = nextObject(info, ns, name, sub, current, input);
    if (E.isLeft(made)) return made;
    let next = made.right;
    if (info.generation && !deepEqual((next as { spec?: unknown }).spec, (current as { spec?: unknown }).spec)) {
      next = { ...next, metadata: { ...next.metadata, generation: (current.metadata.generation ?? 1) + 1 } };
    }
    const causes = validateObject(info, next, current);
    if (causes.length > 0) return E.left(invalid(info.kind, name, causes, info.group));
    if (sameButVersion(next, current)) return E.right('noop' as const);
    return E.right(finalizedDelete(info, next) ? { delete: true as const } : stripRv(next));
  };
  guaranteedUpdate(core, ctx, info, ns, name, tryUpdate, sub === 'scale' ? (r) => done(E.map((o) => scaleOf(o as Deployment))(r)) : done);
};
