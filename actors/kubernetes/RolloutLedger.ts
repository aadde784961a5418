/**
 * The rolling-update availability checker: follows every change the API
 * server applies (pass {@link RolloutLedger.observe} as its
 * `hooks.onChange`) and the simulation's fault state, and checks, after
 * every change, for each RollingUpdate Deployment:
 *
 *     available + disrupted ≥ replicas − maxUnavailable
 *
 * - `available`: pods of the Deployment (controlled by a ReplicaSet it
 *   controls) that are not terminating and are Ready for minReadySeconds.
 * - `disrupted`: available pods lost to something that is not the rollout,
 *   not yet made up for. The rollout removes availability only one way: the
 *   Deployment controller scales a ReplicaSet down and the ReplicaSet
 *   controller deletes its excess pods. So an available pod counts against
 *   the rollout only when it is deleted while its ReplicaSet has more
 *   non-terminating pods than replicas, on a healthy node. Everything else
 *   is a disruption: a pod that stops being available while it exists (its
 *   node failed and the node controller marked it NotReady, its node crashed
 *   and the kubelet restarts its containers, its container crashed), or one
 *   deleted by someone else (taint-based eviction, preemption, pod GC, the
 *   namespace controller, a user), or deleted on a failing node (not Ready, a
 *   NoExecute taint, down, restarted since the pod became available, or cut
 *   off from the master). Every pod of the Deployment that becomes available
 *   makes up for one disruption. This is upstream's contract: the Deployment
 *   controller scales old ReplicaSets down only while available pods exceed
 *   replicas − maxUnavailable, and maxUnavailable promises nothing about
 *   involuntary disruptions (PodDisruptionBudgets are for those).
 * - The bound holds from the moment it is first met: after creation, and
 *   again after a scale-up (new replicas start unavailable; that is not
 *   unavailability the update caused). A Deployment being deleted, paused
 *   or using Recreate is not checked.
 *
 * Separate from the fault injectors, as in VOPR; the surge bound
 * (Σ ReplicaSet replicas ≤ replicas + maxSurge) is checked over the store
 * by {@link rolloutViolations}.
 */
import type { Simulation } from '../../lib/sim/index.js';
import { controllerOf } from './api/meta.js';
import { nodeReadyStatus, type Node } from './api/Node.js';
import { isPodAvailable, isPodReady, type Pod } from './api/Pod.js';
import { resolveIntOrPercent, type Deployment, type ReplicaSet } from './api/workloads.js';
import type { CacheEvent } from './apiserver/WatchCache.js';

interface PodEntry {
  readonly deployment: string;
  readonly rs: string;
  readonly node: string;
  /** Counted in its ReplicaSet's non-terminating pods. */
  counted: boolean;
  available: boolean;
  /** The node's crash count when the pod became available (a crash since then lost its containers). */
  availableEpoch: number;
}

interface DeploymentEntry {
  readonly name: string;
  replicas: number;
  minAvailable: number;
  minReadySeconds: number;
  checked: boolean;
  available: number;
  disrupted: number;
  /** The bound has been met since creation or the last scale-up. */
  armed: boolean;
  checks: number;
}

/** Follows a cluster's changes and checks that rolling updates keep `replicas − maxUnavailable` pods available, disruptions excepted. */
export class RolloutLedger {
  readonly violations: string[] = [];
  /** How many times a check ran against an armed Deployment (a run that never checks proves nothing). */
  checks = 0;
  /** Disruptions counted so far (how much the exemption was used). */
  disruptions = 0;
  private readonly deployments = new Map<string, DeploymentEntry>();
  private readonly rsOwner = new Map<string, string>();
  /** Per ReplicaSet: spec.replicas and its non-terminating pods. */
  private readonly rsPods = new Map<string, { replicas: number; pods: number }>();
  private readonly pods = new Map<string, PodEntry>();
  private readonly nodes = new Map<string, { ready: boolean; noExecute: boolean }>();

  /**
   * @param sim the simulation (its node crash counts, up state and partitions tell node failures)
   * @param master the node the control plane runs on
   */
  constructor(
    private readonly sim: Simulation,
    private readonly master = 'master',
  ) {}

  /** Feed one change (the API server's `onChange` hook). */
  readonly observe = (ev: CacheEvent): void => {
    switch (ev.resource) {
      case 'nodes':
        return this.node(ev);
      case 'deployments':
        return this.deployment(ev);
      case 'replicasets': {
        const rs = ev.object as ReplicaSet;
        const owner = controllerOf(rs);
        const uid = rs.metadata.uid ?? '';
        if (ev.type === 'DELETED') {
          this.rsOwner.delete(uid);
          this.rsPods.delete(uid);
          return;
        }
        if (owner?.kind === 'Deployment') this.rsOwner.set(uid, owner.uid);
        const counts = this.rsPods.get(uid);
        if (counts === undefined) this.rsPods.set(uid, { replicas: rs.spec.replicas ?? 1, pods: 0 });
        else counts.replicas = rs.spec.replicas ?? 1;
        return;
      }
      case 'pods':
        return this.pod(ev);
    }
  };

  /** How many changes of a Deployment (`namespace/name`) were checked against the bound (0 for unknown ones). */
  checksOf(key: string): number {
    let n = 0;
    for (const d of this.deployments.values()) if (d.name === key) n += d.checks;
    return n;
  }

  /** Pods that became available by waiting out minReadySeconds (no event tells that); call periodically. */
  tick(): void {
    const now = this.sim.now();
    this.promote(now);
    for (const d of this.deployments.values()) this.check(d, now);
  }

  private node(ev: CacheEvent): void {
    const n = ev.object as Node;
    const name = n.metadata.name ?? '';
    if (ev.type === 'DELETED') this.nodes.delete(name);
    else this.nodes.set(name, { ready: nodeReadyStatus(n) === 'True', noExecute: (n.spec?.taints ?? []).some((t) => t.effect === 'NoExecute') });
  }

  private deployment(ev: CacheEvent): void {
    const d = ev.object as Deployment;
    const uid = d.metadata.uid ?? '';
    if (ev.type === 'DELETED') {
      this.deployments.delete(uid);
      return;
    }
    const replicas = d.spec.replicas ?? 1;
    const strategy = d.spec.strategy;
    const minAvailable = replicas - resolveIntOrPercent(strategy?.rollingUpdate?.maxUnavailable ?? '25%', replicas, false);
    const checked = (strategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && d.spec.paused !== true && d.metadata.deletionTimestamp === undefined;
    const entry = this.deployments.get(uid);
    if (entry === undefined) {
      this.deployments.set(uid, { name: `${d.metadata.namespace}/${d.metadata.name}`, replicas, minAvailable, minReadySeconds: d.spec.minReadySeconds ?? 0, checked, available: 0, disrupted: 0, armed: false, checks: 0 });
      return;
    }
    // A scale-up adds replicas that start unavailable: the bound applies again once met.
    if (replicas > entry.replicas) entry.armed = false;
    entry.replicas = replicas;
    entry.minAvailable = minAvailable;
    entry.minReadySeconds = d.spec.minReadySeconds ?? 0;
    entry.checked = checked;
    this.check(entry, this.sim.now());
  }

  /** Whether a node is failing now: not Ready, a NoExecute taint, down, or cut off from the master. */
  private failing(node: string, sinceEpoch: number): boolean {
    const n = this.nodes.get(node);
    if (n === undefined || !n.ready || n.noExecute) return true;
    const host = this.sim.system.findNode(node);
    return host === undefined || !host.isUp || host.epoch !== sinceEpoch || this.sim.network.isBlocked(node, this.master) || this.sim.network.isBlocked(this.master, node);
  }

  private pod(ev: CacheEvent): void {
    const pod = ev.object as Pod;
    const uid = pod.metadata.uid ?? '';
    let entry = this.pods.get(uid);
    if (entry === undefined) {
      const rs = controllerOf(pod);
      const deployment = rs === undefined ? undefined : this.rsOwner.get(rs.uid);
      if (deployment === undefined || ev.type === 'DELETED') return;
      entry = { deployment, rs: rs!.uid, node: pod.spec.nodeName ?? '', counted: false, available: false, availableEpoch: 0 };
      this.pods.set(uid, entry);
    }
    // Was it an excess pod of its ReplicaSet (scaled below its pods) when it went? Counted before this change.
    const counts = this.rsPods.get(entry.rs);
    const excess = counts !== undefined && counts.pods > counts.replicas;
    const live = ev.type !== 'DELETED' && pod.metadata.deletionTimestamp === undefined;
    if (counts !== undefined && live !== entry.counted) counts.pods += live ? 1 : -1;
    entry.counted = live;
    const d = this.deployments.get(entry.deployment);
    const now = this.sim.now();
    const node = pod.spec.nodeName ?? '';
    if (node !== entry.node) (entry as { node: string }).node = node;
    const gone = ev.type === 'DELETED';
    const available = !gone && pod.metadata.deletionTimestamp === undefined && isPodAvailable(pod, d?.minReadySeconds ?? 0, now);
    if (available !== entry.available && d !== undefined) {
      if (available) this.becameAvailable(entry, d);
      else {
        d.available--;
        const deleted = gone || pod.metadata.deletionTimestamp !== undefined;
        if (!deleted || !excess || this.failing(node, entry.availableEpoch)) {
          d.disrupted++;
          this.disruptions++;
        }
      }
    }
    if (!available) entry.available = false;
    if (gone) this.pods.delete(uid);
    if (!available && !gone && d !== undefined && d.minReadySeconds > 0 && pod.metadata.deletionTimestamp === undefined && isPodReady(pod)) this.waiting.set(uid, pod);
    else this.waiting.delete(uid);
    if (d !== undefined) this.check(d, now);
  }

  /** Ready pods waiting out minReadySeconds (their availability arrives without an event). */
  private readonly waiting = new Map<string, Pod>();

  private becameAvailable(entry: PodEntry, d: DeploymentEntry): void {
    entry.available = true;
    d.available++;
    // Availability came back: it makes up for one disruption, whichever pod it is.
    if (d.disrupted > 0) d.disrupted--;
    entry.availableEpoch = this.sim.system.findNode(entry.node)?.epoch ?? 0;
  }

  private check(d: DeploymentEntry, now: number): void {
    if (!d.checked) return;
    const ok = d.available + d.disrupted >= d.minAvailable;
    if (!d.armed) {
      if (ok) d.armed = true;
      return;
    }
    this.checks++;
    d.checks++;
    if (!ok) this.violations.push(`${d.name} at ${now} ms: ${d.available} available + ${d.disrupted} disrupted < ${d.replicas} replicas − maxUnavailable ${d.replicas - d.minAvailable}`);
  }

  private promote(now: number): void {
    for (const [uid, pod] of [...this.waiting]) {
      const e = this.pods.get(uid);
      const d = e === undefined ? undefined : this.deployments.get(e.deployment);
      if (e === undefined || d === undefined || e.available) this.waiting.delete(uid);
      else if (isPodAvailable(pod, d.minReadySeconds, now)) {
        this.waiting.delete(uid);
        this.becameAvailable(e, d);
      }
    }
  }
}
