/**
 * Checkers of the control plane's invariants, over the authoritative state
 * (the store's data on the master's disk) and over the stream of changes the
 * API server applied. Separate from the fault injectors, as in VOPR.
 */
import type { Simulation } from '../../lib/sim/index.js';
import type { KubeObject } from './api/meta.js';
import type { Node } from './api/Node.js';
import { isTerminal, type Pod } from './api/Pod.js';
import { milliCpu, wholeUnits } from './api/quantity.js';
import { resolveIntOrPercent, type Deployment, type ReplicaSet } from './api/workloads.js';
import type { CacheEvent } from './apiserver/WatchCache.js';
import type { RolloutLedger } from './RolloutLedger.js';
import { MvccStore } from './store/MvccStore.js';
import { prefixEnd } from './store/protocol.js';
import * as E from 'fp-ts/Either';

/** The objects of a resource in the store, right now. */
export const storedObjects = <T extends KubeObject>(sim: Simulation, resource: string, master = 'master'): T[] => {
  const data = sim.system.node(master).disk.get('kube-store');
  if (!(data instanceof MvccStore)) return [];
  const prefix = `/registry/${resource}/`;
  const r = data.range({ key: prefix, rangeEnd: prefixEnd(prefix) });
  if (E.isLeft(r)) return [];
  return r.right.kvs.map((kv) => ({ ...(kv.value as T), metadata: { ...(kv.value as T).metadata, resourceVersion: String(kv.modRevision) } }));
};

/**
 * Watches every change the API server applies (pass `observe` as its
 * `hooks.onChange`) and remembers, per pod uid, the node it was bound to:
 * binding a pod twice (or moving it) is a violation.
 */
export class BindingLedger {
  private readonly boundTo = new Map<string, string>();
  readonly violations: string[] = [];
  bindings = 0;

  readonly observe = (ev: CacheEvent): void => {
    if (ev.resource !== 'pods' || ev.type === 'DELETED') return;
    const pod = ev.object as Pod;
    const node = pod.spec.nodeName;
    if (node === undefined || node === '') return;
    const uid = pod.metadata.uid ?? '';
    const before = this.boundTo.get(uid);
    if (before === undefined) {
      this.boundTo.set(uid, node);
      this.bindings++;
    } else if (before !== node) this.violations.push(`pod ${pod.metadata.namespace}/${pod.metadata.name} (${uid}) bound to ${before} and then to ${node}`);
  };
}

/** Nodes whose bound, non-terminal pods request more than their allocatable cpu, memory or pod count. */
export const overcommittedNodes = (sim: Simulation): string[] => {
  const nodes = storedObjects<Node>(sim, 'nodes');
  const used = new Map<string, { cpu: number; mem: number; pods: number }>();
  for (const p of storedObjects<Pod>(sim, 'pods')) {
    const n = p.spec.nodeName;
    if (n === undefined || n === '' || isTerminal(p)) continue;
    const u = used.get(n) ?? { cpu: 0, mem: 0, pods: 0 };
    for (const c of p.spec.containers) {
      u.cpu += milliCpu(c.resources?.requests?.cpu);
      u.mem += wholeUnits(c.resources?.requests?.memory);
    }
    u.pods++;
    used.set(n, u);
  }
  const out: string[] = [];
  for (const node of nodes) {
    const u = used.get(node.metadata.name ?? '');
    if (u === undefined) continue;
    const a = node.status?.allocatable ?? {};
    if (u.cpu > milliCpu(a.cpu) || u.mem > wholeUnits(a.memory) || u.pods > (a.pods === undefined ? 110 : wholeUnits(a.pods))) {
      out.push(`${node.metadata.name}: requests cpu ${u.cpu}m mem ${u.mem} pods ${u.pods} > allocatable ${JSON.stringify(a)}`);
    }
  }
  return out;
};

/** The ReplicaSets a Deployment controls. */
export const replicaSetsOf = (sim: Simulation, d: Deployment): ReplicaSet[] =>
  storedObjects<ReplicaSet>(sim, 'replicasets').filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid && r.controller === true));

/**
 * Rolling-update bounds: Σ ReplicaSet replicas ≤ replicas + maxSurge for
 * every RollingUpdate Deployment (over the store, now), and — when a
 * {@link RolloutLedger} follows the cluster — every availability violation
 * it found (available + disrupted < replicas − maxUnavailable; see there
 * for what counts as a disruption).
 */
export const rolloutViolations = (sim: Simulation, ledger?: RolloutLedger): string[] => {
  const out: string[] = [];
  for (const d of storedObjects<Deployment>(sim, 'deployments')) {
    if (d.spec.strategy?.type !== 'RollingUpdate' || d.metadata.deletionTimestamp !== undefined) continue;
    const replicas = d.spec.replicas ?? 1;
    const rss = replicaSetsOf(sim, d);
    const total = rss.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0);
    const surge = resolveIntOrPercent(d.spec.strategy.rollingUpdate?.maxSurge, replicas, true);
    if (total > replicas + surge) out.push(`${d.metadata.name}: ${total} replicas in ReplicaSets > ${replicas} + maxSurge ${surge}`);
  }
  if (ledger !== undefined) {
    ledger.tick();
    out.push(...ledger.violations);
  }
  return out;
};

/** Objects whose owners are all gone (what cascading deletion must not leave behind). */
export const orphans = (sim: Simulation, resources: ReadonlyArray<string> = ['pods', 'replicasets', 'endpoints', 'configmaps']): string[] => {
  const uids = new Set<string>();
  const all: Array<{ resource: string; obj: KubeObject }> = [];
  for (const r of ['deployments', 'replicasets', 'pods', 'services', 'endpoints', 'configmaps', 'namespaces']) {
    for (const o of storedObjects(sim, r)) {
      if (o.metadata.uid !== undefined) uids.add(o.metadata.uid);
      if (resources.includes(r)) all.push({ resource: r, obj: o });
    }
  }
  return all
    .filter(({ obj }) => (obj.metadata.ownerReferences ?? []).length > 0 && obj.metadata.ownerReferences!.every((ref) => !uids.has(ref.uid)))
    .map(({ resource, obj }) => `${resource} ${obj.metadata.namespace}/${obj.metadata.name}`);
};
