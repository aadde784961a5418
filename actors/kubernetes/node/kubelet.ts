import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { defineBehavior, refCodec, type ActorContext, type Ref } from '../../../lib/actor/index.js';
import type { Lease } from '../api/cluster.js';
import { objectKey, setCondition } from '../api/meta.js';
import { deepEqual } from '../api/mergePatch.js';
import { nodeReadyStatus, type Node, type Taint } from '../api/Node.js';
import { isTerminal, type Pod } from '../api/Pod.js';
import { WatchMessage, type ApiReply, type ApiRequest } from '../api/protocol.js';
import { formatMicroTime, formatTime } from '../api/time.js';
import { KUBE_VERSION } from '../api/version.js';
import { ApiClient, ApiResultMessage } from '../client/ApiClient.js';
import { InformerSet } from '../client/InformerSet.js';
import { NODE_LEASE_NAMESPACE } from '../controllers/nodeLifecycleController.js';
import { ContainerLogs, ContainerLogsRequest, readContainerLogs } from './ContainerLogs.js';
import { FollowLogsRequest, startFollow, UnfollowLogs, type Follows } from './LogFollow.js';
import { ContainerRunner } from './ContainerRunner.js';
import { ContainerReport } from './images.js';
import { admissionFailure, allStopped, newPodRuntime, podStatusOf, type PodRuntime } from './PodRuntime.js';

export { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, BACKOFF_RESET_MS, EXIT_SIGKILL, EXIT_SIGTERM } from './ContainerRunner.js';

/** Options of a kubelet. */
export interface KubeletOptions {
  api: Ref<ApiRequest>;
  /** Capacity (also allocatable). @default { cpu: '4', memory: '16Gi', pods: '110' } */
  capacity?: { cpu: string; memory: string; pods: string };
  labels?: Record<string, string>;
  taints?: Taint[];
  /** Node index, for its pod CIDR 10.244.<i>.0/24 (and 10.<hi>.<lo> beyond 255). @default a hash of the node name */
  index?: number;
  /** Lease renewal period. @default 10_000 */
  leaseRenewMs?: number;
  /** Housekeeping period (restarts due, readiness delays, informer health). @default 1_000 */
  syncMs?: number;
  /** Run containers as actors; `false` = kwok-like: pods are marked Running and Ready without actors. @default true */
  runContainers?: boolean;
  /** Log lines kept per container instance (the current one and the previous one). @default 1000 */
  logLinesMax?: number;
}

/** The kubelet's mailbox. */
export const KubeletMessage = t.union([
  WatchMessage,
  ApiResultMessage,
  ContainerReport,
  t.type({ type: t.literal('renew-lease') }),
  t.type({ type: t.literal('housekeeping') }),
  t.type({ type: t.literal('grace-expired'), pod: t.string }),
  /** `kubectl logs`: a container's log, answered as an ApiReply (see {@link ContainerLogsRequest}). */
  ContainerLogsRequest,
  /** `kubectl logs -f`: the lines so far, then each new one (see {@link FollowLogsRequest}). */
  FollowLogsRequest,
  UnfollowLogs,
  /** kube-proxy hands a message for a pod's port to the node (the node's network stack). */
  t.intersection([
    t.type({ type: t.literal('deliver'), podUid: t.string, port: t.number, message: t.unknown }),
    t.partial({ replyTo: refCodec() }),
  ]),
]);
export type KubeletMessage = t.TypeOf<typeof KubeletMessage>;

type Ctx = ActorContext<KubeletMessage>;

interface KubeletState {
  readonly client: ApiClient;
  readonly informers: InformerSet;
  readonly pods: Map<string, PodRuntime>;
  readonly runner: ContainerRunner;
  /** `kubectl logs -f` streams this kubelet serves. */
  readonly follows: Follows;
  lease: Lease | undefined;
  nextIp: number;
  registered: boolean;
  /** Logs of pods that left while the node was down were dropped (after the first full pod list). */
  logsPruned: boolean;
}

const hashIndex = (name: string): number => {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  return h % 65_000;
};

/**
 * A kubelet as an actor (one per node): registers its Node, renews its Lease
 * every 10 s, watches the pods bound to it, runs each container as a child
 * actor from its image ({@link ContainerRunner}), applies the restart policy
 * (CrashLoopBackOff 10 s doubling to 300 s, reset after 10 minutes running),
 * reports phase, conditions, container statuses and readiness, and
 * terminates deleted pods gracefully: SIGTERM, SIGKILL at the end of the
 * grace period, the exit reported, then the final delete. It keeps the
 * containers' logs and answers `container-logs` requests, and hands
 * kube-proxy's messages to the container serving a port.
 *
 * @example
 * sim.node('n1', { boot: (n) => n.spawn(kubeletBehavior({ api }), 'kubelet') });
 */
export const kubeletBehavior = (options: KubeletOptions) => {
  const capacity = options.capacity ?? { cpu: '4', memory: '16Gi', pods: '110' };
  const leaseRenewMs = options.leaseRenewMs ?? 10_000;
  const runContainers = options.runContainers ?? true;

  const nodeObject = (ctx: Ctx): Node => {
    const i = options.index ?? hashIndex(ctx.node);
    const now = formatTime(ctx.now());
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: ctx.node, labels: { 'kubernetes.io/hostname': ctx.node, 'kubernetes.io/os': 'linux', ...options.labels } },
      spec: { podCIDR: `10.${244 + (i >> 8)}.${i & 255}.0/24`, taints: options.taints },
      status: {
        capacity,
        allocatable: capacity,
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }],
        addresses: [{ type: 'InternalIP', address: `192.168.${i >> 8}.${i & 255}` }, { type: 'Hostname', address: ctx.node }],
        nodeInfo: { kubeletVersion: KUBE_VERSION.gitVersion },
      },
    };
  };

  const register = (s: KubeletState, ctx: Ctx): void => {
    const node = nodeObject(ctx);
    s.client.create<Node>(ctx, 'nodes', undefined, node, (r) => {
      if (E.isRight(r)) {
        s.registered = true;
        ctx.milestone('node-registered', { node: ctx.node });
        return;
      }
      if (r.left.reason !== 'AlreadyExists') return;
      s.registered = true;
      markReady(s, ctx);
    });
  };

  /** Post Ready=True (after a restart or when the node controller marked us Unknown). */
  const markReady = (s: KubeletState, ctx: Ctx, current?: Node): void => {
    const now = formatTime(ctx.now());
    const conditions = setCondition(current?.status?.conditions, { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now });
    s.client.patch(ctx, { resource: 'nodes', name: ctx.node }, { status: { conditions, capacity, allocatable: capacity } }, () => undefined, 'status');
  };

  const renewLease = (s: KubeletState, ctx: Ctx): void => {
    const now = formatMicroTime(ctx.now());
    if (s.lease === undefined) {
      const lease: Lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: ctx.node, namespace: NODE_LEASE_NAMESPACE }, spec: { holderIdentity: ctx.node, leaseDurationSeconds: 40, renewTime: now } };
      s.client.create<Lease>(ctx, 'leases', NODE_LEASE_NAMESPACE, lease, (r) => {
        if (E.isRight(r)) s.lease = r.right;
        else if (r.left.reason === 'AlreadyExists') s.client.get<Lease>(ctx, { resource: 'leases', namespace: NODE_LEASE_NAMESPACE, name: ctx.node }, (g) => E.isRight(g) && (s.lease = g.right));
      });
      return;
    }
    s.client.update<Lease>(ctx, 'leases', { ...s.lease, spec: { ...s.lease.spec, renewTime: now } }, (r) => {
      if (E.isRight(r)) s.lease = r.right;
      else if (r.left.reason === 'Conflict' || r.left.reason === 'NotFound') s.lease = undefined;
    });
  };

  // ---------------------------------------------------------------- pods

  const allocatedIp = (s: KubeletState, ctx: Ctx): string => {
    const i = options.index ?? hashIndex(ctx.node);
    s.nextIp = (s.nextIp % 250) + 1;
    return `10.${244 + (i >> 8)}.${i & 255}.${s.nextIp + 1}`;
  };

  /** Post the pod's status if it changed; `then` runs once the API server has it (at once when nothing changed). */
  const postStatus = (s: KubeletState, ctx: Ctx, prt: PodRuntime, then?: (ok: boolean) => void): void => {
    const status = podStatusOf(prt, ctx.now(), ctx.node);
    const prevPhase = prt.phase;
    prt.phase = status.phase;
    if (prt.lastPosted !== undefined && deepEqual(prt.lastPosted, status)) return then?.(true);
    prt.lastPosted = status;
    if (status.phase === 'Running' && prevPhase !== 'Running') ctx.milestone('pod-running', { pod: objectKey(prt.pod), node: ctx.node });
    const key = objectKey(prt.pod);
    s.client.patch(ctx, { resource: 'pods', namespace: prt.pod.metadata.namespace, name: prt.pod.metadata.name ?? '' }, { metadata: { uid: prt.pod.metadata.uid }, status }, (r) => {
      if (E.isLeft(r) && s.pods.get(key) === prt) prt.lastPosted = undefined;
      then?.(E.isRight(r));
    }, 'status');
  };

  /**
   * A pod being deleted: SIGTERM its containers; once all stopped, report
   * their exits, and when the API server has that status, finish the
   * deletion (grace 0) — in that order, as the kubelet's status manager does.
   * Retried by housekeeping until the delete went through.
   */
  const syncTerminating = (s: KubeletState, ctx: Ctx, prt: PodRuntime): void => {
    const pod = prt.pod;
    if (runContainers) s.runner.terminate(ctx, prt);
    else prt.terminating = true;
    if (!allStopped(prt)) return postStatus(s, ctx, prt);
    if (prt.deleting) return;
    prt.deleting = true;
    const finish = (): void =>
      s.client.delete(ctx, { resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' }, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } }, (r) => {
        if (E.isLeft(r) && r.left.reason !== 'NotFound' && r.left.reason !== 'Conflict') prt.deleting = false;
      });
    if (!runContainers) return finish();
    postStatus(s, ctx, prt, (ok) => {
      if (ok) finish();
      else prt.deleting = false;
    });
  };

  const syncPod = (s: KubeletState, ctx: Ctx, key: string): void => {
    const prt = s.pods.get(key);
    if (prt === undefined) return;
    const pod = prt.pod;
    const now = ctx.now();
    if (pod.metadata.deletionTimestamp !== undefined) return syncTerminating(s, ctx, prt);
    if (isTerminal(pod) && prt.lastPosted === undefined) return;
    if (prt.rejected === undefined && prt.phase === undefined) {
      prt.rejected = admissionFailure(s.pods.values(), pod, capacity);
      if (prt.rejected !== undefined) ctx.milestone('pod-rejected', { pod: key, reason: prt.rejected });
    }
    if (prt.rejected === undefined) {
      for (const c of prt.containers.values()) {
        if (c.ref === undefined && c.state.running === undefined && c.state.terminated === undefined && c.nextStartAtMs <= now) {
          if (runContainers) s.runner.start(ctx, prt, c);
          else {
            c.state = { running: { startedAt: formatTime(now) } };
            c.startedAtMs = now;
            c.readyAtMs = now;
            c.ready = true;
          }
        }
        if (c.ref !== undefined && !c.ready && c.readinessMode === 'running' && c.readyAtMs <= now) c.ready = true;
      }
    }
    postStatus(s, ctx, prt);
  };

  const track = (s: KubeletState, ctx: Ctx, pod: Pod): void => {
    const key = objectKey(pod);
    let prt = s.pods.get(key);
    if (prt !== undefined && prt.pod.metadata.uid !== pod.metadata.uid) {
      forget(s, ctx, key);
      prt = undefined;
    }
    if (prt === undefined) {
      if (isTerminal(pod) && pod.metadata.deletionTimestamp === undefined) return;
      prt = newPodRuntime(pod, pod.status?.podIP ?? allocatedIp(s, ctx), pod.status?.startTime ?? formatTime(ctx.now()));
      s.pods.set(key, prt);
    } else {
      const prev = prt.pod;
      prt.pod = pod;
      // The echo of our own report (the API server keeps the spec object; the status is what we posted) with nothing due changes nothing.
      if (pod.spec === prev.spec && pod.metadata.deletionTimestamp === prev.metadata.deletionTimestamp && !syncDue(prt, ctx.now()) && deepEqual(pod.status, prt.lastPosted)) return;
      // Image updates take effect on the next start of the container.
      for (const c of pod.spec.containers) {
        const rt = prt.containers.get(c.name);
        if (rt !== undefined && rt.image !== c.image) rt.image = c.image;
      }
    }
    syncPod(s, ctx, key);
  };

  /** Whether a pod has work now: a container to start, one turning ready, a report to (re)post, a deletion to finish. */
  const syncDue = (prt: PodRuntime, now: number): boolean => {
    if (prt.lastPosted === undefined || (prt.terminating && !prt.deleting)) return true;
    for (const c of prt.containers.values()) {
      if (c.ref === undefined && c.state.running === undefined && c.state.terminated === undefined && c.nextStartAtMs <= now) return true;
      if (c.ref !== undefined && !c.ready && c.readinessMode === 'running' && c.readyAtMs <= now) return true;
    }
    return false;
  };

  const forget = (s: KubeletState, ctx: Ctx, key: string): void => {
    const prt = s.pods.get(key);
    if (prt === undefined) return;
    s.runner.forget(ctx, prt);
    s.pods.delete(key);
  };

  /** Container logs live on the node's disk (they survive a node restart, like /var/log/pods). */
  const logsOn = (ctx: Ctx): ContainerLogs => {
    const linesMax = options.logLinesMax ?? 1000;
    const had = ctx.disk.get('kubelet-logs');
    if (had instanceof ContainerLogs && had.linesMax === linesMax) return had;
    const logs = new ContainerLogs(linesMax);
    ctx.disk.set('kubelet-logs', logs);
    return logs;
  };

  return defineBehavior({
    name: 'kubelet',
    protocol: KubeletMessage,
    init: (ctx): KubeletState => {
      const client = new ApiClient(options.api);
      const informers = new InformerSet(client);
      const s: KubeletState = { client, informers, pods: new Map(), runner: new ContainerRunner(logsOn(ctx)), follows: new Map(), lease: undefined, nextIp: 0, registered: false, logsPruned: false };
      informers.add<Pod>('pods', { fieldSelector: `spec.nodeName=${ctx.node}` }, {
        onAdd: (p) => track(s, ctx, p),
        onUpdate: (_o, p) => track(s, ctx, p),
        onDelete: (p) => forget(s, ctx, objectKey(p)),
      });
      informers.add<Node>('nodes', { fieldSelector: `metadata.name=${ctx.node}` }, {
        onUpdate: (_o, n) => {
          if (s.registered && nodeReadyStatus(n) !== 'True') markReady(s, ctx, n);
        },
      });
      register(s, ctx);
      informers.start(ctx);
      ctx.timers.startPeriodicTimer('lease', { type: 'renew-lease' }, leaseRenewMs, ctx.random.int(1, leaseRenewMs));
      ctx.timers.startPeriodicTimer('housekeeping', { type: 'housekeeping' }, options.syncMs ?? 1_000, ctx.random.int(1, options.syncMs ?? 1_000));
      return s;
    },
    receive: (s, msg, ctx) => {
      switch (msg.type) {
        case 'watch-events':
          s.informers.handleWatch(ctx, msg);
          return s;
        case 'api-result':
          s.client.handle(msg);
          return s;
        case 'renew-lease':
          if (!s.registered) register(s, ctx);
          renewLease(s, ctx);
          return s;
        case 'housekeeping': {
          s.informers.check(ctx);
          if (!s.logsPruned && s.informers.synced) {
            // Logs of pods deleted while the node was down (the first full list tells which are left).
            s.logsPruned = true;
            s.runner.logs.retain(new Set([...s.pods.values()].map((p) => p.pod.metadata.uid ?? '')));
          }
          const now = ctx.now();
          for (const [key, prt] of s.pods) if (syncDue(prt, now)) syncPod(s, ctx, key);
          return s;
        }
        case 'grace-expired': {
          const prt = s.pods.get(msg.pod);
          if (prt === undefined || !prt.terminating) return s;
          s.runner.killRemaining(ctx, prt);
          syncPod(s, ctx, msg.pod);
          return s;
        }
        case 'container-logs': {
          const r = readContainerLogs(s.runner.logs, s.pods.get(`${msg.namespace}/${msg.pod}`), msg, ctx.now());
          ctx.tell(msg.replyTo, E.isLeft(r) ? { type: 'api-error', status: r.left } : ({ type: 'api-ok', object: r.right } satisfies ApiReply));
          return s;
        }
        case 'follow-logs':
          startFollow(s.runner.logs, s.follows, s.pods.get(`${msg.namespace}/${msg.pod}`), msg, ctx.now(), (to, m) => ctx.tell(to, m));
          return s;
        case 'unfollow-logs':
          s.follows.get(msg.followId)?.();
          s.follows.delete(msg.followId);
          return s;
        case 'container-exited':
        case 'container-ready':
        case 'container-log': {
          const who = s.runner.whose(ctx.sender);
          const prt = who === undefined ? undefined : s.pods.get(who.pod);
          const c = who === undefined ? undefined : prt?.containers.get(who.container);
          if (prt === undefined || c === undefined) return s;
          if (msg.type === 'container-exited') c.exitCode = msg.code;
          else if (msg.type === 'container-ready') {
            c.ready = msg.ready && !prt.terminating;
            postStatus(s, ctx, prt);
          } else s.runner.logs.of(prt.pod.metadata.uid ?? '', c.name)?.append(ctx.now(), msg.line);
          return s;
        }
        case 'deliver': {
          for (const prt of s.pods.values()) {
            if (prt.pod.metadata.uid !== msg.podUid) continue;
            const spec = prt.pod.spec.containers.find((c) => (c.ports ?? []).some((p) => p.containerPort === msg.port)) ?? prt.pod.spec.containers[0];
            const ref = spec === undefined ? undefined : prt.containers.get(spec.name)?.ref;
            if (ref !== undefined) {
              ctx.tell(ref as Ref<unknown>, msg.message);
              return s;
            }
          }
          if (msg.replyTo !== undefined) ctx.tell(msg.replyTo as Ref<unknown>, { type: 'service-unavailable', reason: 'EndpointNotRunning', message: `no running container for pod ${msg.podUid} port ${msg.port} on ${ctx.node}` });
          return s;
        }
      }
    },
    onSignal: (s, signal, ctx) => {
      if (signal.type !== 'terminated') return s;
      const key = s.runner.childTerminated(ctx, s.pods, signal.ref, signal.reason);
      if (key !== undefined) syncPod(s, ctx, key);
      return s;
    },
  });
};
