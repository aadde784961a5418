import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { defineBehavior, refCodec, type ActorContext, type AnyRef, type Ref } from '../../../lib/actor/index.js';
import type { Lease } from '../api/cluster.js';
import { findCondition, objectKey, setCondition, type Condition } from '../api/meta.js';
import { deepEqual } from '../api/mergePatch.js';
import { nodeReadyStatus, type Node, type Taint } from '../api/Node.js';
import { isTerminal, type ContainerState, type ContainerStatus, type Pod, type PodStatus } from '../api/Pod.js';
import { WatchMessage, type ApiRequest } from '../api/protocol.js';
import { milliCpu, wholeUnits } from '../api/quantity.js';
import { formatMicroTime, formatTime } from '../api/time.js';
import { ApiClient, ApiResultMessage } from '../client/ApiClient.js';
import { InformerSet } from '../client/InformerSet.js';
import { NODE_LEASE_NAMESPACE } from '../controllers/nodeLifecycleController.js';
import { ContainerReport, resolveImage, type ContainerEnv } from './images.js';

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
}

/** The kubelet's mailbox. */
export const KubeletMessage = t.union([
  WatchMessage,
  ApiResultMessage,
  ContainerReport,
  t.type({ type: t.literal('renew-lease') }),
  t.type({ type: t.literal('housekeeping') }),
  t.type({ type: t.literal('container-stopped'), pod: t.string, container: t.string, incarnation: t.number, failed: t.boolean }),
  /** kube-proxy hands a message for a pod's port to the node (the node's network stack). */
  t.intersection([
    t.type({ type: t.literal('deliver'), podUid: t.string, port: t.number, message: t.unknown }),
    t.partial({ replyTo: refCodec() }),
  ]),
]);
export type KubeletMessage = t.TypeOf<typeof KubeletMessage>;

type Ctx = ActorContext<KubeletMessage>;

/** Crash-loop backoff: 10 s doubling to 300 s, reset after 10 minutes of running. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
export const BACKOFF_RESET_MS = 600_000;

interface ContainerRt {
  readonly name: string;
  readonly image: string;
  ref: AnyRef | undefined;
  /** Bumped on every start: a stop report of an older start is ignored. */
  incarnation: number;
  state: ContainerState;
  lastState: ContainerState | undefined;
  restartCount: number;
  ready: boolean;
  readinessMode: 'running' | 'reported';
  startedAtMs: number;
  readyAtMs: number;
  backoffMs: number;
  nextStartAtMs: number;
  exitCode: number | undefined;
  logs: string[];
}

interface PodRt {
  pod: Pod;
  readonly containers: Map<string, ContainerRt>;
  podIP: string;
  startTime: string;
  phase: PodStatus['phase'];
  lastPosted: PodStatus | undefined;
  terminating: boolean;
  /** The final delete (grace 0) was sent and not refused. */
  deleting: boolean;
  rejected: string | undefined;
}

interface KubeletState {
  readonly client: ApiClient;
  readonly informers: InformerSet;
  readonly pods: Map<string, PodRt>;
  readonly byChild: Map<string, { pod: string; container: string }>;
  lease: Lease | undefined;
  nextIp: number;
  registered: boolean;
}

const hashIndex = (name: string): number => {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  return h % 65_000;
};

/**
 * A kubelet as an actor (one per node): registers its Node, renews its Lease
 * every 10 s, watches the pods bound to it, runs each container as a child
 * actor from its image, applies the restart policy (CrashLoopBackOff 10 s
 * doubling to 300 s, reset after 10 minutes running), reports phase,
 * conditions, container statuses and readiness, and finishes graceful
 * deletions. It also hands kube-proxy's messages to the container serving a port.
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
        nodeInfo: { kubeletVersion: 'v1.29.0-troupe' },
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

  const args = (list: ReadonlyArray<string> | undefined): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const a of list ?? []) {
      const m = /^-*([^=]+)=(.*)$/.exec(a);
      if (m !== null) out[m[1]] = m[2];
    }
    return out;
  };

  const start = (s: KubeletState, ctx: Ctx, prt: PodRt, c: ContainerRt): void => {
    const spec = prt.pod.spec.containers.find((x) => x.name === c.name)!;
    const image = resolveImage(c.image);
    const now = ctx.now();
    if (image === undefined) {
      const first = c.state.waiting?.reason !== 'ErrImagePull' && c.state.waiting?.reason !== 'ImagePullBackOff';
      c.state = { waiting: { reason: first ? 'ErrImagePull' : 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } };
      c.backoffMs = first ? BACKOFF_INITIAL_MS : Math.min(BACKOFF_MAX_MS, c.backoffMs * 2);
      c.nextStartAtMs = now + c.backoffMs;
      return;
    }
    c.incarnation++;
    const env: ContainerEnv = { pod: prt.pod, container: spec, node: ctx.node, podIP: prt.podIP, args: args(spec.args) };
    const childName = `${prt.pod.metadata.uid}.${c.name}`;
    const old = ctx.child(childName);
    if (old !== undefined) ctx.stop(old);
    const ref = ctx.spawn(image.behavior(env), childName, { restart: 'temporary' });
    c.ref = ref;
    s.byChild.set(ref.path, { pod: objectKey(prt.pod), container: c.name });
    ctx.watchWith(ref, { type: 'container-stopped', pod: objectKey(prt.pod), container: c.name, incarnation: c.incarnation, failed: false });
    c.readinessMode = image.readiness ?? 'running';
    c.startedAtMs = now;
    c.readyAtMs = now + (spec.readinessProbe?.initialDelaySeconds ?? 0) * 1000;
    c.ready = c.readinessMode === 'running' && c.readyAtMs <= now;
    c.exitCode = undefined;
    c.state = { running: { startedAt: formatTime(now) } };
    ctx.milestone('container-started', { pod: objectKey(prt.pod), container: c.name, restartCount: c.restartCount });
  };

  const onStopped = (s: KubeletState, ctx: Ctx, prt: PodRt, c: ContainerRt, code: number): void => {
    const now = ctx.now();
    if (c.ref !== undefined) s.byChild.delete(c.ref.path);
    c.ref = undefined;
    c.ready = false;
    const terminated: ContainerState = { terminated: { exitCode: code, reason: code === 0 ? 'Completed' : 'Error', startedAt: c.state.running?.startedAt, finishedAt: formatTime(now) } };
    c.lastState = terminated;
    if (prt.terminating) {
      c.state = terminated;
      return;
    }
    const policy = prt.pod.spec.restartPolicy ?? 'Always';
    const restart = policy === 'Always' || (policy === 'OnFailure' && code !== 0);
    if (!restart) {
      c.state = terminated;
      return;
    }
    // CrashLoopBackOff: 10 s doubling to 300 s; a container that ran 10 minutes starts over.
    c.backoffMs = now - c.startedAtMs >= BACKOFF_RESET_MS || c.backoffMs === 0 ? BACKOFF_INITIAL_MS : Math.min(BACKOFF_MAX_MS, c.backoffMs * 2);
    c.restartCount++;
    c.nextStartAtMs = now + c.backoffMs;
    c.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${Math.round(c.backoffMs / 1000)}s restarting failed container=${c.name} pod=${prt.pod.metadata.name}` } };
    if (c.backoffMs > BACKOFF_INITIAL_MS || code !== 0) ctx.milestone('crash-loop-backoff', { pod: objectKey(prt.pod), container: c.name, backoffMs: c.backoffMs, restartCount: c.restartCount });
  };

  const computeStatus = (prt: PodRt, ctx: Ctx): PodStatus => {
    const pod = prt.pod;
    const cs = [...prt.containers.values()];
    const now = formatTime(ctx.now());
    if (prt.rejected !== undefined) return { ...pod.status, phase: 'Failed', reason: prt.rejected, message: `Pod was rejected: Node didn't have enough resource: ${prt.rejected}` };
    const running = cs.some((c) => c.state.running !== undefined || c.state.waiting?.reason === 'CrashLoopBackOff');
    const allTerminated = cs.length > 0 && cs.every((c) => c.state.terminated !== undefined);
    const policy = pod.spec.restartPolicy ?? 'Always';
    let phase: PodStatus['phase'] = 'Pending';
    if (allTerminated && policy !== 'Always') phase = cs.every((c) => c.state.terminated!.exitCode === 0) ? 'Succeeded' : 'Failed';
    else if (running) phase = 'Running';
    const allReady = cs.length > 0 && cs.every((c) => c.ready);
    const containerStatuses: ContainerStatus[] = cs.map((c) => {
      const st: ContainerStatus = { name: c.name, image: c.image, ready: c.ready, restartCount: c.restartCount, state: c.state, started: c.state.running !== undefined };
      if (c.lastState !== undefined) st.lastState = c.lastState;
      return st;
    });
    let conditions: Condition[] = pod.status?.conditions ?? [];
    const cond = (type: string, ok: boolean, reason?: string): void => {
      const prev = findCondition(conditions, type);
      const status = ok ? 'True' : 'False';
      if (prev?.status === status) return;
      conditions = setCondition(conditions, { type, status, lastTransitionTime: now, ...(reason === undefined || ok ? {} : { reason }) });
    };
    cond('Initialized', true);
    cond('ContainersReady', allReady, 'ContainersNotReady');
    cond('Ready', allReady && phase === 'Running', 'ContainersNotReady');
    return { ...pod.status, phase, conditions, containerStatuses, podIP: prt.podIP, hostIP: ctx.node, startTime: prt.startTime };
  };

  const postStatus = (s: KubeletState, ctx: Ctx, prt: PodRt): void => {
    const status = computeStatus(prt, ctx);
    const prevPhase = prt.phase;
    prt.phase = status.phase;
    if (prt.lastPosted !== undefined && deepEqual(prt.lastPosted, status)) return;
    prt.lastPosted = status;
    if (status.phase === 'Running' && prevPhase !== 'Running') ctx.milestone('pod-running', { pod: objectKey(prt.pod), node: ctx.node });
    const key = objectKey(prt.pod);
    s.client.patch(ctx, { resource: 'pods', namespace: prt.pod.metadata.namespace, name: prt.pod.metadata.name ?? '' }, { metadata: { uid: prt.pod.metadata.uid }, status }, (r) => {
      if (E.isLeft(r) && s.pods.get(key) === prt) prt.lastPosted = undefined;
    }, 'status');
  };

  const requests = (pod: Pod): { cpu: number; mem: number } => {
    let cpu = 0;
    let mem = 0;
    for (const c of pod.spec.containers) {
      cpu += milliCpu(c.resources?.requests?.cpu);
      mem += wholeUnits(c.resources?.requests?.memory);
    }
    return { cpu, mem };
  };

  /** Pod admission: the node must have room for the pod's requests (else Failed: OutOfcpu / OutOfmemory / OutOfpods). */
  const admit = (s: KubeletState, pod: Pod): string | undefined => {
    let cpu = 0;
    let mem = 0;
    let n = 0;
    for (const p of s.pods.values()) {
      if (p.pod.metadata.uid === pod.metadata.uid || p.rejected !== undefined || p.phase === undefined || isTerminal(p.pod)) continue;
      const r = requests(p.pod);
      cpu += r.cpu;
      mem += r.mem;
      n++;
    }
    const r = requests(pod);
    if (n + 1 > wholeUnits(capacity.pods)) return 'OutOfpods';
    if (cpu + r.cpu > milliCpu(capacity.cpu)) return 'OutOfcpu';
    if (mem + r.mem > wholeUnits(capacity.memory)) return 'OutOfmemory';
    return undefined;
  };

  const syncPod = (s: KubeletState, ctx: Ctx, key: string): void => {
    const prt = s.pods.get(key);
    if (prt === undefined) return;
    const pod = prt.pod;
    const now = ctx.now();
    if (pod.metadata.deletionTimestamp !== undefined) {
      if (!prt.terminating) {
        prt.terminating = true;
        for (const c of prt.containers.values()) {
          if (c.ref !== undefined) ctx.stop(c.ref);
          if (c.ref !== undefined) s.byChild.delete(c.ref.path);
          c.ref = undefined;
          c.ready = false;
          if (c.state.terminated === undefined) c.state = { terminated: { exitCode: 137, reason: 'Error', startedAt: c.state.running?.startedAt, finishedAt: formatTime(now) } };
        }
      }
      if (!prt.deleting) {
        // Containers are stopped: finish the graceful deletion (retried by housekeeping until it went through).
        prt.deleting = true;
        s.client.delete(ctx, { resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' }, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } }, (r) => {
          if (E.isLeft(r) && r.left.reason !== 'NotFound' && r.left.reason !== 'Conflict') prt.deleting = false;
        });
      }
      return;
    }
    if (isTerminal(pod) && prt.lastPosted === undefined) return;
    if (prt.rejected === undefined && prt.phase === undefined) {
      prt.rejected = admit(s, pod);
      if (prt.rejected !== undefined) ctx.milestone('pod-rejected', { pod: key, reason: prt.rejected });
    }
    if (prt.rejected === undefined) {
      for (const c of prt.containers.values()) {
        if (c.ref === undefined && c.state.running === undefined && c.state.terminated === undefined && c.nextStartAtMs <= now) {
          if (runContainers) start(s, ctx, prt, c);
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
      const restarts = new Map((pod.status?.containerStatuses ?? []).map((c) => [c.name, c.restartCount]));
      prt = {
        pod,
        containers: new Map(
          pod.spec.containers.map((c): [string, ContainerRt] => [
            c.name,
            { name: c.name, image: c.image, ref: undefined, incarnation: 0, state: { waiting: { reason: 'ContainerCreating' } }, lastState: undefined, restartCount: restarts.get(c.name) ?? 0, ready: false, readinessMode: 'running', startedAtMs: 0, readyAtMs: 0, backoffMs: 0, nextStartAtMs: 0, exitCode: undefined, logs: [] },
          ]),
        ),
        podIP: pod.status?.podIP ?? allocatedIp(s, ctx),
        startTime: pod.status?.startTime ?? formatTime(ctx.now()),
        phase: undefined,
        lastPosted: undefined,
        terminating: false,
        deleting: false,
        rejected: undefined,
      };
      s.pods.set(key, prt);
    } else {
      prt.pod = pod;
      // Image updates take effect on the next start of the container.
      for (const c of pod.spec.containers) {
        const rt = prt.containers.get(c.name);
        if (rt !== undefined && rt.image !== c.image) (rt as { image: string }).image = c.image;
      }
    }
    syncPod(s, ctx, key);
  };

  const forget = (s: KubeletState, ctx: Ctx, key: string): void => {
    const prt = s.pods.get(key);
    if (prt === undefined) return;
    for (const c of prt.containers.values()) {
      if (c.ref === undefined) continue;
      s.byChild.delete(c.ref.path);
      ctx.stop(c.ref);
    }
    s.pods.delete(key);
  };

  return defineBehavior({
    name: 'kubelet',
    protocol: KubeletMessage,
    init: (ctx): KubeletState => {
      const client = new ApiClient(options.api);
      const informers = new InformerSet(client);
      const s: KubeletState = { client, informers, pods: new Map(), byChild: new Map(), lease: undefined, nextIp: 0, registered: false };
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
          const now = ctx.now();
          for (const [key, prt] of s.pods) {
            let due = false;
            for (const c of prt.containers.values()) {
              if ((c.ref === undefined && c.state.running === undefined && c.state.terminated === undefined && c.nextStartAtMs <= now) || (c.ref !== undefined && !c.ready && c.readinessMode === 'running' && c.readyAtMs <= now)) due = true;
            }
            if (due || prt.lastPosted === undefined || (prt.terminating && !prt.deleting)) syncPod(s, ctx, key);
          }
          return s;
        }
        case 'container-stopped': {
          const prt = s.pods.get(msg.pod);
          const c = prt?.containers.get(msg.container);
          if (prt === undefined || c === undefined || c.incarnation !== msg.incarnation || c.ref === undefined) return s;
          // Stopped without reporting an exit code: it crashed.
          onStopped(s, ctx, prt, c, c.exitCode ?? 1);
          syncPod(s, ctx, msg.pod);
          return s;
        }
        case 'container-exited':
        case 'container-ready':
        case 'container-log': {
          const who = ctx.sender === undefined ? undefined : s.byChild.get(ctx.sender.path);
          const prt = who === undefined ? undefined : s.pods.get(who.pod);
          const c = who === undefined ? undefined : prt?.containers.get(who.container);
          if (prt === undefined || c === undefined) return s;
          if (msg.type === 'container-exited') c.exitCode = msg.code;
          else if (msg.type === 'container-ready') {
            c.ready = msg.ready;
            postStatus(s, ctx, prt);
          } else {
            c.logs.push(msg.line);
            if (c.logs.length > 1000) c.logs.shift();
          }
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
  });
};
