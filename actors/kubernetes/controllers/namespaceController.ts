import * as E from 'fp-ts/Either';
import type { Namespace } from '../api/cluster.js';
import type { KubeObject } from '../api/meta.js';
import { allResources } from '../api/resources.js';
import type { Controller } from './Controller.js';

/**
 * The namespace controller: when a namespace is Terminating it deletes
 * everything in it (every namespaced resource the API serves), waits until
 * it is all gone (graceful pod deletion included), then finalizes the
 * namespace (removes the `kubernetes` finalizer) so the API server deletes it.
 */
export const namespaceController = (): Controller => ({
  name: 'namespace',
  setup(cc) {
    const check = (ns: Namespace): void => {
      if (ns.metadata.deletionTimestamp !== undefined) cc.enqueue(ns.metadata.name ?? '');
    };
    cc.watch<Namespace>('namespaces', { onAdd: check, onUpdate: (_o, ns) => check(ns) });
  },
  sync(cc, name, done) {
    const ns = cc.cache<Namespace>('namespaces').get(name);
    if (ns === undefined || ns.metadata.deletionTimestamp === undefined) return done();
    const ctx = cc.ctx;
    const kinds = allResources().filter((r) => r.namespaced && r.resource !== 'bindings');
    let pending = kinds.length;
    let remaining = 0;
    let failed = false;
    const finish = (): void => {
      if (--pending > 0) return;
      if (failed || remaining > 0) {
        cc.enqueue(name, 1000);
        return done();
      }
      const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== 'kubernetes');
      cc.client.update(ctx, 'namespaces', { ...ns, spec: { ...ns.spec, finalizers } }, (r) => {
        if (E.isLeft(r)) cc.enqueue(name, 1000);
        else ctx.milestone('namespace-finalized', { namespace: name });
        done();
      }, 'finalize');
    };
    for (const info of kinds) {
      cc.client.list<KubeObject>(ctx, info.resource, { namespace: name }, (r) => {
        if (E.isLeft(r)) failed = true;
        else {
          remaining += r.right.items.length;
          for (const obj of r.right.items) {
            if (obj.metadata.deletionTimestamp !== undefined) continue;
            cc.client.delete(ctx, { resource: info.resource, namespace: name, name: obj.metadata.name ?? '' }, { propagationPolicy: 'Background' }, () => undefined);
          }
        }
        finish();
      });
    }
  },
});
