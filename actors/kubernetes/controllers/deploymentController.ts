import * as E from 'fp-ts/Either';
import { controllerOf, findCondition, objectKey, setCondition, type Condition } from '../api/meta.js';
import { deepEqual } from '../api/mergePatch.js';
import type { Pod, PodTemplateSpec } from '../api/Pod.js';
import { formatTime, parseTime } from '../api/time.js';
import { POD_TEMPLATE_HASH_LABEL, resolveIntOrPercent, REVISION_ANNOTATION, type Deployment, type ReplicaSet } from '../api/workloads.js';
import type { Controller, ControllerContext } from './Controller.js';

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

const stableJson = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
};

/** The pod-template-hash of a template (FNV-1a of its canonical JSON, in Kubernetes' safe alphabet). */
export const templateHash = (tpl: PodTemplateSpec, collisionCount = 0): string => {
  const s = stableJson(tpl) + (collisionCount > 0 ? String(collisionCount) : '');
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += SAFE[h % SAFE.length];
    h = Math.floor(h / SAFE.length) ^ (i * 2654435761 >>> 0);
    h >>>= 0;
  }
  return out;
};

/** A template without the pod-template-hash label (to compare ReplicaSets with their Deployment). */
const withoutHash = (tpl: PodTemplateSpec): PodTemplateSpec => {
  const labels = { ...tpl.metadata?.labels };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  return { ...tpl, metadata: { ...tpl.metadata, labels } };
};

/** The revision number of a ReplicaSet (its annotation). */
export const revisionOf = (rs: ReplicaSet): number => Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? '0') || 0;

/**
 * Rollback (`kubectl rollout undo`): the Deployment with the pod template of
 * the ReplicaSet at `toRevision` (0 = the previous revision).
 */
export const rollbackTo = (d: Deployment, replicaSets: ReadonlyArray<ReplicaSet>, toRevision = 0): E.Either<string, Deployment> => {
  const owned = replicaSets.filter((rs) => controllerOf(rs)?.uid === d.metadata.uid).sort((a, b) => revisionOf(b) - revisionOf(a));
  if (owned.length === 0) return E.left('no rollout history found');
  const target = toRevision === 0 ? owned[1] : owned.find((rs) => revisionOf(rs) === toRevision);
  if (target === undefined) return E.left(toRevision === 0 ? 'no previous revision to roll back to' : `unable to find specified revision ${toRevision} in history`);
  return E.right({ ...d, spec: { ...d.spec, template: withoutHash(target.spec.template) } });
};

const sum = (rs: ReadonlyArray<ReplicaSet>, f: (r: ReplicaSet) => number | undefined): number => rs.reduce((a, r) => a + (f(r) ?? 0), 0);

/**
 * The Deployment controller: one ReplicaSet per pod-template revision; a
 * RollingUpdate scales the new one up within maxSurge and the old ones down
 * within maxUnavailable (defaults 25%/25%), Recreate scales the old ones to
 * zero first; it keeps `revisionHistoryLimit` old ReplicaSets, reports
 * Available and Progressing conditions (ProgressDeadlineExceeded after
 * `progressDeadlineSeconds` without progress), and supports rollback by
 * template (see {@link rollbackTo}).
 */
export const deploymentController = (): Controller => {
  const dKeyOf = (o: Pod | ReplicaSet): string | undefined => {
    const ref = controllerOf(o);
    if (ref?.kind === 'Deployment') return `${o.metadata.namespace}/${ref.name}`;
    return undefined;
  };
  const creating = new Set<string>();
  return {
    name: 'deployment',
    setup(cc) {
      cc.watch<Deployment>('deployments', { onAdd: (d) => cc.enqueue(objectKey(d)), onUpdate: (_o, d) => cc.enqueue(objectKey(d)), onDelete: () => undefined });
      const onRs = (rs: ReplicaSet): void => {
        const k = dKeyOf(rs);
        if (k !== undefined) cc.enqueue(k);
      };
      cc.watch<ReplicaSet>('replicasets', { onAdd: onRs, onUpdate: (_o, rs) => onRs(rs), onDelete: onRs });
    },
    sync(cc, key, done) {
      const d = cc.cache<Deployment>('deployments').get(key);
      if (d === undefined || d.metadata.deletionTimestamp !== undefined) return done();
      const ctx = cc.ctx;
      const now = cc.now();
      const ns = d.metadata.namespace;
      const all = cc.byOwner<ReplicaSet>('replicasets', d.metadata.uid ?? '').filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
      const template = d.spec.template;
      const newRs = all.find((rs) => deepEqual(withoutHash(rs.spec.template), template));
      const old = all.filter((rs) => rs !== newRs);
      const maxOldRevision = Math.max(0, ...old.map(revisionOf));
      const replicas = d.spec.replicas ?? 1;
      const write = (rs: ReplicaSet, next: Partial<ReplicaSet['spec']>, annotations?: Record<string, string>): void => {
        cc.client.update(ctx, 'replicasets', { ...rs, metadata: { ...rs.metadata, annotations: { ...rs.metadata.annotations, ...annotations } }, spec: { ...rs.spec, ...next } }, (r) => {
          if (E.isLeft(r)) cc.enqueue(key, 500);
        });
      };
      if (newRs === undefined) {
        const hash = templateHash(template, d.status?.collisionCount ?? 0);
        const name = `${d.metadata.name}-${hash}`;
        if (creating.has(name)) return done();
        creating.add(name);
        const labels = { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash };
        const rs: ReplicaSet = {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name,
            namespace: ns,
            labels,
            annotations: { [REVISION_ANNOTATION]: String(maxOldRevision + 1) },
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name ?? '', uid: d.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
          },
          spec: {
            replicas: d.spec.strategy?.type === 'Recreate' || old.length > 0 ? 0 : replicas,
            minReadySeconds: d.spec.minReadySeconds,
            selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash } },
            template: { ...template, metadata: { ...template.metadata, labels } },
          },
        };
        cc.client.create(ctx, 'replicasets', ns, rs, (r) => {
          creating.delete(name);
          if (E.isLeft(r)) {
            if (r.left.reason === 'AlreadyExists') {
              // A hash collision with a ReplicaSet of another template: count it and try the next name.
              cc.client.patch(ctx, { resource: 'deployments', namespace: ns, name: d.metadata.name ?? '' }, { status: { collisionCount: (d.status?.collisionCount ?? 0) + 1 } }, () => undefined, 'status');
            }
            cc.enqueue(key, 500);
          } else cc.recorder.event(ctx, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} to ${rs.spec.replicas}`);
        });
        return done();
      }
      // An old template coming back (rollback) becomes the newest revision.
      const bump = revisionOf(newRs) <= maxOldRevision ? { [REVISION_ANNOTATION]: String(maxOldRevision + 1) } : undefined;
      let newRsReplicas: number | undefined;
      let progressed = false;
      if (!d.spec.paused) {
        if (d.spec.strategy?.type === 'Recreate') {
          const oldRunning = sum(old, (r) => r.status?.replicas) > 0;
          for (const rs of old) if ((rs.spec.replicas ?? 0) > 0) write(rs, { replicas: 0 });
          if (!oldRunning && sum(old, (r) => r.spec.replicas) === 0 && (newRs.spec.replicas ?? 0) !== replicas) {
            newRsReplicas = replicas;
            progressed = true;
          }
        } else {
          const ru = d.spec.strategy?.rollingUpdate;
          const maxSurge = resolveIntOrPercent(ru?.maxSurge ?? '25%', replicas, true);
          const maxUnavailable = Math.min(replicas, resolveIntOrPercent(ru?.maxUnavailable ?? '25%', replicas, false));
          const newReplicas = newRs.spec.replicas ?? 0;
          // Scale the new ReplicaSet up within maxSurge.
          if (newReplicas > replicas) {
            newRsReplicas = replicas;
          } else if (newReplicas < replicas) {
            const current = sum(all, (r) => r.spec.replicas);
            const scaleUp = Math.min(replicas + maxSurge - current, replicas - newReplicas);
            if (scaleUp > 0) {
              newRsReplicas = newReplicas + scaleUp;
              progressed = true;
              cc.recorder.event(ctx, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${newRs.metadata.name} to ${newReplicas + scaleUp}`);
            }
          }
          // Scale old ReplicaSets down within maxUnavailable: unhealthy pods first, then oldest first.
          const oldCount = sum(old, (r) => r.spec.replicas);
          if (oldCount > 0) {
            const allCount = sum(all, (r) => r.spec.replicas);
            const minAvailable = replicas - maxUnavailable;
            const newUnavailable = (newRs.spec.replicas ?? 0) - (newRs.status?.availableReplicas ?? 0);
            let budget = allCount - minAvailable - Math.max(0, newUnavailable);
            const targets = new Map<ReplicaSet, number>(old.map((rs) => [rs, rs.spec.replicas ?? 0]));
            const oldest = [...old].sort((a, b) => revisionOf(a) - revisionOf(b));
            for (const rs of oldest) {
              if (budget <= 0) break;
              const unhealthy = Math.max(0, (targets.get(rs) ?? 0) - (rs.status?.availableReplicas ?? 0));
              const cut = Math.min(unhealthy, budget);
              if (cut > 0) {
                targets.set(rs, (targets.get(rs) ?? 0) - cut);
                budget -= cut;
              }
            }
            const available = sum(all, (r) => r.status?.availableReplicas);
            let scaleDown = Math.min(budget, available - minAvailable);
            for (const rs of oldest) {
              if (scaleDown <= 0) break;
              const cur = targets.get(rs) ?? 0;
              const cut = Math.min(cur, scaleDown);
              if (cut > 0) {
                targets.set(rs, cur - cut);
                scaleDown -= cut;
              }
            }
            for (const [rs, n] of targets) {
              if (n !== (rs.spec.replicas ?? 0)) {
                write(rs, { replicas: n });
                progressed = true;
                cc.recorder.event(ctx, d, 'Normal', 'ScalingReplicaSet', `Scaled down replica set ${rs.metadata.name} to ${n}`);
              }
            }
          }
        }
      }
      if (bump !== undefined || newRsReplicas !== undefined) write(newRs, newRsReplicas === undefined ? {} : { replicas: newRsReplicas }, bump);
      // Old ReplicaSets beyond the history limit go (oldest first), once empty.
      const limit = d.spec.revisionHistoryLimit ?? 10;
      const empty = old.filter((rs) => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0 && rs.metadata.deletionTimestamp === undefined).sort((a, b) => revisionOf(a) - revisionOf(b));
      for (const rs of empty.slice(0, Math.max(0, empty.length - limit))) {
        cc.client.delete(ctx, { resource: 'replicasets', namespace: ns, name: rs.metadata.name ?? '' }, { propagationPolicy: 'Background' }, () => undefined);
      }
      syncStatus(cc, d, newRs, all, progressed, now, done);
    },
  };
};

const syncStatus = (cc: ControllerContext, d: Deployment, newRs: ReplicaSet, all: ReadonlyArray<ReplicaSet>, progressed: boolean, now: number, done: () => void): void => {
  const replicas = d.spec.replicas ?? 1;
  const ru = d.spec.strategy?.rollingUpdate;
  const maxUnavailable = d.spec.strategy?.type === 'Recreate' ? replicas : Math.min(replicas, resolveIntOrPercent(ru?.maxUnavailable ?? '25%', replicas, false));
  const status = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sum(all, (r) => r.status?.replicas),
    updatedReplicas: newRs.status?.replicas ?? 0,
    readyReplicas: sum(all, (r) => r.status?.readyReplicas),
    availableReplicas: sum(all, (r) => r.status?.availableReplicas),
    unavailableReplicas: 0,
    collisionCount: d.status?.collisionCount,
  };
  status.unavailableReplicas = Math.max(0, replicas - status.availableReplicas);
  const ts = formatTime(now);
  let conditions: Condition[] = d.status?.conditions ?? [];
  const availableOk = status.availableReplicas >= replicas - maxUnavailable;
  conditions = setCondition(conditions, {
    type: 'Available',
    status: availableOk ? 'True' : 'False',
    reason: availableOk ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
    message: availableOk ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
    lastTransitionTime: ts,
    lastUpdateTime: ts,
  });
  const complete = status.updatedReplicas === replicas && status.availableReplicas === replicas && status.replicas === replicas && (newRs.status?.availableReplicas ?? 0) === replicas;
  const prev = findCondition(conditions, 'Progressing');
  const changed =
    progressed ||
    d.status?.availableReplicas !== status.availableReplicas ||
    d.status?.updatedReplicas !== status.updatedReplicas ||
    d.status?.observedGeneration !== status.observedGeneration;
  let progressing: Condition;
  if (complete) {
    progressing = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRs.metadata.name}" has successfully progressed.`, lastUpdateTime: prev?.reason === 'NewReplicaSetAvailable' ? prev.lastUpdateTime : ts, lastTransitionTime: ts };
    if (prev?.reason !== 'NewReplicaSetAvailable') cc.ctx.milestone('rollout-complete', { deployment: objectKey(d), revision: newRs.metadata.annotations?.[REVISION_ANNOTATION] });
  } else if (changed || prev === undefined || prev.reason === 'NewReplicaSetAvailable') {
    progressing = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRs.metadata.name}" is progressing.`, lastUpdateTime: ts, lastTransitionTime: ts };
  } else {
    const since = parseTime(prev.lastUpdateTime);
    const deadlineMs = (d.spec.progressDeadlineSeconds ?? 600) * 1000;
    if (prev.reason !== 'ProgressDeadlineExceeded' && Number.isFinite(since) && since + deadlineMs <= now) {
      progressing = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${newRs.metadata.name}" has timed out progressing.`, lastUpdateTime: ts, lastTransitionTime: ts };
      cc.ctx.milestone('rollout-deadline-exceeded', { deployment: objectKey(d) });
      cc.recorder.event(cc.ctx, d, 'Warning', 'ProgressDeadlineExceeded', progressing.message ?? '');
    } else {
      progressing = prev;
      if (prev.reason !== 'ProgressDeadlineExceeded' && Number.isFinite(since)) cc.enqueue(objectKey(d), Math.max(1, since + deadlineMs - now + 1));
    }
  }
  conditions = setCondition(conditions, progressing);
  const next = { ...d.status, ...status, conditions };
  const revision = newRs.metadata.annotations?.[REVISION_ANNOTATION];
  const annotationsChanged = revision !== undefined && d.metadata.annotations?.[REVISION_ANNOTATION] !== revision;
  const same = (a: Condition[] | undefined, b: Condition[]): boolean =>
    a !== undefined && a.length === b.length && a.every((c, i) => c.type === b[i].type && c.status === b[i].status && c.reason === b[i].reason);
  if (annotationsChanged) {
    cc.client.patch(cc.ctx, { resource: 'deployments', namespace: d.metadata.namespace, name: d.metadata.name ?? '' }, { metadata: { annotations: { [REVISION_ANNOTATION]: revision } } }, () => undefined);
  }
  const cur = d.status ?? {};
  if (
    cur.observedGeneration === next.observedGeneration &&
    cur.replicas === next.replicas &&
    cur.updatedReplicas === next.updatedReplicas &&
    cur.readyReplicas === next.readyReplicas &&
    cur.availableReplicas === next.availableReplicas &&
    cur.unavailableReplicas === next.unavailableReplicas &&
    same(cur.conditions, conditions)
  ) {
    return done();
  }
  cc.client.updateStatus(cc.ctx, 'deployments', { ...d, status: next }, (r) => {
    if (E.isLeft(r)) cc.enqueue(objectKey(d), 500);
    done();
  });
};
