import type { Random } from '../../../lib/random/index.js';
import type { FrameworkInfo, Offer } from '../FrameworkInfo.js';
import type { Operation, TaskInfo, TaskStatus } from '../TaskInfo.js';

/**
 * What a scheduler can do (the v1 calls), handed to every callback. Calls
 * made while the framework is not subscribed are dropped, as with a Mesos
 * driver that is not running; offers only arrive while subscribed.
 */
export interface SchedulerDriver {
  /** The framework id (undefined until the first SUBSCRIBED). */
  readonly frameworkId: string | undefined;
  /** Whether the framework is subscribed to a leading master now. */
  readonly subscribed: boolean;
  /** The troupe clock. */
  now(): number;
  /** The framework's seeded random stream. */
  readonly random: Random;
  /** ACCEPT offers (all on one agent) with operations; what they leave unused is declined with `refuseMs`. */
  accept(offerIds: ReadonlyArray<string>, operations: ReadonlyArray<Operation>, refuseMs?: number): void;
  /** ACCEPT one offer with a LAUNCH of these tasks. */
  launch(offer: Offer, tasks: ReadonlyArray<TaskInfo>, refuseMs?: number): void;
  /** DECLINE offers (filtered for `refuseMs`, default 5 s). */
  decline(offerIds: ReadonlyArray<string>, refuseMs?: number): void;
  /** KILL a task. */
  kill(taskId: string, agentId?: string): void;
  /** RECONCILE these tasks (empty: implicit reconciliation of all). */
  reconcile(tasks: ReadonlyArray<{ taskId: string; agentId?: string }>): void;
  /** REVIVE offers (clears filters, un-suppresses). */
  revive(roles?: ReadonlyArray<string>): void;
  /** SUPPRESS offers. */
  suppress(roles?: ReadonlyArray<string>): void;
  /** MESSAGE an executor (best effort). */
  message(agentId: string, executorId: string, data: string): void;
  /** TEARDOWN: the framework ends; its tasks are killed. */
  teardown(): void;
  /** Call this scheduler's `timer(key)` after `delayMs` (replaces a pending timer with the same key). */
  startTimer(key: string, delayMs: number): void;
  /** Cancel a timer. */
  cancelTimer(key: string): void;
  /** Record a milestone in the trace. */
  milestone(name: string, data?: Record<string, unknown>): void;
}

/**
 * A framework's scheduling logic, run by {@link schedulerActor} as an actor:
 * the actor subscribes (and resubscribes with the same framework id after a
 * master fail-over or its own restart), acknowledges status updates after
 * `update` returns, reconciles its tasks after each subscription, and calls
 * these callbacks with the scheduler's state, which they return updated.
 *
 * @example
 * const greedy: Scheduler<number> = {
 *   info: frameworkInfo({ name: 'greedy', roles: ['batch'] }),
 *   init: () => 0,
 *   offers: (n, offers, d) => {
 *     for (const o of offers) d.launch(o, [taskInfo({ taskId: `t${n}`, agentId: o.agentId, resources: resources({ cpus: 1, mem: 64 }), command: 'sleep 10' })]);
 *     return n + offers.length;
 *   },
 *   update: (n) => n,
 * };
 * sim.node('fw', { boot: (node) => node.spawn(schedulerActor(greedy, { replicas }), 'scheduler') });
 */
export interface Scheduler<S> {
  /** Who the framework is (name, roles, failover timeout, capabilities). */
  readonly info: FrameworkInfo;
  /** The state at start (and after a restart of the framework's node: state is memory only). */
  init(driver: SchedulerDriver): S;
  /** SUBSCRIBED (also after each resubscription). */
  subscribed?(state: S, frameworkId: string, driver: SchedulerDriver): S;
  /** OFFERS: accept, decline, or keep them (kept offers stay outstanding until rescinded). */
  offers(state: S, offers: ReadonlyArray<Offer>, driver: SchedulerDriver): S;
  /** UPDATE: a task changed state (acknowledged for you afterwards). */
  update(state: S, status: TaskStatus, driver: SchedulerDriver): S;
  /** RESCIND: an offer is no longer valid. */
  rescind?(state: S, offerId: string, driver: SchedulerDriver): S;
  /** MESSAGE from an executor. */
  message?(state: S, agentId: string, executorId: string, data: string, driver: SchedulerDriver): S;
  /** FAILURE: an agent was lost. */
  failure?(state: S, agentId: string, driver: SchedulerDriver): S;
  /** ERROR: the master refused or removed the framework. */
  error?(state: S, message: string, driver: SchedulerDriver): S;
  /** A timer started with `driver.startTimer` fired. */
  timer?(state: S, key: string, driver: SchedulerDriver): S;
  /** A command sent to the actor from outside (`{ type: 'command', command }`), e.g. scale an app. */
  command?(state: S, command: unknown, driver: SchedulerDriver): S;
}
