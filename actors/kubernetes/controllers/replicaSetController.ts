import * as E from 'fp-ts/Either';
import { fromLabelSelector, matches } from '../api/labelSelector.js';
import { controllerOf, objectKey } from '../api/meta.js';
import { isPodAvailable, isPodReady, isTerminal, type Pod } from '../api/Pod.js';
import type { ReplicaSet } from '../api/workloads.js';
import type { Controller, ControllerContext } from './Controller.js';
import { Expectations } from './Expectations.js';

/** At most this many creations or deletions per sync (upstream's burstReplicas). */
export const BURST_REPLICAS = 500;

/** The pods a ReplicaSet counts: owned by it, not terminal, not being deleted. */
export const activePodsOf = (cc: ControllerContext, rs: ReplicaSet): Pod[] =>
  cc.byOwner<Pod>('pods', rs.metadata.uid ?? '').filter((p) => controllerOf(p)?.uid === rs.metadata.uid && !isTerminal(p) && p.metadata.deletionTimestamp === undefined);

const phaseRank = (p: Pod): number => (p.status?.phase === 'Pending' ? 0 : p.status?.phase === 'Unknown' ? 1 : 2);

/** Deletion order (upstream's ActivePods): unassigned, then pending, then not ready, then newest, first. */
export const deletionOrder = (a: Pod, b: Pod): number => {
  const aa = a.spec.nodeName ? 1 : 0;
  const ba = b.spec.nodeName ? 1 : 0;
  if (aa !== ba) return aa - ba;
  if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
  const ar = isPodReady(a) ? 1 : 0;
  const br = isPodReady(b) ? 1 : 0;
  if (ar !== br) return ar - br;
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  return at > bt ? -1 : at < bt ? 1 : 0;
};

/** A pod for a ReplicaSet, from its template. */
export const podFromTemplate = (rs: ReplicaSet): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    generateName: `${rs.metadata.name}-`,
    namespace: rs.metadata.namespace,
    labels: rs.spec.template.metadata?.labels,
    annotations: rs.spec.template.metadata?.annotations,
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name ?? '', uid: rs.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
  },
  spec: rs.spec.template.spec ?? { containers: [] },
});

/**
 * The ReplicaSet controller: keeps `spec.replicas` active pods per
 * ReplicaSet, creating in slow-start batches (1, 2, 4, … stopping at the first
 * failure) and deleting the least useful pods first; expectations keep it from
 * acting twice on a stale cache; it adopts matching orphans and reports
 * replicas, ready and available counts in the status.
 */
export const replicaSetController = (): Controller => {
  const expectations = new Expectations();
  /** Pods without a controller, by namespace: the only adoption candidates (no namespace scans). */
  const orphans = new Map<string, Map<string, Pod>>();
  const trackOrphan = (p: Pod, present: boolean): void => {
    const ns = p.metadata.namespace ?? '';
    const key = objectKey(p);
    if (present && controllerOf(p) === undefined && p.metadata.deletionTimestamp === undefined && !isTerminal(p)) {
      let m = orphans.get(ns);
      if (m === undefined) orphans.set(ns, (m = new Map()));
      m.set(key, p);
    } else orphans.get(ns)?.delete(key);
  };
  const rsKeyOfPod = (p: Pod): string | undefined => {
    const ref = controllerOf(p);
    return ref?.kind === 'ReplicaSet' ? `${p.metadata.namespace}/${ref.name}` : undefined;
  };
  return {
    name: 'replicaset',
    setup(cc) {
      cc.watch<ReplicaSet>('replicasets', {
        onAdd: (rs) => cc.enqueue(objectKey(rs)),
        onUpdate: (_o, rs) => cc.enqueue(objectKey(rs)),
        onDelete: (rs) => {
          expectations.delete(objectKey(rs));
        },
      });
      cc.watch<Pod>('pods', {
        onAdd: (p) => {
          trackOrphan(p, true);
          const k = rsKeyOfPod(p);
          if (k === undefined) return;
          expectations.creationObserved(k);
          cc.enqueue(k);
        },
        onUpdate: (old, p) => {
          trackOrphan(p, true);
          if (controllerOf(p) === undefined) for (const rs of cc.inNamespace<ReplicaSet>('replicasets', p.metadata.namespace ?? '')) cc.enqueue(objectKey(rs));
          const k = rsKeyOfPod(p);
          if (k === undefined) return;
          if (p.metadata.deletionTimestamp !== undefined && old.metadata.deletionTimestamp === undefined) expectations.deletionObserved(k);
          cc.enqueue(k);
          // A pod that just became ready counts as available after minReadySeconds.
          const rs = cc.cache<ReplicaSet>('replicasets').get(k);
          const mrs = rs?.spec.minReadySeconds ?? 0;
          if (mrs > 0 && !isPodReady(old) && isPodReady(p)) cc.enqueue(k, mrs * 1000 + 1);
        },
        onDelete: (p) => {
          trackOrphan(p, false);
          const k = rsKeyOfPod(p);
          if (k === undefined) return;
          if (p.metadata.deletionTimestamp === undefined) expectations.deletionObserved(k);
          cc.enqueue(k);
        },
      });
    },
    sync(cc, key, done) {
      const rs = cc.cache<ReplicaSet>('replicasets').get(key);
      if (rs === undefined) {
        expectations.delete(key);
        return done();
      }
      const ctx = cc.ctx;
      const now = cc.now();
      if (rs.metadata.deletionTimestamp === undefined) {
        // Adopt orphans whose labels match.
        const selector = fromLabelSelector(rs.spec.selector);
        for (const p of orphans.get(rs.metadata.namespace ?? '')?.values() ?? []) {
          if (controllerOf(p) !== undefined || p.metadata.deletionTimestamp !== undefined || isTerminal(p) || !matches(selector, p.metadata.labels)) continue;
          const refs = [...(p.metadata.ownerReferences ?? []), podFromTemplate(rs).metadata.ownerReferences![0]];
          cc.client.patch(ctx, { resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name ?? '' }, { metadata: { ownerReferences: refs, resourceVersion: p.metadata.resourceVersion } }, () => undefined);
        }
      }
      const pods = activePodsOf(cc, rs);
      const want = rs.spec.replicas ?? 1;
      if (rs.metadata.deletionTimestamp === undefined && expectations.satisfied(key, now)) {
        const diff = pods.length - want;
        if (diff < 0) {
          const total = Math.min(-diff, BURST_REPLICAS);
          expectations.expect(key, total, 0, now);
          // Slow start: batches of 1, 2, 4 … ; the first failure skips the rest.
          let created = 0;
          const batchOf = (size: number): void => {
            let pending = size;
            let failed = false;
            for (let i = 0; i < size; i++) {
              cc.client.create<Pod>(ctx, 'pods', rs.metadata.namespace, podFromTemplate(rs), (r) => {
                if (E.isLeft(r)) {
                  expectations.creationObserved(key);
                  if (!failed) cc.recorder.event(ctx, rs, 'Warning', 'FailedCreate', `Error creating: ${r.left.message}`);
                  failed = true;
                } else cc.recorder.event(ctx, rs, 'Normal', 'SuccessfulCreate', `Created pod: ${r.right.metadata.name}`);
                if (--pending > 0) return;
                created += size;
                const next = Math.min(2 * size, total - created);
                if (failed || next <= 0) {
                  for (let j = 0; j < total - created; j++) expectations.creationObserved(key);
                  return;
                }
                batchOf(next);
              });
            }
          };
          batchOf(1);
        } else if (diff > 0) {
          const victims = [...pods].sort(deletionOrder).slice(0, Math.min(diff, BURST_REPLICAS));
          expectations.expect(key, 0, victims.length, now);
          for (const p of victims) {
            cc.client.delete(ctx, { resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name ?? '' }, { preconditions: { uid: p.metadata.uid } }, (r) => {
              if (E.isLeft(r)) expectations.deletionObserved(key);
              else cc.recorder.event(ctx, rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
            });
          }
        }
      }
      const mrs = rs.spec.minReadySeconds ?? 0;
      const templateLabels = rs.spec.template.metadata?.labels ?? {};
      let ready = 0;
      let available = 0;
      let fullyLabeled = 0;
      for (const p of pods) {
        if (isPodReady(p)) {
          ready++;
          if (mrs <= 0 || isPodAvailable(p, mrs, now)) available++;
        }
        const labels = p.metadata.labels ?? {};
        let all = true;
        for (const k in templateLabels) if (labels[k] !== templateLabels[k]) all = false;
        if (all) fullyLabeled++;
      }
      const status = {
        replicas: pods.length,
        fullyLabeledReplicas: fullyLabeled,
        readyReplicas: ready,
        availableReplicas: available,
        observedGeneration: rs.metadata.generation ?? 1,
      };
      const cur = rs.status ?? {};
      if (available < ready) cc.enqueue(key, mrs * 1000 + 1);
      if (
        cur.replicas === status.replicas &&
        cur.readyReplicas === status.readyReplicas &&
        cur.availableReplicas === status.availableReplicas &&
        cur.fullyLabeledReplicas === status.fullyLabeledReplicas &&
        cur.observedGeneration === status.observedGeneration
      ) {
        return done();
      }
      cc.client.updateStatus(ctx, 'replicasets', { ...rs, status: { ...cur, ...status } }, (r) => {
        if (E.isLeft(r)) cc.enqueue(key, 1000);
        done();
      });
    },
  };
};
