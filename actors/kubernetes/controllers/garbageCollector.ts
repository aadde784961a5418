import * as E from 'fp-ts/Either';
import { objectKey, type KubeObject, type OwnerReference } from '../api/meta.js';
import { resourceForKind, resourceInfo } from '../api/resources.js';
import type { Controller, ControllerContext } from './Controller.js';

/** Resources whose objects may own or be owned, watched by the garbage collector. */
export const GC_RESOURCES: ReadonlyArray<string> = ['pods', 'replicasets', 'deployments', 'services', 'endpoints', 'configmaps'];

/**
 * The garbage collector: an object whose owners (ownerReferences) are all
 * gone is deleted (background cascading); an owner deleted with
 * `propagationPolicy: Foreground` keeps its `foregroundDeletion` finalizer
 * until its blocking dependents are gone; with `Orphan`, its dependents lose
 * their reference to it and survive. Absence of an owner is verified with a
 * live GET before anything is deleted (the cache may lag).
 */
export const garbageCollector = (): Controller => {
  const parse = (k: string): { kind: 'dep' | 'owner'; resource: string; key: string } => {
    const [kind, resource, key] = k.split('|');
    return { kind: kind as 'dep' | 'owner', resource, key };
  };
  const dependents = (cc: ControllerContext, uid: string): Array<{ resource: string; obj: KubeObject }> =>
    GC_RESOURCES.flatMap((r) => cc.byOwner(r, uid).map((obj) => ({ resource: r, obj })));

  const syncDependent = (cc: ControllerContext, resource: string, key: string, done: () => void): void => {
    const obj = cc.cache(resource).get(key);
    const refs = obj?.metadata.ownerReferences ?? [];
    if (obj === undefined || refs.length === 0 || obj.metadata.deletionTimestamp !== undefined) return done();
    const absent: OwnerReference[] = [];
    let pending = refs.length;
    let foreground = false;
    const finish = (): void => {
      if (--pending > 0) return;
      const ctx = cc.ctx;
      const target = { resource, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
      if (absent.length === refs.length || foreground) {
        ctx.milestone('gc-delete', { resource, object: key });
        cc.client.delete(ctx, target, { propagationPolicy: foreground ? 'Foreground' : 'Background', preconditions: { uid: obj.metadata.uid } }, () => undefined);
      } else if (absent.length > 0) {
        const keep = refs.filter((r) => !absent.some((a) => a.uid === r.uid));
        cc.client.patch(ctx, target, { metadata: { ownerReferences: keep, resourceVersion: obj.metadata.resourceVersion } }, () => undefined);
      }
      done();
    };
    for (const r of refs) {
      const owner = cc.byUid(r.uid)?.object;
      if (owner !== undefined) {
        if (owner.metadata.deletionTimestamp !== undefined && (owner.metadata.finalizers ?? []).includes('foregroundDeletion') && r.blockOwnerDeletion === true) foreground = true;
        finish();
        continue;
      }
      const info = resourceForKind(r.kind);
      if (info === undefined) {
        finish();
        continue;
      }
      cc.client.get(cc.ctx, { resource: info.resource, namespace: info.namespaced ? obj.metadata.namespace : undefined, name: r.name }, (res) => {
        if (E.isLeft(res) ? res.left.reason === 'NotFound' : (res.right as KubeObject).metadata.uid !== r.uid) absent.push(r);
        // Could not tell (timeout, store down): look again later.
        else if (E.isLeft(res)) cc.enqueue(`dep|${resource}|${key}`, 1_000);
        finish();
      });
    }
  };

  const syncOwner = (cc: ControllerContext, resource: string, key: string, done: () => void): void => {
    const owner = cc.cache(resource).get(key);
    if (owner === undefined || owner.metadata.deletionTimestamp === undefined) return done();
    const uid = owner.metadata.uid ?? '';
    const finalizers = owner.metadata.finalizers ?? [];
    const deps = dependents(cc, uid);
    const ctx = cc.ctx;
    const removeFinalizer = (f: string): void => {
      cc.client.update(ctx, resource, { ...owner, metadata: { ...owner.metadata, finalizers: finalizers.filter((x) => x !== f) } }, (r) => {
        if (E.isLeft(r)) cc.enqueue(`owner|${resource}|${key}`, 500);
      });
    };
    if (finalizers.includes('orphan')) {
      for (const d of deps) {
        const keep = (d.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        cc.client.patch(ctx, { resource: d.resource, namespace: d.obj.metadata.namespace, name: d.obj.metadata.name ?? '' }, { metadata: { ownerReferences: keep.length > 0 ? keep : null, resourceVersion: d.obj.metadata.resourceVersion } }, () => undefined);
      }
      if (deps.length === 0) removeFinalizer('orphan');
      else cc.enqueue(`owner|${resource}|${key}`, 500);
    } else if (finalizers.includes('foregroundDeletion')) {
      const blocking = deps.filter((d) => (d.obj.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion === true));
      for (const d of blocking) {
        if (d.obj.metadata.deletionTimestamp !== undefined) continue;
        cc.client.delete(ctx, { resource: d.resource, namespace: d.obj.metadata.namespace, name: d.obj.metadata.name ?? '' }, { propagationPolicy: 'Foreground', preconditions: { uid: d.obj.metadata.uid } }, () => undefined);
      }
      if (blocking.length === 0) removeFinalizer('foregroundDeletion');
      else cc.enqueue(`owner|${resource}|${key}`, 1000);
    }
    done();
  };

  return {
    name: 'garbagecollector',
    setup(cc) {
      for (const resource of GC_RESOURCES) {
        if (resourceInfo(resource) === undefined) continue;
        const seen = (o: KubeObject): void => {
          if ((o.metadata.ownerReferences ?? []).length > 0) cc.enqueue(`dep|${resource}|${objectKey(o)}`);
          const f = o.metadata.finalizers ?? [];
          if (o.metadata.deletionTimestamp !== undefined && (f.includes('orphan') || f.includes('foregroundDeletion'))) cc.enqueue(`owner|${resource}|${objectKey(o)}`);
        };
        cc.watch<KubeObject>(resource, {
          onAdd: seen,
          // Only what the collector reads: owner references, deletion, finalizers (not status writes).
          onUpdate: (o, n) => {
            const a = o.metadata;
            const b = n.metadata;
            if (a.ownerReferences !== b.ownerReferences || a.deletionTimestamp !== b.deletionTimestamp || a.finalizers !== b.finalizers || a.uid !== b.uid) seen(n);
          },
          onDelete: (o) => {
            for (const d of dependents(cc, o.metadata.uid ?? '')) cc.enqueue(`dep|${d.resource}|${objectKey(d.obj)}`);
          },
        });
      }
    },
    sync(cc, k, done) {
      const { kind, resource, key } = parse(k);
      if (kind === 'dep') syncDependent(cc, resource, key, done);
      else syncOwner(cc, resource, key, done);
    },
  };
};
