import type { FrameworkInfo } from '../FrameworkInfo.js';
import type { SchedulerCall } from '../MasterProtocol.js';
import { isTerminal } from '../TaskState.js';
import { allocateSoon, masterUpdate, nextId, releaseTask, sendToFramework, unreachableState, type MasterContext } from './common.js';
import { rescindOffer } from './offers.js';
import { taskKey, type MasterFramework, type MasterState } from './MasterState.js';

type Call<T extends SchedulerCall['type']> = Extract<SchedulerCall, { type: T }>;

/**
 * The framework with this id, created (disconnected, with its failover timer
 * running) when an agent reports tasks of a framework this master has not
 * seen — after a fail-over, before the framework resubscribes.
 */
export const ensureFramework = (s: MasterState, ctx: MasterContext, frameworkId: string, info: FrameworkInfo | undefined): MasterFramework | undefined => {
  const known = s.frameworks.get(frameworkId);
  if (known !== undefined) return known;
  if (info === undefined || s.completedFrameworks.has(frameworkId)) return undefined;
  const fw: MasterFramework = { id: frameworkId, info, ref: undefined, connected: false, generation: 0, offers: new Set(), tasks: new Set() };
  s.frameworks.set(frameworkId, fw);
  s.allocator.addFramework(frameworkId, info.roles, { active: false });
  ctx.timers.startSingleTimer(`failover-${frameworkId}`, { type: 'failover-timeout', frameworkId, generation: fw.generation }, info.failoverTimeoutMs);
  return fw;
};

/**
 * SUBSCRIBE: a new framework gets an id; a known one (same id) fails over to
 * the new subscriber — the old one gets an ERROR, the failover timer stops,
 * and offers resume.
 */
export const onSubscribe = (s: MasterState, ctx: MasterContext, msg: Call<'subscribe'>): void => {
  const info = msg.framework;
  if (info.roles.length === 0) {
    ctx.tell(msg.replyTo, { type: 'error', message: 'FrameworkInfo.roles must name at least one role' });
    return;
  }
  if (msg.frameworkId !== null && s.completedFrameworks.has(msg.frameworkId)) {
    ctx.tell(msg.replyTo, { type: 'error', message: `Framework ${msg.frameworkId} has been removed` });
    return;
  }
  const id = msg.frameworkId ?? nextId(s, 'F');
  let fw = s.frameworks.get(id);
  if (fw === undefined) {
    fw = { id, info, ref: msg.replyTo, connected: true, generation: 1, offers: new Set(), tasks: new Set() };
    s.frameworks.set(id, fw);
    s.allocator.addFramework(id, info.roles);
  } else {
    const old = fw.ref;
    if (old !== undefined && (old.node !== msg.replyTo.node || old.path !== msg.replyTo.path || old.incarnation !== msg.replyTo.incarnation)) {
      if (fw.connected) ctx.tell(old, { type: 'error', message: 'Framework failed over' });
      ctx.unwatch(old);
    }
    for (const o of [...fw.offers]) rescindOffer(s, ctx, o, 0);
    ctx.timers.cancel(`failover-${id}`);
    fw.info = info;
    fw.ref = msg.replyTo;
    fw.connected = true;
    fw.generation++;
    s.allocator.activateFramework(id);
    ctx.milestone('framework-failed-over', { frameworkId: id, name: info.name });
  }
  ctx.watchWith(msg.replyTo, { type: 'framework-gone', frameworkId: id, generation: fw.generation });
  ctx.tell(msg.replyTo, { type: 'subscribed', frameworkId: id, heartbeatIntervalMs: s.config.heartbeatIntervalMs, master: ctx.self, epoch: s.epoch });
  ctx.tell(msg.replyTo, { type: 'heartbeat' });
  ctx.milestone('framework-subscribed', { frameworkId: id, name: info.name, roles: info.roles });
  allocateSoon(ctx);
};

/** The subscriber died (or its HTTP stream closed): offers go back, the failover timer starts. */
export const onFrameworkGone = (s: MasterState, ctx: MasterContext, frameworkId: string, generation: number): void => {
  const fw = s.frameworks.get(frameworkId);
  if (fw === undefined || fw.generation !== generation || !fw.connected) return;
  fw.connected = false;
  s.allocator.deactivateFramework(frameworkId);
  for (const o of [...fw.offers]) rescindOffer(s, ctx, o, 0);
  ctx.milestone('framework-disconnected', { frameworkId, failoverTimeoutMs: fw.info.failoverTimeoutMs });
  ctx.timers.startSingleTimer(`failover-${frameworkId}`, { type: 'failover-timeout', frameworkId, generation }, fw.info.failoverTimeoutMs);
};

/** The framework did not come back within its failover timeout. */
export const onFailoverTimeout = (s: MasterState, ctx: MasterContext, frameworkId: string, generation: number): void => {
  const fw = s.frameworks.get(frameworkId);
  if (fw === undefined || fw.connected || fw.generation !== generation) return;
  removeFramework(s, ctx, fw, 'failover timeout');
};

/**
 * Remove a framework: rescind its offers, kill its tasks on their agents,
 * forget it; it may never subscribe again under this id.
 */
export const removeFramework = (s: MasterState, ctx: MasterContext, fw: MasterFramework, why: string): void => {
  for (const o of [...fw.offers]) rescindOffer(s, ctx, o, 0);
  const agents = new Set<string>();
  for (const key of fw.tasks) {
    const t = s.tasks.get(key);
    if (t === undefined) continue;
    releaseTask(s, ctx, t);
    s.tasks.delete(key);
    s.agents.get(t.agentId)?.tasks.delete(key);
    agents.add(t.agentId);
  }
  for (const [key, t] of s.unreachableTasks) if (t.frameworkId === fw.id) s.unreachableTasks.delete(key);
  for (const id of agents) {
    const agent = s.agents.get(id);
    if (agent !== undefined) ctx.tell(agent.ref, { type: 'shutdown-framework', master: ctx.self, frameworkId: fw.id });
  }
  // Agents that are away now learn it when they re-register (their tasks of a removed framework are killed then).
  ctx.timers.cancel(`failover-${fw.id}`);
  if (fw.ref !== undefined) ctx.unwatch(fw.ref);
  s.allocator.removeFramework(fw.id);
  s.frameworks.delete(fw.id);
  s.completedFrameworks.add(fw.id);
  ctx.milestone('framework-removed', { frameworkId: fw.id, why });
};

/** TEARDOWN. */
export const onTeardown = (s: MasterState, ctx: MasterContext, fw: MasterFramework): void => {
  if (fw.ref !== undefined) ctx.tell(fw.ref, { type: 'error', message: 'Framework was torn down' });
  removeFramework(s, ctx, fw, 'teardown');
};

/** KILL: ask the task's agent; an unknown task is answered TASK_LOST. */
export const onKill = (s: MasterState, ctx: MasterContext, fw: MasterFramework, msg: Call<'kill'>): void => {
  const task = s.tasks.get(taskKey(fw.id, msg.taskId));
  if (task !== undefined) {
    const agent = s.agents.get(task.agentId);
    if (agent !== undefined) ctx.tell(agent.ref, { type: 'kill-task', master: ctx.self, frameworkId: fw.id, taskId: msg.taskId });
    return;
  }
  if (msg.agentId !== undefined && s.recovering.has(msg.agentId)) return; // its agent may still re-register
  if (s.unreachableTasks.has(taskKey(fw.id, msg.taskId))) return;
  sendToFramework(fw, ctx, { type: 'update', status: masterUpdate(ctx, fw.id, msg.taskId, msg.agentId ?? '', 'TASK_LOST', 'REASON_RECONCILIATION', 'kill of an unknown task') });
};

/** ACKNOWLEDGE: pass it to the agent; a terminal task acknowledged is forgotten. */
export const onAcknowledge = (s: MasterState, ctx: MasterContext, fw: MasterFramework, msg: Call<'acknowledge'>): void => {
  const key = taskKey(fw.id, msg.taskId);
  const task = s.tasks.get(key);
  const agent = s.agents.get(msg.agentId);
  if (agent !== undefined) ctx.tell(agent.ref, { type: 'status-ack', master: ctx.self, frameworkId: fw.id, taskId: msg.taskId, uuid: msg.uuid });
  if (task !== undefined && task.pendingUuid === msg.uuid) {
    task.pendingUuid = undefined;
    if (isTerminal(task.state)) {
      s.tasks.delete(key);
      fw.tasks.delete(key);
      agent?.tasks.delete(key);
    }
  }
};

/**
 * RECONCILE: explicit (listed tasks) or implicit (empty list: every task the
 * master knows). Unknown tasks are TASK_LOST — except while their agent may
 * still re-register after a fail-over, when the master stays silent and the
 * framework asks again later.
 */
export const onReconcile = (s: MasterState, ctx: MasterContext, fw: MasterFramework, msg: Call<'reconcile'>): void => {
  const reply = (taskId: string, agentId: string, state: Parameters<typeof masterUpdate>[4], message: string): void =>
    sendToFramework(fw, ctx, { type: 'update', status: masterUpdate(ctx, fw.id, taskId, agentId, state, 'REASON_RECONCILIATION', message) });
  if (msg.tasks.length === 0) {
    for (const key of fw.tasks) {
      const t = s.tasks.get(key);
      if (t !== undefined) reply(t.info.taskId, t.agentId, t.state, 'implicit reconciliation');
    }
    for (const t of s.unreachableTasks.values()) if (t.frameworkId === fw.id) reply(t.info.taskId, t.agentId, unreachableState(s, fw.id), 'implicit reconciliation');
    return;
  }
  for (const q of msg.tasks) {
    const key = taskKey(fw.id, q.taskId);
    const t = s.tasks.get(key);
    if (t !== undefined) {
      reply(q.taskId, t.agentId, t.state, 'reconciliation');
      continue;
    }
    const u = s.unreachableTasks.get(key);
    if (u !== undefined) {
      reply(q.taskId, u.agentId, unreachableState(s, fw.id), 'reconciliation: agent unreachable');
      continue;
    }
    if (q.agentId !== undefined ? s.recovering.has(q.agentId) : s.recovering.size > 0) continue;
    if (q.agentId !== undefined && s.registry.get(q.agentId)?.state === 'unreachable') {
      reply(q.taskId, q.agentId, unreachableState(s, fw.id), 'reconciliation: agent unreachable');
      continue;
    }
    reply(q.taskId, q.agentId ?? '', 'TASK_LOST', 'reconciliation: unknown task');
  }
};

/** MESSAGE: best effort to the agent's executor. */
export const onFrameworkMessage = (s: MasterState, ctx: MasterContext, fw: MasterFramework, msg: Call<'framework-message'>): void => {
  const agent = s.agents.get(msg.agentId);
  if (agent !== undefined) ctx.tell(agent.ref, { type: 'framework-message', master: ctx.self, frameworkId: fw.id, executorId: msg.executorId, data: msg.data });
};

/** SHUTDOWN of an executor: each task runs in its own command executor here, so this kills that task. */
export const onShutdown = (s: MasterState, ctx: MasterContext, fw: MasterFramework, msg: Call<'shutdown'>): void => {
  const agent = s.agents.get(msg.agentId);
  if (agent !== undefined) ctx.tell(agent.ref, { type: 'kill-task', master: ctx.self, frameworkId: fw.id, taskId: msg.executorId });
};

/** REVIVE and SUPPRESS. */
export const onReviveSuppress = (s: MasterState, ctx: MasterContext, fw: MasterFramework, msg: Call<'revive'> | Call<'suppress'>): void => {
  if (msg.type === 'revive') {
    s.allocator.revive(fw.id, msg.roles);
    allocateSoon(ctx);
  } else s.allocator.suppress(fw.id, msg.roles);
  ctx.milestone(msg.type === 'revive' ? 'framework-revived' : 'framework-suppressed', { frameworkId: fw.id });
};
