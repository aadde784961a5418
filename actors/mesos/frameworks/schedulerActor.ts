import * as t from 'io-ts';
import { defineBehavior, refCodec, sameRef, type ActorContext, type Behavior, type Ref } from '../../../lib/actor/index.js';
import type { Offer } from '../FrameworkInfo.js';
import { agreedLeader, type LeaderAnswers } from '../agreedLeader.js';
import { LeaderIs, type LeaseMsg } from '../LeaseProtocol.js';
import type { MasterMsg, SchedulerCall } from '../MasterProtocol.js';
import { MESOS_DEFAULTS, type MesosConfig } from '../MesosConfig.js';
import { SchedulerEvent } from '../SchedulerEvent.js';
import type { TaskStatus } from '../TaskInfo.js';
import { isTerminal, type TaskState } from '../TaskState.js';
import type { Scheduler, SchedulerDriver } from './Scheduler.js';

/** Protocol of a framework actor: the master's events, the lease store's answers, its timers, outside commands. */
export const FrameworkMsg = t.union([
  SchedulerEvent,
  LeaderIs,
  t.type({ type: t.literal('driver-tick') }),
  t.type({ type: t.literal('user-timer'), key: t.string }),
  t.type({ type: t.literal('command'), command: t.unknown }),
  t.type({ type: t.literal('framework-state'), replyTo: refCodec() }),
]);
export type FrameworkMsg = t.TypeOf<typeof FrameworkMsg>;

/** A task as its framework last heard of it. */
export interface KnownTask {
  readonly agentId: string;
  state: TaskState;
  /** Heard about since the last (re)subscription. */
  confirmed: boolean;
}

/** The driver's state around the scheduler's own. */
export interface FrameworkState<S> {
  user: S;
  frameworkId: string | undefined;
  master: Ref<MasterMsg> | undefined;
  subscribed: boolean;
  /** Set when the master removed the framework (or another subscriber took over): it stops. */
  finished: string | undefined;
  leaderEpoch: number;
  lastHeartbeatAt: number;
  subscribeSentAt: number;
  heartbeatIntervalMs: number;
  /** Every task this framework launched, by id, with the last state it heard. */
  readonly tasks: Map<string, KnownTask>;
  ticks: number;
  /** The replicas' last answers to `who-leads`. */
  readonly answers: LeaderAnswers;
}

/** The read-only face of a framework actor's state. */
export type FrameworkView<S = unknown> = Readonly<FrameworkState<S>>;

/** Options of a framework actor. */
export interface SchedulerActorOptions {
  replicas: ReadonlyArray<Ref<LeaseMsg>>;
  /** @default MESOS_DEFAULTS */
  config?: MesosConfig;
  /** Called at every (re)start with the live state (for invariants and inspection). */
  onState?: (node: string, state: FrameworkView) => void;
}

const DISK_KEY = 'mesos-framework-id';
type Ctx = ActorContext<FrameworkMsg>;

/**
 * Run a {@link Scheduler} as a framework actor. The actor finds the leading
 * master through the lease store and subscribes; it keeps its framework id on
 * its node's disk (as Marathon keeps it in ZooKeeper) so that, after its own
 * restart or a master fail-over, it resubscribes under the same id and the
 * master keeps its tasks. It treats missing heartbeats (3 intervals) as a
 * lost master, acknowledges every status update after `update` returns, and
 * after each subscription reconciles its non-terminal tasks, asking again
 * until the master has answered for each.
 *
 * @example
 * const Marathon = schedulerActor(serviceScheduler({ apps: [{ id: 'web', instances: 3, resources: resources({ cpus: 1, mem: 256 }) }] }), { replicas });
 * sim.node('marathon', { boot: (n) => n.spawn(Marathon, 'scheduler') });
 */
export const schedulerActor = <S>(scheduler: Scheduler<S>, options: SchedulerActorOptions): Behavior<FrameworkMsg, FrameworkState<S>> => {
  const config = options.config ?? MESOS_DEFAULTS;
  const info = { ...scheduler.info, failoverTimeoutMs: scheduler.info.failoverTimeoutMs };
  return defineBehavior({
    name: `mesos-framework:${scheduler.info.name}`,
    protocol: FrameworkMsg,
    init: (ctx) => {
      const s: FrameworkState<S> = {
        user: undefined as S,
        frameworkId: ctx.disk.get(DISK_KEY) as string | undefined,
        master: undefined,
        subscribed: false,
        finished: undefined,
        leaderEpoch: 0,
        lastHeartbeatAt: ctx.now(),
        subscribeSentAt: -Infinity,
        heartbeatIntervalMs: config.heartbeatIntervalMs,
        tasks: new Map(),
        ticks: 0,
        answers: new Map(),
      };
      s.user = scheduler.init(driverFor(s, ctx));
      ctx.timers.startPeriodicTimer('driver-tick', { type: 'driver-tick' }, config.detectIntervalMs, 0);
      options.onState?.(ctx.node, s as FrameworkView);
      return s;
    },
    receive: (s, msg, ctx) => {
      if (s.finished !== undefined && msg.type !== 'framework-state') return s;
      const d = driverFor(s, ctx);
      switch (msg.type) {
        case 'driver-tick':
          s.ticks++;
          if (s.subscribed && ctx.now() - s.lastHeartbeatAt > 3 * s.heartbeatIntervalMs) {
            s.subscribed = false;
            ctx.milestone('framework-master-lost', { frameworkId: s.frameworkId });
          }
          if (!s.subscribed || s.ticks % 4 === 0) for (const r of options.replicas) ctx.tell(r, { type: 'who-leads', replyTo: ctx.self });
          if (s.subscribed && s.ticks % 4 === 0) reconcileUnconfirmed(s, ctx);
          return s;
        case 'leader-is': {
          s.answers.set(msg.replica, { leader: msg.leader, epoch: msg.epoch });
          const agreed = agreedLeader(s.answers, options.replicas.length);
          if (agreed === undefined || agreed.epoch < s.leaderEpoch) return s;
          const leader = agreed.leader as Ref<MasterMsg>;
          s.leaderEpoch = agreed.epoch;
          if (s.subscribed && s.master !== undefined && sameRef(s.master, leader)) return s;
          if (ctx.now() - s.subscribeSentAt < config.detectIntervalMs && s.master !== undefined && sameRef(s.master, leader)) return s;
          s.subscribed = false;
          s.master = leader;
          s.subscribeSentAt = ctx.now();
          ctx.tell(leader, { type: 'subscribe', framework: info, frameworkId: s.frameworkId ?? null, replyTo: ctx.self });
          return s;
        }
        case 'user-timer':
          if (scheduler.timer !== undefined) s.user = scheduler.timer(s.user, msg.key, d);
          return s;
        case 'command':
          if (scheduler.command !== undefined) s.user = scheduler.command(s.user, msg.command, d);
          return s;
        case 'framework-state':
          ctx.tell(msg.replyTo, { frameworkId: s.frameworkId, subscribed: s.subscribed, finished: s.finished, tasks: Object.fromEntries(s.tasks), state: s.user });
          return s;
        default:
      }
      // Events count only from the master this framework subscribed to.
      if (s.master === undefined || ctx.sender === undefined || !sameRef(ctx.sender, s.master)) return s;
      s.lastHeartbeatAt = ctx.now();
      switch (msg.type) {
        case 'subscribed':
          s.subscribed = true;
          s.frameworkId = msg.frameworkId;
          s.heartbeatIntervalMs = msg.heartbeatIntervalMs;
          ctx.disk.set(DISK_KEY, msg.frameworkId);
          for (const t of s.tasks.values()) t.confirmed = isTerminal(t.state);
          // A framework that lost its memory (its node restarted) learns its tasks by implicit reconciliation.
          if (s.tasks.size === 0) ctx.tell(s.master, { type: 'reconcile', frameworkId: msg.frameworkId, tasks: [] });
          else reconcileUnconfirmed(s, ctx);
          if (scheduler.subscribed !== undefined) s.user = scheduler.subscribed(s.user, msg.frameworkId, d);
          return s;
        case 'heartbeat':
          return s;
        case 'offers':
          if (!s.subscribed) return s;
          s.user = scheduler.offers(s.user, msg.offers, d);
          return s;
        case 'rescind':
          if (scheduler.rescind !== undefined) s.user = scheduler.rescind(s.user, msg.offerId, d);
          return s;
        case 'update':
          onUpdate(s, ctx, scheduler, msg.status, d);
          return s;
        case 'message':
          if (scheduler.message !== undefined) s.user = scheduler.message(s.user, msg.agentId, msg.executorId, msg.data, d);
          return s;
        case 'failure':
          if (scheduler.failure !== undefined) s.user = scheduler.failure(s.user, msg.agentId, d);
          return s;
        case 'error':
          s.subscribed = false;
          s.finished = msg.message;
          ctx.milestone('framework-error', { frameworkId: s.frameworkId, message: msg.message });
          if (scheduler.error !== undefined) s.user = scheduler.error(s.user, msg.message, d);
          if (/removed|torn down/.test(msg.message)) ctx.disk.delete(DISK_KEY);
          return s;
      }
    },
  });
};

const onUpdate = <S>(s: FrameworkState<S>, ctx: Ctx, scheduler: Scheduler<S>, status: TaskStatus, d: SchedulerDriver): void => {
  const known = s.tasks.get(status.taskId);
  if (known !== undefined) {
    known.state = status.state;
    known.confirmed = true;
  } else s.tasks.set(status.taskId, { agentId: status.agentId, state: status.state, confirmed: true });
  s.user = scheduler.update(s.user, status, d);
  if (status.uuid !== undefined && s.frameworkId !== undefined && s.master !== undefined) {
    ctx.tell(s.master, { type: 'acknowledge', frameworkId: s.frameworkId, agentId: status.agentId, taskId: status.taskId, uuid: status.uuid });
  }
};

/** Ask about every non-terminal task the master has not answered for since the subscription. */
const reconcileUnconfirmed = <S>(s: FrameworkState<S>, ctx: Ctx): void => {
  if (s.master === undefined || s.frameworkId === undefined) return;
  const tasks = [...s.tasks].filter(([, t]) => !t.confirmed && !isTerminal(t.state)).map(([taskId, t]) => ({ taskId, ...(t.agentId === '' ? {} : { agentId: t.agentId }) }));
  if (tasks.length > 0) ctx.tell(s.master, { type: 'reconcile', frameworkId: s.frameworkId, tasks });
};

const driverFor = <S>(s: FrameworkState<S>, ctx: Ctx): SchedulerDriver => {
  const call = (c: SchedulerCall): void => {
    if (s.subscribed && s.master !== undefined) ctx.tell(s.master, c);
  };
  const fid = (): string => s.frameworkId ?? '';
  return {
    get frameworkId() {
      return s.frameworkId;
    },
    get subscribed() {
      return s.subscribed;
    },
    now: () => ctx.now(),
    random: ctx.random,
    accept: (offerIds, operations, refuseMs) => {
      if (!s.subscribed) return;
      for (const op of operations) for (const t of op.tasks) s.tasks.set(t.taskId, { agentId: t.agentId, state: 'TASK_STAGING', confirmed: true });
      call({ type: 'accept', frameworkId: fid(), offerIds: [...offerIds], operations: [...operations], ...(refuseMs === undefined ? {} : { refuseMs }) });
    },
    launch(offer: Offer, tasks, refuseMs) {
      this.accept([offer.id], tasks.length === 0 ? [] : [{ type: 'LAUNCH', tasks: [...tasks] }], refuseMs);
    },
    decline: (offerIds, refuseMs) => call({ type: 'decline', frameworkId: fid(), offerIds: [...offerIds], ...(refuseMs === undefined ? {} : { refuseMs }) }),
    kill: (taskId, agentId) => call({ type: 'kill', frameworkId: fid(), taskId, ...(agentId === undefined ? {} : { agentId }) }),
    reconcile: (tasks) => call({ type: 'reconcile', frameworkId: fid(), tasks: tasks.map((x) => ({ ...x })) }),
    revive: (roles) => call({ type: 'revive', frameworkId: fid(), ...(roles === undefined ? {} : { roles: [...roles] }) }),
    suppress: (roles) => call({ type: 'suppress', frameworkId: fid(), ...(roles === undefined ? {} : { roles: [...roles] }) }),
    message: (agentId, executorId, data) => call({ type: 'framework-message', frameworkId: fid(), agentId, executorId, data }),
    teardown: () => call({ type: 'teardown', frameworkId: fid() }),
    startTimer: (key, delayMs) => ctx.timers.startSingleTimer(`user-${key}`, { type: 'user-timer', key }, delayMs),
    cancelTimer: (key) => ctx.timers.cancel(`user-${key}`),
    milestone: (name, data) => ctx.milestone(name, data),
  };
};
