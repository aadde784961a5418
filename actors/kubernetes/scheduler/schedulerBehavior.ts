import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { defineBehavior, type ActorContext, type Ref } from '../../../lib/actor/index.js';
import { findCondition, setCondition } from '../api/meta.js';
import type { Node } from '../api/Node.js';
import { isTerminal, type Pod } from '../api/Pod.js';
import { WatchMessage, type ApiRequest } from '../api/protocol.js';
import { formatTime } from '../api/time.js';
import { ApiClient, ApiResultMessage } from '../client/ApiClient.js';
import { InformerSet } from '../client/InformerSet.js';
import { DEFAULT_PROFILE, type Profile } from './Plugin.js';
import { fitErrorMessage, Framework } from './Framework.js';
import { podInfoOf } from './PodInfo.js';
import { SchedulerCache } from './SchedulerCache.js';
import { SchedulingQueue, type QueuedPodInfo, type SchedulingQueueOptions } from './SchedulingQueue.js';

/** Hooks for benchmarks and tools. */
export interface SchedulerHooks {
  /** A binding was accepted by the API server. */
  onBound?: (pod: Pod, node: string) => void;
}

/** Options of the scheduler. */
export interface SchedulerOptions {
  /** The API server. */
  api: Ref<ApiRequest>;
  /** Profiles by schedulerName. @default [DEFAULT_PROFILE] */
  profiles?: ReadonlyArray<Profile>;
  /** Pods scheduled per mailbox turn before letting events in. @default 64 */
  batch?: number;
  /** Queue timing. */
  queue?: SchedulingQueueOptions;
  /** How often backoff is flushed and informers checked. @default 1_000 */
  tickMs?: number;
  /** Write PodScheduled=False with the reason when a pod fits nowhere. @default true */
  reportUnschedulable?: boolean;
  hooks?: SchedulerHooks;
}

/** The scheduler's mailbox. */
export const SchedulerMessage = t.union([
  WatchMessage,
  ApiResultMessage,
  t.type({ type: t.literal('schedule') }),
  t.type({ type: t.literal('tick') }),
]);
export type SchedulerMessage = t.TypeOf<typeof SchedulerMessage>;

interface SchedulerState {
  readonly client: ApiClient;
  readonly informers: InformerSet;
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly frameworks: Map<string, Framework>;
  scheduling: boolean;
  ticks: number;
}

type Ctx = ActorContext<SchedulerMessage>;

const nodeChanged = (a: Node, b: Node): boolean =>
  JSON.stringify([a.status?.allocatable, a.metadata.labels, a.spec?.taints, a.spec?.unschedulable]) !==
  JSON.stringify([b.status?.allocatable, b.metadata.labels, b.spec?.taints, b.spec?.unschedulable]);

/**
 * Whether an update of a bound pod changed nothing the scheduler's cache
 * reads (the API server keeps the `spec` and `labels` objects of status
 * writes), as the kubelets' status reports.
 */
const statusOnly = (old: Pod, pod: Pod): boolean =>
  old.spec === pod.spec &&
  pod.spec.nodeName !== undefined &&
  pod.spec.nodeName !== '' &&
  old.metadata.labels === pod.metadata.labels &&
  old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp &&
  old.status?.nominatedNodeName === pod.status?.nominatedNodeName &&
  isTerminal(old) === isTerminal(pod);

/**
 * kube-scheduler as an actor: informers on pods and nodes feed an
 * incremental cache and the scheduling queue; each scheduling cycle runs the
 * profile's plugins, assumes the pod on the chosen node and binds it through
 * the API server (the binding's watch event confirms it). Pods that fit
 * nowhere may preempt lower-priority pods, else they wait for a cluster event.
 *
 * @example
 * sim.spawn(schedulerBehavior({ api }), 'scheduler', { node: 'master' });
 */
export const schedulerBehavior = (options: SchedulerOptions) => {
  const batch = options.batch ?? 64;
  const tickMs = options.tickMs ?? 1_000;
  const profiles = options.profiles ?? [DEFAULT_PROFILE];
  const report = options.reportUnschedulable ?? true;

  const kick = (s: SchedulerState, ctx: Ctx): void => {
    if (!s.scheduling && s.queue.activeCount > 0) {
      s.scheduling = true;
      ctx.tell(ctx.self, { type: 'schedule' });
    }
  };

  const responsible = (s: SchedulerState, pod: Pod): boolean => s.frameworks.has(pod.spec.schedulerName ?? 'default-scheduler');

  const scheduleOne = (s: SchedulerState, ctx: Ctx, q: QueuedPodInfo): void => {
    const pi = q.podInfo;
    const pod = pi.pod;
    const fw = s.frameworks.get(pod.spec.schedulerName ?? 'default-scheduler')!;
    const cycle = s.queue.schedulingCycle;
    const result = fw.schedule(pi, s.cache, s.queue);
    const now = ctx.now();
    if (result.type === 'error') {
      s.queue.addBackoff(q, now);
      return;
    }
    if (result.type === 'unschedulable') {
      const plugins = [...new Set([...result.statuses.values()].map((st) => st.plugin))];
      const message = fitErrorMessage(result);
      const preemption = fw.preempt(pi, s.cache, result);
      if (preemption !== undefined) {
        ctx.milestone('preemption', { pod: pi.key, node: preemption.node, victims: preemption.victims.map((v) => v.key) });
        s.queue.addNominated(pi, preemption.node);
        for (const v of preemption.victims) {
          s.client.delete(ctx, { resource: 'pods', namespace: v.pod.metadata.namespace, name: v.pod.metadata.name ?? '' }, { preconditions: { uid: v.uid } }, () => undefined);
        }
        s.client.patch(ctx, { resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' }, { status: { nominatedNodeName: preemption.node } }, () => undefined, 'status');
      } else ctx.milestone('pod-unschedulable', { pod: pi.key, message });
      s.queue.addUnschedulable(q, cycle, plugins, now);
      const cond = findCondition(pod.status?.conditions, 'PodScheduled');
      if (report && (cond?.status !== 'False' || cond.message !== message)) {
        const conditions = setCondition(pod.status?.conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: formatTime(now) });
        s.client.patch(ctx, { resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' }, { status: { conditions } }, () => undefined, 'status');
      }
      return;
    }
    const node = result.node;
    s.cache.assume(pi, node);
    s.queue.deleteNominated(pi.key);
    s.client.bind(ctx, pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', pi.uid, node, (r) => {
      s.queue.done(pi.key);
      if (E.isRight(r)) {
        ctx.milestone('pod-bound', { pod: pi.key, node });
        options.hooks?.onBound?.(pod, node);
        return;
      }
      s.cache.forget(pi.key);
      const reason = r.left.reason;
      if (reason === 'NotFound' || (reason === 'Conflict' && /already assigned|being deleted|UID/.test(r.left.message))) return;
      s.queue.addBackoff(q, ctx.now());
    });
  };

  return defineBehavior({
    name: 'kube-scheduler',
    protocol: SchedulerMessage,
    init: (ctx): SchedulerState => {
      const client = new ApiClient(options.api);
      const informers = new InformerSet(client);
      const cache = new SchedulerCache();
      const queue = new SchedulingQueue(options.queue);
      const frameworks = new Map(profiles.map((p) => [p.schedulerName ?? 'default-scheduler', new Framework(p, ctx.random)]));
      const s: SchedulerState = { client, informers, cache, queue, frameworks, scheduling: false, ticks: 0 };
      const forget = (pod: Pod): void => {
        const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
        if (pod.spec.nodeName !== undefined && pod.spec.nodeName !== '') {
          cache.removePod(key);
          queue.moveAllToActiveOrBackoff(ctx.now());
        }
        queue.delete(key);
      };
      const upsert = (pod: Pod): void => {
        if (isTerminal(pod)) return forget(pod);
        const pi = podInfoOf(pod);
        if (pod.spec.nodeName !== undefined && pod.spec.nodeName !== '') {
          queue.delete(pi.key);
          cache.addPod(pi, pod.spec.nodeName);
          return;
        }
        if (!responsible(s, pod)) return;
        if (pod.metadata.deletionTimestamp !== undefined) return queue.delete(pi.key);
        if (cache.isAssumed(pi.key)) return;
        const nominated = pod.status?.nominatedNodeName;
        if (nominated !== undefined && nominated !== '') queue.addNominated(pi, nominated);
        queue.update(pi, ctx.now());
      };
      informers.add<Pod>('pods', {}, {
        onAdd: upsert,
        // A bound pod's status-only change (the kubelet's reports) changes nothing in the cache.
        onUpdate: (old, pod) => (statusOnly(old, pod) ? undefined : upsert(pod)),
        onDelete: forget,
      });
      informers.add<Node>('nodes', {}, {
        onAdd: (n) => {
          cache.addNode(n);
          queue.moveAllToActiveOrBackoff(ctx.now());
        },
        onUpdate: (old, n) => {
          cache.addNode(n);
          if (nodeChanged(old, n)) queue.moveAllToActiveOrBackoff(ctx.now());
        },
        onDelete: (n) => cache.removeNode(n.metadata.name ?? ''),
      });
      informers.start(ctx);
      ctx.timers.startPeriodicTimer('tick', { type: 'tick' }, tickMs);
      return s;
    },
    receive: (s, msg, ctx) => {
      switch (msg.type) {
        case 'watch-events':
          s.informers.handleWatch(ctx, msg);
          break;
        case 'api-result':
          s.client.handle(msg);
          break;
        case 'tick': {
          s.ticks++;
          s.queue.flushBackoff(ctx.now());
          if (s.ticks % 30 === 0) s.queue.flushUnschedulableLeftover(ctx.now());
          s.informers.check(ctx);
          break;
        }
        case 'schedule': {
          s.scheduling = false;
          if (!s.informers.synced) break;
          for (let i = 0; i < batch; i++) {
            const q = s.queue.pop();
            if (q === undefined) break;
            scheduleOne(s, ctx, q);
          }
          break;
        }
      }
      if (s.informers.synced) kick(s, ctx);
      return s;
    },
  });
};
