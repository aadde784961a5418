/**
 * What a kubelet knows about the pods it runs: one {@link PodRuntime} per
 * pod, one {@link ContainerRuntime} per container, and the pure functions
 * over them — the pod status it reports and node-level admission.
 */
import type { AnyRef } from '../../../lib/actor/index.js';
import { findCondition, setCondition, type Condition } from '../api/meta.js';
import { isTerminal, type ContainerState, type ContainerStatus, type Pod, type PodStatus } from '../api/Pod.js';
import { milliCpu, wholeUnits } from '../api/quantity.js';
import { formatTime } from '../api/time.js';

/** One container of a pod on this node. */
export interface ContainerRuntime {
  readonly name: string;
  image: string;
  /** The running container actor (undefined when not running). */
  ref: AnyRef | undefined;
  /** Bumped on every start. */
  incarnation: number;
  state: ContainerState;
  lastState: ContainerState | undefined;
  restartCount: number;
  ready: boolean;
  readinessMode: 'running' | 'reported';
  /** What SIGTERM does to the running instance (its image's `sigterm`). */
  sigterm: 'default' | 'handle';
  startedAtMs: number;
  readyAtMs: number;
  backoffMs: number;
  nextStartAtMs: number;
  /** The exit code the running instance reported before stopping. */
  exitCode: number | undefined;
  /** SIGTERM was sent to the running instance (a stop without exit code is then 143). */
  signaled: boolean;
}

/** One pod bound to this node. */
export interface PodRuntime {
  pod: Pod;
  readonly containers: Map<string, ContainerRuntime>;
  podIP: string;
  startTime: string;
  phase: PodStatus['phase'];
  lastPosted: PodStatus | undefined;
  /** The pod is being deleted: its containers got SIGTERM (or were stopped). */
  terminating: boolean;
  /** When the containers still running get SIGKILL (troupe ms). */
  killAtMs: number;
  /** The final delete (grace 0) was sent and not refused. */
  deleting: boolean;
  rejected: string | undefined;
}

/** The runtime of a pod the kubelet starts tracking (restart counts carried over from its status). */
export const newPodRuntime = (pod: Pod, podIP: string, startTime: string): PodRuntime => {
  const restarts = new Map((pod.status?.containerStatuses ?? []).map((c) => [c.name, c.restartCount]));
  return {
    pod,
    containers: new Map(
      pod.spec.containers.map((c): [string, ContainerRuntime] => [
        c.name,
        {
          name: c.name,
          image: c.image,
          ref: undefined,
          incarnation: 0,
          state: { waiting: { reason: 'ContainerCreating' } },
          lastState: undefined,
          restartCount: restarts.get(c.name) ?? 0,
          ready: false,
          readinessMode: 'running',
          sigterm: 'default',
          startedAtMs: 0,
          readyAtMs: 0,
          backoffMs: 0,
          nextStartAtMs: 0,
          exitCode: undefined,
          signaled: false,
        },
      ]),
    ),
    podIP,
    startTime,
    phase: undefined,
    lastPosted: undefined,
    terminating: false,
    killAtMs: 0,
    deleting: false,
    rejected: undefined,
  };
};

/** Whether every container of the pod has stopped (none has a live actor). */
export const allStopped = (prt: PodRuntime): boolean => {
  for (const c of prt.containers.values()) if (c.ref !== undefined) return false;
  return true;
};

/**
 * The status the kubelet reports: phase (a terminating pod whose containers
 * all stopped is Succeeded when they all exited 0, else Failed — as the 1.2x
 * kubelet does before the final delete), Initialized/ContainersReady/Ready
 * conditions, container statuses with restart counts and last states.
 */
export const podStatusOf = (prt: PodRuntime, nowMs: number, node: string): PodStatus => {
  const pod = prt.pod;
  const cs = [...prt.containers.values()];
  const now = formatTime(nowMs);
  if (prt.rejected !== undefined) return { ...pod.status, phase: 'Failed', reason: prt.rejected, message: `Pod was rejected: Node didn't have enough resource: ${prt.rejected}` };
  const running = cs.some((c) => c.state.running !== undefined || c.state.waiting?.reason === 'CrashLoopBackOff');
  const allTerminated = cs.length > 0 && cs.every((c) => c.state.terminated !== undefined);
  const policy = pod.spec.restartPolicy ?? 'Always';
  let phase: PodStatus['phase'] = 'Pending';
  if (allTerminated && (policy !== 'Always' || prt.terminating)) phase = cs.every((c) => c.state.terminated!.exitCode === 0) ? 'Succeeded' : 'Failed';
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
  return { ...pod.status, phase, conditions, containerStatuses, podIP: prt.podIP, hostIP: node, startTime: prt.startTime };
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

/**
 * Node-level pod admission: the pods admitted so far plus this one must fit
 * the node's capacity; the answer is the rejection reason (OutOfpods,
 * OutOfcpu, OutOfmemory) or undefined when the pod is admitted.
 */
export const admissionFailure = (pods: Iterable<PodRuntime>, pod: Pod, capacity: { cpu: string; memory: string; pods: string }): string | undefined => {
  let cpu = 0;
  let mem = 0;
  let n = 0;
  for (const p of pods) {
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
