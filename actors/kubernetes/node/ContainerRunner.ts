import type { ActorContext, AnyRef, Ref, TerminationReason } from '../../../lib/actor/index.js';
import { sameRef } from '../../../lib/actor/index.js';
import { objectKey } from '../api/meta.js';
import type { ContainerState } from '../api/Pod.js';
import { formatTime } from '../api/time.js';
import type { ContainerLogs } from './ContainerLogs.js';
import { resolveImage, type ContainerEnv, type ContainerSignal } from './images.js';
import type { ContainerRuntime, PodRuntime } from './PodRuntime.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctx = ActorContext<any>;

/** Crash-loop backoff: 10 s doubling to 300 s, reset after 10 minutes of running. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
export const BACKOFF_RESET_MS = 600_000;

/** Exit code of a process that died of SIGTERM (128 + 15). */
export const EXIT_SIGTERM = 143;
/** Exit code of a process killed with SIGKILL (128 + 9). */
export const EXIT_SIGKILL = 137;

/** The message a kubelet gets when a terminating pod's grace period is over. */
export type GraceExpired = { type: 'grace-expired'; pod: string };

const args = (list: ReadonlyArray<string> | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const a of list ?? []) {
    const m = /^-*([^=]+)=(.*)$/.exec(a);
    if (m !== null) out[m[1]] = m[2];
  }
  return out;
};

const reasonOf = (code: number): string => (code === 0 ? 'Completed' : 'Error');

/**
 * The container runtime of a kubelet: starts containers as child actors of
 * the kubelet from their images, with their logs; applies the restart
 * policy when one exits (CrashLoopBackOff); and terminates a deleted pod's
 * containers: SIGTERM first (a {@link ContainerSignal} to images that handle
 * it, an immediate stop with exit code 143 for the others), SIGKILL (exit
 * code 137) to those still running when the grace period ends.
 */
export class ContainerRunner {
  /** Container actors by path: which pod and container they run. */
  private readonly byChild = new Map<string, { pod: string; container: string }>();

  constructor(readonly logs: ContainerLogs) {}

  /** The pod and container a child actor runs. */
  whose(ref: AnyRef | undefined): { pod: string; container: string } | undefined {
    return ref === undefined ? undefined : this.byChild.get(ref.path);
  }

  /** Start (or restart) a container; an unknown image waits in ErrImagePull / ImagePullBackOff. */
  start(ctx: Ctx, prt: PodRuntime, c: ContainerRuntime): void {
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
    const log = this.logs.begin(prt.pod.metadata.uid ?? '', c.name);
    const env: ContainerEnv = { pod: prt.pod, container: spec, node: ctx.node, podIP: prt.podIP, args: args(spec.args), log: (line) => log.append(ctx.now(), line) };
    const childName = `${prt.pod.metadata.uid}.${c.name}`;
    const old = ctx.child(childName);
    if (old !== undefined) ctx.stop(old);
    const ref = ctx.spawn(image.behavior(env), childName, { restart: 'temporary' });
    c.ref = ref;
    this.byChild.set(ref.path, { pod: objectKey(prt.pod), container: c.name });
    ctx.watch(ref);
    c.readinessMode = image.readiness ?? 'running';
    c.sigterm = image.sigterm ?? 'default';
    c.signaled = false;
    c.startedAtMs = now;
    c.readyAtMs = now + (spec.readinessProbe?.initialDelaySeconds ?? 0) * 1000;
    c.ready = c.readinessMode === 'running' && c.readyAtMs <= now;
    c.exitCode = undefined;
    c.state = { running: { startedAt: formatTime(now) } };
    ctx.milestone('container-started', { pod: objectKey(prt.pod), container: c.name, restartCount: c.restartCount });
  }

  /**
   * A container actor terminated (the kubelet watches them): the pod key it
   * belonged to, after its exit was recorded — or undefined for an actor the
   * kubelet already accounted for (one it stopped itself, or a stale incarnation).
   */
  childTerminated(ctx: Ctx, pods: ReadonlyMap<string, PodRuntime>, ref: AnyRef, reason: TerminationReason): string | undefined {
    const who = this.byChild.get(ref.path);
    const prt = who === undefined ? undefined : pods.get(who.pod);
    const c = who === undefined ? undefined : prt?.containers.get(who.container);
    if (prt === undefined || c === undefined || c.ref === undefined || !sameRef(c.ref, ref)) return undefined;
    // A crash (thrown error) is exit code 1; a stop without a reported code: 143 after SIGTERM, else a failure (1).
    const code = reason === 'failed' ? 1 : (c.exitCode ?? (c.signaled ? EXIT_SIGTERM : 1));
    this.exited(ctx, prt, c, code);
    return who!.pod;
  }

  /** Stop a running container from the kubelet's side, with the exit code its death gets. */
  stop(ctx: Ctx, prt: PodRuntime, c: ContainerRuntime, code: number): void {
    if (c.ref === undefined) return;
    ctx.unwatch(c.ref);
    ctx.stop(c.ref);
    this.exited(ctx, prt, c, code);
  }

  /** Record a container's exit, then apply the restart policy (never while the pod terminates). */
  private exited(ctx: Ctx, prt: PodRuntime, c: ContainerRuntime, code: number): void {
    const now = ctx.now();
    this.logs.of(prt.pod.metadata.uid ?? '', c.name)?.end();
    if (c.ref !== undefined) this.byChild.delete(c.ref.path);
    c.ref = undefined;
    c.ready = false;
    const terminated: ContainerState = { terminated: { exitCode: code, reason: reasonOf(code), startedAt: c.state.running?.startedAt, finishedAt: formatTime(now) } };
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
  }

  /**
   * The pod is being deleted (called on every sync while it is): the first
   * call sends SIGTERM to every running container and sets the SIGKILL
   * deadline to now + `metadata.deletionGracePeriodSeconds`; a later, shorter
   * grace period (a second delete) brings the deadline forward. Containers
   * that never ran are reported terminated. A grace-expired timer goes off at
   * the deadline while containers still run.
   */
  terminate(ctx: Ctx, prt: PodRuntime): void {
    const now = ctx.now();
    const graceMs = Math.max(0, (prt.pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000);
    const key = objectKey(prt.pod);
    if (!prt.terminating) {
      prt.terminating = true;
      prt.killAtMs = now + graceMs;
      for (const c of prt.containers.values()) {
        c.ready = false;
        if (c.ref === undefined) {
          if (c.state.terminated === undefined) {
            c.state = { terminated: { exitCode: EXIT_SIGKILL, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', finishedAt: formatTime(now) } };
          }
        } else if (graceMs === 0) this.stop(ctx, prt, c, EXIT_SIGKILL);
        else if (c.sigterm === 'handle') {
          c.signaled = true;
          ctx.tell(c.ref as Ref<ContainerSignal>, { type: 'container-signal', signal: 'SIGTERM', gracePeriodSeconds: graceMs / 1000 });
        } else this.stop(ctx, prt, c, EXIT_SIGTERM);
      }
      ctx.milestone('pod-terminating', { pod: key, graceMs });
    } else if (now + graceMs < prt.killAtMs) prt.killAtMs = now + graceMs;
    if (prt.killAtMs <= now) this.killRemaining(ctx, prt);
    else if ([...prt.containers.values()].some((c) => c.ref !== undefined)) {
      ctx.timers.startSingleTimer(`grace:${key}`, { type: 'grace-expired', pod: key } satisfies GraceExpired, prt.killAtMs - now);
    }
  }

  /** SIGKILL: stop every container of the pod still running (exit code 137). */
  killRemaining(ctx: Ctx, prt: PodRuntime): void {
    for (const c of prt.containers.values()) {
      if (c.ref === undefined) continue;
      ctx.milestone('container-killed', { pod: objectKey(prt.pod), container: c.name });
      this.stop(ctx, prt, c, EXIT_SIGKILL);
    }
  }

  /** The pod left the node: stop its containers and drop its logs. */
  forget(ctx: Ctx, prt: PodRuntime): void {
    for (const c of prt.containers.values()) {
      if (c.ref === undefined) continue;
      this.byChild.delete(c.ref.path);
      ctx.unwatch(c.ref);
      ctx.stop(c.ref);
      c.ref = undefined;
    }
    ctx.timers.cancel(`grace:${objectKey(prt.pod)}`);
    this.logs.forget(prt.pod.metadata.uid ?? '', prt.containers.keys());
  }
}
