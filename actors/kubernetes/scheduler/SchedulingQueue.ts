import { withDefaults } from '../withDefaults.js';
import { KeyedHeap } from './KeyedHeap.js';
import type { PodInfo } from './PodInfo.js';

/** A pod waiting in the scheduling queue. */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** Scheduling attempts so far. */
  attempts: number;
  /** When it (re)entered the queue (ms). */
  timestampMs: number;
  /** Backoff ends at (ms). */
  backoffUntilMs: number;
  /** Plugins that found it unschedulable in its last attempt. */
  unschedulablePlugins: ReadonlyArray<string>;
}

/** Options of the queue. */
export interface SchedulingQueueOptions {
  /** @default 1_000 */
  initialBackoffMs?: number;
  /** @default 10_000 */
  maxBackoffMs?: number;
  /** Unschedulable pods are retried at least this often even without events. @default 300_000 */
  maxInUnschedulableMs?: number;
}

/**
 * The scheduler's priority queue (upstream's PriorityQueue): activeQ ordered
 * by priority then queue time; backoffQ for pods that failed, with
 * exponential backoff (1 s doubling to 10 s); unschedulable pods parked until
 * a cluster event (node added or changed, an assigned pod deleted) may make
 * them schedulable, or 5 minutes pass. It also remembers nominated nodes
 * (preemption) so lower-priority pods don't take the space freed for them.
 */
export class SchedulingQueue {
  private readonly active = new KeyedHeap<QueuedPodInfo>(
    (q) => q.podInfo.key,
    (a, b) => (a.podInfo.priority !== b.podInfo.priority ? a.podInfo.priority > b.podInfo.priority : a.timestampMs < b.timestampMs),
  );
  private readonly backoff = new KeyedHeap<QueuedPodInfo>(
    (q) => q.podInfo.key,
    (a, b) => a.backoffUntilMs < b.backoffUntilMs,
  );
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  private cycle = 0;
  private moveRequestCycle = -1;
  private readonly nominatedByNode = new Map<string, Map<string, PodInfo>>();
  private readonly nominatedNode = new Map<string, string>();
  private readonly o: Required<SchedulingQueueOptions>;

  constructor(options: SchedulingQueueOptions = {}) {
    this.o = withDefaults({ initialBackoffMs: 1_000, maxBackoffMs: 10_000, maxInUnschedulableMs: 300_000 }, options);
  }

  /** The current scheduling cycle (incremented by each pop). */
  get schedulingCycle(): number {
    return this.cycle;
  }

  /** Pods in activeQ. */
  get activeCount(): number {
    return this.active.size;
  }

  /** Pods anywhere in the queue. */
  get size(): number {
    return this.active.size + this.backoff.size + this.unschedulable.size;
  }

  /** Counts per sub-queue. */
  stats(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  /** Whether a pod is queued or being scheduled. */
  has(key: string): boolean {
    return this.active.has(key) || this.backoff.has(key) || this.unschedulable.has(key) || this.inFlight.has(key);
  }

  /** A new pending pod. */
  add(pi: PodInfo, nowMs: number): void {
    if (this.has(pi.key)) return this.update(pi, nowMs);
    this.active.push({ podInfo: pi, attempts: 0, timestampMs: nowMs, backoffUntilMs: 0, unschedulablePlugins: [] });
  }

  /** A pending pod changed: keep its place, or retry it now if it was parked as unschedulable. */
  update(pi: PodInfo, nowMs: number): void {
    const key = pi.key;
    const a = this.active.get(key);
    if (a !== undefined) {
      a.podInfo = pi;
      this.active.push(a);
      return;
    }
    const b = this.backoff.get(key);
    if (b !== undefined) {
      b.podInfo = pi;
      return;
    }
    const u = this.unschedulable.get(key);
    if (u !== undefined) {
      this.unschedulable.delete(key);
      u.podInfo = pi;
      this.requeue(u, nowMs);
      return;
    }
    const f = this.inFlight.get(key);
    if (f !== undefined) {
      f.podInfo = pi;
      return;
    }
    this.add(pi, nowMs);
  }

  /** The pod is gone (deleted or bound elsewhere). */
  delete(key: string): void {
    this.active.remove(key);
    this.backoff.remove(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
    this.deleteNominated(key);
  }

  /** Next pod to schedule (highest priority, oldest). */
  pop(): QueuedPodInfo | undefined {
    const q = this.active.pop();
    if (q === undefined) return undefined;
    this.cycle++;
    q.attempts++;
    this.inFlight.set(q.podInfo.key, q);
    return q;
  }

  /** The pod's scheduling attempt is over (bound, or handed back). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  private backoffMs(q: QueuedPodInfo): number {
    let d = this.o.initialBackoffMs;
    for (let i = 1; i < q.attempts && d < this.o.maxBackoffMs; i++) d *= 2;
    return Math.min(d, this.o.maxBackoffMs);
  }

  private requeue(q: QueuedPodInfo, nowMs: number): void {
    q.timestampMs = nowMs;
    if (q.backoffUntilMs > nowMs) this.backoff.push(q);
    else this.active.push(q);
  }

  /**
   * The pod did not fit in `podCycle`. If a cluster event arrived since that
   * cycle began it goes to backoff (the event may have helped), else it is parked.
   */
  addUnschedulable(q: QueuedPodInfo, podCycle: number, plugins: ReadonlyArray<string>, nowMs: number): void {
    if (!this.inFlight.has(q.podInfo.key)) return;
    this.inFlight.delete(q.podInfo.key);
    q.unschedulablePlugins = plugins;
    q.backoffUntilMs = nowMs + this.backoffMs(q);
    q.timestampMs = nowMs;
    if (this.moveRequestCycle >= podCycle) this.backoff.push(q);
    else this.unschedulable.set(q.podInfo.key, q);
  }

  /** The attempt failed for another reason (bind error, plugin error): retry after backoff. */
  addBackoff(q: QueuedPodInfo, nowMs: number): void {
    this.inFlight.delete(q.podInfo.key);
    q.backoffUntilMs = nowMs + this.backoffMs(q);
    q.timestampMs = nowMs;
    this.backoff.push(q);
  }

  /** Move pods whose backoff ended to activeQ. */
  flushBackoff(nowMs: number): number {
    let n = 0;
    for (let top = this.backoff.peek(); top !== undefined && top.backoffUntilMs <= nowMs; top = this.backoff.peek()) {
      this.backoff.pop();
      this.active.push(top);
      n++;
    }
    return n;
  }

  /** Retry pods parked longer than maxInUnschedulableMs. */
  flushUnschedulableLeftover(nowMs: number): void {
    for (const [key, q] of [...this.unschedulable]) {
      if (nowMs - q.timestampMs < this.o.maxInUnschedulableMs) continue;
      this.unschedulable.delete(key);
      this.requeue(q, nowMs);
    }
  }

  /** A cluster event that may make parked pods schedulable: retry them all (after their backoff). */
  moveAllToActiveOrBackoff(nowMs: number): void {
    for (const q of this.unschedulable.values()) this.requeue(q, nowMs);
    this.unschedulable.clear();
    this.moveRequestCycle = this.cycle;
  }

  // ---------------------------------------------------------------- nominated pods

  /** Remember that `pi` was nominated to run on `node` (preemption freed space there). */
  addNominated(pi: PodInfo, node: string): void {
    this.deleteNominated(pi.key);
    let m = this.nominatedByNode.get(node);
    if (m === undefined) this.nominatedByNode.set(node, (m = new Map()));
    m.set(pi.key, pi);
    this.nominatedNode.set(pi.key, node);
  }

  /** Forget a nomination. */
  deleteNominated(key: string): void {
    const node = this.nominatedNode.get(key);
    if (node === undefined) return;
    this.nominatedNode.delete(key);
    const m = this.nominatedByNode.get(node);
    m?.delete(key);
    if (m !== undefined && m.size === 0) this.nominatedByNode.delete(node);
  }

  /** Pods nominated to a node. */
  nominatedOn(node: string): ReadonlyMap<string, PodInfo> | undefined {
    return this.nominatedByNode.get(node);
  }

  /** Whether any pod is nominated anywhere. */
  get hasNominations(): boolean {
    return this.nominatedByNode.size > 0;
  }
}
