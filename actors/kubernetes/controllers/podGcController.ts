import type { Node } from '../api/Node.js';
import { isTerminal, type Pod } from '../api/Pod.js';
import type { Controller } from './Controller.js';

/** Options of pod GC. */
export interface PodGcOptions {
  /** Terminated pods kept before the oldest are deleted (`--terminated-pod-gc-threshold`). @default 12_500 */
  terminatedPodThreshold?: number;
  /** How often it runs. @default 20_000 */
  periodMs?: number;
}

/**
 * Pod garbage collection: deletes terminated pods beyond the threshold
 * (oldest first), force-deletes pods bound to nodes that no longer exist,
 * and force-deletes terminating pods that were never scheduled.
 */
export const podGcController = (options: PodGcOptions = {}): Controller => {
  const threshold = options.terminatedPodThreshold ?? 12_500;
  return {
    name: 'podgc',
    resyncMs: options.periodMs ?? 20_000,
    setup(cc) {
      cc.watch<Pod>('pods', {});
      cc.watch<Node>('nodes', {});
    },
    sync(_cc, _key, done) {
      done();
    },
    resync(cc) {
      const ctx = cc.ctx;
      const pods = [...cc.cache<Pod>('pods').values()];
      const nodes = cc.cache<Node>('nodes');
      const del = (p: Pod, force: boolean, why: string): void => {
        ctx.milestone('pod-gc', { pod: `${p.metadata.namespace}/${p.metadata.name}`, why });
        cc.client.delete(ctx, { resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name ?? '' }, { gracePeriodSeconds: force ? 0 : undefined, preconditions: { uid: p.metadata.uid } }, () => undefined);
      };
      const terminated = pods.filter(isTerminal);
      if (terminated.length > threshold) {
        terminated.sort((a, b) => ((a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? -1 : 1));
        for (const p of terminated.slice(0, terminated.length - threshold)) del(p, false, 'terminated');
      }
      for (const p of pods) {
        const node = p.spec.nodeName;
        if (node !== undefined && node !== '' && !nodes.has(node)) del(p, true, 'orphaned');
        else if ((node === undefined || node === '') && p.metadata.deletionTimestamp !== undefined) del(p, true, 'unscheduled-terminating');
      }
    },
  };
};
