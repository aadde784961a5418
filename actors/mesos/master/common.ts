import type { ActorContext } from '../../../lib/actor/index.js';
import type { RegistryEntry } from '../LeaseProtocol.js';
import type { MasterMsg } from '../MasterProtocol.js';
import type { SchedulerEvent } from '../SchedulerEvent.js';
import type { TaskStatus } from '../TaskInfo.js';
import type { TaskReason, TaskState } from '../TaskState.js';
import type { MasterFramework, MasterState, MasterTask } from './MasterState.js';

/** The context every master handler gets. */
export type MasterContext = ActorContext<MasterMsg>;

/** A fresh id: `<prefix>-e<epoch>-<n>` (unique across leaders, whose epochs differ). */
export const nextId = (s: MasterState, prefix: string): string => `${prefix}-e${s.epoch}-${++s.seq}`;

/** Run an allocation cycle as soon as the current message is handled (events coalesce into one). */
export const allocateSoon = (ctx: MasterContext): void => {
  if (!ctx.timers.isActive('allocate-soon')) ctx.timers.startSingleTimer('allocate-soon', { type: 'allocate' }, 0);
};

/** Send an event to a framework if it is connected. */
export const sendToFramework = (fw: MasterFramework, ctx: MasterContext, event: SchedulerEvent): void => {
  if (fw.connected && fw.ref !== undefined) ctx.tell(fw.ref, event);
};

/** A status update made up by the master (no uuid: nothing to acknowledge). */
export const masterUpdate = (
  ctx: MasterContext,
  frameworkId: string,
  taskId: string,
  agentId: string,
  state: TaskState,
  reason: TaskReason,
  message: string,
): TaskStatus => ({ taskId, frameworkId, agentId, state, source: 'SOURCE_MASTER', timestampMs: ctx.now(), reason, message });

/** Tell a framework about a status, if it is connected. */
export const notifyStatus = (s: MasterState, ctx: MasterContext, status: TaskStatus): void => {
  const fw = s.frameworks.get(status.frameworkId);
  if (fw !== undefined) sendToFramework(fw, ctx, { type: 'update', status });
};

/** The state a framework sees for a task of an unreachable agent. */
export const unreachableState = (s: MasterState, frameworkId: string): TaskState =>
  s.frameworks.get(frameworkId)?.info.partitionAware === true ? 'TASK_UNREACHABLE' : 'TASK_LOST';

/** Stop counting a task's resources (it ended). */
export const releaseTask = (s: MasterState, ctx: MasterContext, task: MasterTask): void => {
  if (!task.counted) return;
  task.counted = false;
  s.allocator.recoverResources(task.frameworkId, task.agentId, task.role, task.info.resources, 0, ctx.now());
};

/**
 * Write registry entries to every replica; `onDone` runs once a majority
 * acknowledged (the lease tick resends unfinished writes).
 */
export const writeRegistry = (s: MasterState, ctx: MasterContext, entries: Array<Omit<RegistryEntry, 'epoch' | 'seq'>>, onDone?: () => void): void => {
  const stamped = entries.map((e) => ({ ...e, epoch: s.epoch, seq: ++s.seq }));
  for (const e of stamped) s.registry.set(e.agentId, e);
  const writeId = ++s.seq;
  s.pendingWrites.set(writeId, { entries: stamped, acks: new Set(), onDone: onDone === undefined ? [] : [onDone], sentAt: ctx.now() });
  sendWrite(s, ctx, writeId);
};

/** (Re)send one pending write. */
export const sendWrite = (s: MasterState, ctx: MasterContext, writeId: number): void => {
  const w = s.pendingWrites.get(writeId);
  if (w === undefined) return;
  w.sentAt = ctx.now();
  for (const r of s.replicas) ctx.tell(r, { type: 'write', epoch: s.epoch, writeId, entries: w.entries, replyTo: ctx.self });
};

/** Majority of the lease store. */
export const majority = (s: MasterState): number => Math.floor(s.replicas.length / 2) + 1;
