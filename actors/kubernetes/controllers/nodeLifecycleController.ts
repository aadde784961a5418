import * as E from 'fp-ts/Either';
import type { Lease } from '../api/cluster.js';
import { objectKey, setCondition, type Condition } from '../api/meta.js';
import { nodeReadyStatus, TAINT_NOT_READY, TAINT_UNREACHABLE, type Node, type Taint } from '../api/Node.js';
import { isPodReady, isTerminal, type Pod } from '../api/Pod.js';
import { noExecuteTolerationMs } from '../api/taints.js';
import { formatTime, parseTime } from '../api/time.js';
import type { Controller, ControllerContext } from './Controller.js';

/** Options of the node lifecycle controller. */
export interface NodeLifecycleOptions {
  /** A node whose lease (or status) did not change for this long is NotReady/Unknown. @default 40_000 */
  gracePeriodMs?: number;
  /** How often nodes are checked. @default 5_000 */
  monitorPeriodMs?: number;
}

/** Namespace of the kubelets' heartbeat Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

const managed = (t: Taint): boolean => t.key === TAINT_NOT_READY || t.key === TAINT_UNREACHABLE;

/**
 * The node lifecycle controller: watches kubelet Leases; a node silent for
 * the grace period (40 s) gets Ready=Unknown, its pods are marked not ready,
 * and it is tainted `unreachable` (or `not-ready` when the kubelet says
 * Ready=False) with NoSchedule and NoExecute. Its taint manager evicts pods
 * that don't tolerate a NoExecute taint — at once, or after their
 * tolerationSeconds (300 s by default admission).
 */
export const nodeLifecycleController = (options: NodeLifecycleOptions = {}): Controller => {
  const grace = options.gracePeriodMs ?? 40_000;
  const probes = new Map<string, number>();
  const podsByNode = new Map<string, Set<string>>();
  const trackPod = (p: Pod, add: boolean): void => {
    const node = p.spec.nodeName;
    if (node === undefined || node === '') return;
    let set = podsByNode.get(node);
    if (set === undefined) podsByNode.set(node, (set = new Set()));
    if (add) set.add(objectKey(p));
    else set.delete(objectKey(p));
  };
  const desiredTaints = (node: Node, now: number): Taint[] => {
    const ready = nodeReadyStatus(node);
    const keep = (node.spec?.taints ?? []).filter((t) => !managed(t));
    const key = ready === 'False' ? TAINT_NOT_READY : ready === 'Unknown' ? TAINT_UNREACHABLE : undefined;
    if (key === undefined) return keep;
    const prev = (node.spec?.taints ?? []).filter((t) => t.key === key);
    const added = formatTime(now);
    const mk = (effect: Taint['effect']): Taint => prev.find((t) => t.effect === effect) ?? { key, effect, timeAdded: added };
    return [...keep, mk('NoSchedule'), mk('NoExecute')];
  };
  const sameTaints = (a: ReadonlyArray<Taint>, b: ReadonlyArray<Taint>): boolean =>
    a.length === b.length && a.every((t, i) => t.key === b[i].key && t.effect === b[i].effect && t.value === b[i].value);

  const checkNode = (cc: ControllerContext, node: Node): void => {
    const now = cc.now();
    const name = node.metadata.name ?? '';
    const probe = probes.get(name) ?? (probes.set(name, now), now);
    const ready = nodeReadyStatus(node);
    if (now - probe > grace && ready !== 'Unknown') {
      const ts = formatTime(now);
      const conditions = (node.status?.conditions ?? []).map((c): Condition => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: ts }));
      const next = setCondition(conditions, { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: ts });
      cc.ctx.milestone('node-not-ready', { node: name, status: 'Unknown' });
      cc.client.updateStatus(cc.ctx, 'nodes', { ...node, status: { ...node.status, conditions: next } }, () => undefined);
      return;
    }
    // The common case, every monitor period for every node: Ready and none of our taints — nothing to do.
    if (ready === 'True' && !(node.spec?.taints ?? []).some(managed)) return;
    const taints = desiredTaints(node, now);
    if (!sameTaints(taints, node.spec?.taints ?? [])) {
      cc.client.update(cc.ctx, 'nodes', { ...node, spec: { ...node.spec, taints } }, (r) => {
        if (E.isLeft(r)) cc.enqueue(`node:${name}`, 1000);
      });
    }
    if (ready !== 'True') {
      // MarkPodsNotReady: the kubelet can't, so the controller does.
      for (const key of podsByNode.get(name) ?? []) {
        const p = cc.cache<Pod>('pods').get(key);
        if (p === undefined || !isPodReady(p) || isTerminal(p)) continue;
        const conditions = setCondition(p.status?.conditions, { type: 'Ready', status: 'False', reason: 'NodeNotReady', lastTransitionTime: formatTime(now) });
        cc.client.patch(cc.ctx, { resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name ?? '' }, { status: { conditions } }, () => undefined, 'status');
      }
    }
  };

  const checkPod = (cc: ControllerContext, key: string): void => {
    const pod = cc.cache<Pod>('pods').get(key);
    if (pod === undefined || pod.metadata.deletionTimestamp !== undefined || isTerminal(pod)) return;
    const node = cc.cache<Node>('nodes').get(pod.spec.nodeName ?? '');
    if (node === undefined) return;
    const now = cc.now();
    let deadline: number | undefined;
    for (const taint of node.spec?.taints ?? []) {
      if (taint.effect !== 'NoExecute') continue;
      const ms = noExecuteTolerationMs(pod.spec.tolerations ?? [], taint);
      if (ms === undefined) continue;
      const added = parseTime(taint.timeAdded);
      const at = (Number.isFinite(added) ? added : now) + ms;
      deadline = deadline === undefined ? at : Math.min(deadline, at);
    }
    if (deadline === undefined) return;
    if (deadline > now) {
      cc.enqueue(`pod:${key}`, deadline - now);
      return;
    }
    cc.ctx.milestone('pod-evicted', { pod: key, node: node.metadata.name });
    cc.recorder.event(cc.ctx, pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    cc.client.delete(cc.ctx, { resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' }, { preconditions: { uid: pod.metadata.uid } }, () => undefined);
  };

  return {
    name: 'nodelifecycle',
    resyncMs: options.monitorPeriodMs ?? 5_000,
    setup(cc) {
      cc.watch<Node>('nodes', {
        onAdd: (n) => {
          probes.set(n.metadata.name ?? '', cc.now());
          cc.enqueue(`node:${n.metadata.name}`);
        },
        onUpdate: (old, n) => {
          if (nodeReadyStatus(n) === 'True' && JSON.stringify(old.status?.conditions) !== JSON.stringify(n.status?.conditions)) probes.set(n.metadata.name ?? '', cc.now());
          cc.enqueue(`node:${n.metadata.name}`);
          if (JSON.stringify(old.spec?.taints) !== JSON.stringify(n.spec?.taints)) for (const k of podsByNode.get(n.metadata.name ?? '') ?? []) cc.enqueue(`pod:${k}`);
        },
        onDelete: (n) => probes.delete(n.metadata.name ?? ''),
      });
      cc.watch<Lease>('leases', {
        onAdd: (l) => {
          if (l.metadata.namespace === NODE_LEASE_NAMESPACE) probes.set(l.metadata.name ?? '', cc.now());
        },
        onUpdate: (old, l) => {
          if (l.metadata.namespace === NODE_LEASE_NAMESPACE && old.spec.renewTime !== l.spec.renewTime) probes.set(l.metadata.name ?? '', cc.now());
        },
      });
      cc.watch<Pod>('pods', {
        onAdd: (p) => {
          trackPod(p, true);
          if (p.spec.nodeName) cc.enqueue(`pod:${objectKey(p)}`);
        },
        onUpdate: (old, p) => {
          if (old.spec.nodeName !== p.spec.nodeName) {
            trackPod(old, false);
            trackPod(p, true);
          }
          if (p.spec.nodeName && !old.spec.nodeName) cc.enqueue(`pod:${objectKey(p)}`);
        },
        onDelete: (p) => trackPod(p, false),
      });
    },
    sync(cc, key, done) {
      if (key.startsWith('node:')) {
        const node = cc.cache<Node>('nodes').get(key.slice(5));
        if (node !== undefined) checkNode(cc, node);
      } else checkPod(cc, key.slice(4));
      done();
    },
    resync(cc) {
      for (const node of cc.cache<Node>('nodes').values()) checkNode(cc, node);
    },
  };
};
