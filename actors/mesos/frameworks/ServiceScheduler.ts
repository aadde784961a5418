import * as t from 'io-ts';
import { isRight } from 'fp-ts/Either';
import { frameworkInfo, type FrameworkInfo, type Offer } from '../FrameworkInfo.js';
import { contains, subtract, takePorts, type Resources } from '../Resources.js';
import { taskInfo, type TaskInfo } from '../TaskInfo.js';
import { isTerminal, type TaskState } from '../TaskState.js';
import type { Scheduler, SchedulerDriver } from './Scheduler.js';

/** A long-running service: N instances of one task shape. */
export interface AppSpec {
  readonly id: string;
  readonly instances: number;
  readonly resources: Resources;
  /** Command run by each instance. @default '' (runs until killed) */
  readonly command?: string;
  /** Host ports each instance needs (taken from the offer's port ranges). @default 0 */
  readonly ports?: number;
  /** Marathon constraints; only `['hostname', 'UNIQUE']` is supported. @default [] */
  readonly constraints?: ReadonlyArray<readonly [string, string]>;
}

/** Options of the service scheduler. */
export interface ServiceSchedulerOptions {
  readonly apps: ReadonlyArray<AppSpec>;
  /** @default name 'marathon', role '*', failover 1 week, partition-aware, TASK_KILLING_STATE */
  readonly info?: Partial<FrameworkInfo>;
  /** First relaunch delay after a failure. @default 1000 */
  readonly backoffMs?: number;
  /** Growth of the delay at each failure. @default 1.15 */
  readonly backoffFactor?: number;
  /** Largest delay. @default 300000 */
  readonly maxBackoffMs?: number;
  /** Most tasks launched from one offer. @default Infinity */
  readonly maxLaunchesPerOffer?: number;
  /** Filter for declined offers. @default 5000 */
  readonly declineRefuseMs?: number;
}

interface AppTask {
  readonly agentId: string;
  readonly hostname: string;
  state: TaskState;
}

interface AppState {
  spec: AppSpec;
  readonly tasks: Map<string, AppTask>;
  nextIndex: number;
  delayMs: number;
  launchAfter: number;
}

/** The service scheduler's state. */
export interface ServiceState {
  readonly apps: Map<string, AppState>;
  suppressed: boolean;
}

/** Commands the service scheduler accepts (`{ type: 'command', command }` to its actor). */
export const ServiceCommand = t.union([
  t.type({ type: t.literal('scale'), appId: t.string, instances: t.number }),
  t.type({ type: t.literal('add-app'), app: t.type({ id: t.string, instances: t.number, resources: t.unknown }) }),
]);
export type ServiceCommand = { type: 'scale'; appId: string; instances: number } | { type: 'add-app'; app: AppSpec };

/** Tasks that count as an instance (not ended, not unreachable). */
const active = (s: TaskState): boolean => !isTerminal(s) && s !== 'TASK_UNREACHABLE' && s !== 'TASK_UNKNOWN';

const appOf = (taskId: string): string => taskId.slice(0, taskId.lastIndexOf('.'));

/**
 * A Marathon-like service scheduler: keeps N instances of each app running.
 * It launches from offers (respecting `hostname:UNIQUE`), relaunches failed
 * instances after a backoff (1 s × 1.15 per failure, at most 300 s; FAILED
 * and FINISHED grow it, KILLED does not), replaces unreachable instances and
 * kills the surplus when they come back, scales on command, and suppresses
 * offers while every app is at its target (reviving when one is not).
 *
 * @example
 * const marathon = serviceScheduler({ apps: [{ id: 'web', instances: 3, resources: resources({ cpus: 0.5, mem: 128 }), constraints: [['hostname', 'UNIQUE']] }] });
 * sim.node('marathon', { boot: (n) => n.spawn(schedulerActor(marathon, { replicas }), 'scheduler') });
 */
export const serviceScheduler = (options: ServiceSchedulerOptions): Scheduler<ServiceState> => {
  const backoffMs = options.backoffMs ?? 1000;
  const factor = options.backoffFactor ?? 1.15;
  const maxBackoffMs = options.maxBackoffMs ?? 300_000;
  const perOffer = options.maxLaunchesPerOffer ?? Infinity;
  const refuse = options.declineRefuseMs ?? 5000;
  const needed = (app: AppState): number => app.spec.instances - [...app.tasks.values()].filter((x) => active(x.state)).length;
  const wantsOffers = (s: ServiceState, now: number): boolean => [...s.apps.values()].some((a) => needed(a) > 0 && now >= a.launchAfter);
  /** Suppress when nothing is wanted; revive (and wake at the next backoff expiry) when something is. */
  const adjust = (s: ServiceState, d: SchedulerDriver): void => {
    const want = wantsOffers(s, d.now());
    if (want && s.suppressed) {
      d.revive();
      s.suppressed = false;
    } else if (!want && !s.suppressed) {
      d.suppress();
      s.suppressed = true;
    }
    const waits = [...s.apps.values()].filter((a) => needed(a) > 0 && a.launchAfter > d.now()).map((a) => a.launchAfter);
    if (waits.length > 0) d.startTimer('backoff', Math.min(...waits) - d.now());
  };
  const scaleDown = (app: AppState, d: SchedulerDriver): void => {
    const live = [...app.tasks].filter(([, x]) => active(x.state));
    for (const [id, x] of live.slice(app.spec.instances).reverse()) {
      d.kill(id, x.agentId);
      x.state = 'TASK_KILLING';
    }
  };
  return {
    info: frameworkInfo({ name: 'marathon', failoverTimeoutMs: 7 * 24 * 3600 * 1000, partitionAware: true, taskKillingState: true, ...options.info }),
    init: () => ({
      apps: new Map(options.apps.map((spec) => [spec.id, { spec, tasks: new Map(), nextIndex: 0, delayMs: backoffMs, launchAfter: 0 }])),
      suppressed: false,
    }),
    subscribed: (s, _id, d) => {
      s.suppressed = false;
      adjust(s, d);
      return s;
    },
    offers: (s, offers, d) => {
      for (const offer of offers) {
        const launches = planOffer(s, offer, d.now(), perOffer);
        if (launches.length === 0) d.decline([offer.id], refuse);
        else d.launch(offer, launches, refuse);
      }
      adjust(s, d);
      return s;
    },
    update: (s, status, d) => {
      const app = s.apps.get(appOf(status.taskId));
      if (app === undefined) {
        if (!isTerminal(status.state)) d.kill(status.taskId, status.agentId); // not ours any more
        return s;
      }
      const known = app.tasks.get(status.taskId);
      if (known === undefined) {
        if (isTerminal(status.state)) return s;
        app.tasks.set(status.taskId, { agentId: status.agentId, hostname: '', state: status.state }); // adopted by reconciliation
      } else known.state = known.state === 'TASK_KILLING' && !isTerminal(status.state) ? known.state : status.state;
      if (isTerminal(status.state)) {
        app.tasks.delete(status.taskId);
        if (status.state === 'TASK_FAILED' || status.state === 'TASK_FINISHED' || status.state === 'TASK_ERROR') {
          app.launchAfter = d.now() + app.delayMs;
          d.milestone('app-backoff', { appId: app.spec.id, delayMs: Math.round(app.delayMs) });
          app.delayMs = Math.min(app.delayMs * factor, maxBackoffMs);
        }
      }
      if (needed(app) < 0) scaleDown(app, d);
      adjust(s, d);
      return s;
    },
    timer: (s, _key, d) => {
      adjust(s, d);
      return s;
    },
    command: (s, command, d) => {
      if (!isRight(ServiceCommand.decode(command))) return s;
      const c = command as ServiceCommand;
      if (c.type === 'add-app') {
        if (!s.apps.has(c.app.id)) s.apps.set(c.app.id, { spec: c.app, tasks: new Map(), nextIndex: 0, delayMs: backoffMs, launchAfter: 0 });
      } else {
        const app = s.apps.get(c.appId);
        if (app === undefined) return s;
        app.spec = { ...app.spec, instances: Math.max(0, c.instances) };
        app.delayMs = backoffMs;
        app.launchAfter = 0;
        d.milestone('app-scaled', { appId: c.appId, instances: c.instances });
        if (needed(app) < 0) scaleDown(app, d);
      }
      adjust(s, d);
      return s;
    },
  };
};

/** Which instances to launch from one offer. */
const planOffer = (s: ServiceState, offer: Offer, now: number, perOffer: number): TaskInfo[] => {
  const out: TaskInfo[] = [];
  let left = offer.resources;
  for (const app of s.apps.values()) {
    const unique = (app.spec.constraints ?? []).some(([field, op]) => field === 'hostname' && op === 'UNIQUE');
    while (out.length < perOffer && now >= app.launchAfter) {
      const live = [...app.tasks.values()].filter((x) => active(x.state));
      if (live.length >= app.spec.instances) break;
      if (unique && live.some((x) => x.hostname === offer.hostname || x.agentId === offer.agentId)) break;
      const ports = takePorts(left.ports, app.spec.ports ?? 0);
      const need = { ...app.spec.resources, ports: ports ?? [] };
      if (ports === undefined || !contains(left, need)) break;
      const taskId = `${app.spec.id}.${app.nextIndex++}`;
      out.push(taskInfo({ taskId, agentId: offer.agentId, resources: need, ...(app.spec.command === undefined ? {} : { command: app.spec.command }), labels: { app: app.spec.id } }));
      app.tasks.set(taskId, { agentId: offer.agentId, hostname: offer.hostname, state: 'TASK_STAGING' });
      left = subtract(left, need);
    }
  }
  return out;
};
