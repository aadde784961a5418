import { sameRef } from '../../../lib/actor/index.js';
import type { AgentToMaster, MasterMsg } from '../MasterProtocol.js';
import type { StatusUpdate } from '../AgentProtocol.js';
import { isTerminal } from '../TaskState.js';
import {
  allocateSoon,
  masterUpdate,
  nextId,
  notifyStatus,
  releaseTask,
  sendToFramework,
  unreachableState,
  writeRegistry,
  type MasterContext,
} from './common.js';
import { rescindOffer } from './offers.js';
import { ensureFramework } from './frameworks.js';
import { taskKey, type MasterAgent, type MasterState, type MasterTask } from './MasterState.js';

type Register = Extract<AgentToMaster, { type: 'register-agent' }>;

/**
 * An agent registers (no id) or re-registers (with its id, its tasks and
 * their frameworks). A new agent is admitted to the registry first (a
 * majority write), as Mesos' registrar does; a returning agent's tasks are
 * taken as the truth and counted as used before anything is offered.
 */
export const onRegisterAgent = (s: MasterState, ctx: MasterContext, msg: Register): void => {
  const known = msg.agentId === null ? undefined : s.registry.get(msg.agentId);
  if (msg.agentId !== null && s.admitting.has(msg.agentId)) return; // its admission is in flight
  const id = msg.agentId ?? nextId(s, 'S');
  const admit = (): void => {
    s.admitting.delete(id);
    addAgent(s, ctx, id, msg);
  };
  if (known !== undefined && known.state === 'admitted' && (s.agents.has(id) || s.recovering.has(id))) {
    admit();
    return;
  }
  s.admitting.add(id);
  writeRegistry(s, ctx, [{ agentId: id, hostname: msg.hostname, state: 'admitted' }], admit);
};

const addAgent = (s: MasterState, ctx: MasterContext, id: string, msg: Register): void => {
  const existing = s.agents.get(id);
  const returning = existing !== undefined || s.recovering.has(id) || msg.tasks.length > 0;
  // Tasks the master knows on this agent but the agent did not report: launches still in flight to the
  // same agent incarnation are kept; the rest are gone (a restarted agent never got them).
  const carried: MasterTask[] = [];
  if (existing !== undefined) {
    const reported = new Set(msg.tasks.map((t) => taskKey(t.frameworkId, t.task.taskId)));
    const sameIncarnation = sameRef(existing.ref, msg.replyTo);
    for (const key of existing.tasks) {
      const t = s.tasks.get(key);
      if (t === undefined || reported.has(key) || isTerminal(t.state)) continue;
      if (sameIncarnation && t.state === 'TASK_STAGING') carried.push(t);
      else {
        ctx.milestone('task-state', { taskId: t.info.taskId, frameworkId: t.frameworkId, state: 'TASK_LOST', agentId: id });
        notifyStatus(s, ctx, masterUpdate(ctx, t.frameworkId, t.info.taskId, id, 'TASK_LOST', 'REASON_AGENT_RESTARTED', 'the agent restarted without this task'));
      }
    }
    dropAgentState(s, ctx, existing);
  }
  s.recovering.delete(id);
  const agent: MasterAgent = {
    id,
    hostname: msg.hostname,
    ref: msg.replyTo,
    total: msg.resources,
    attributes: msg.attributes,
    tasks: new Set(),
    missedPings: 0,
    pongSincePing: true,
  };
  s.agents.set(id, agent);
  for (const f of msg.frameworks) ensureFramework(s, ctx, f.frameworkId, f.info);
  const used: Array<{ frameworkId: string; role: string; resources: MasterTask['info']['resources'] }> = [];
  const orphans = new Set<string>();
  for (const t of msg.tasks) {
    const fw = ensureFramework(s, ctx, t.frameworkId, undefined);
    if (fw === undefined) {
      orphans.add(t.frameworkId);
      continue;
    }
    const key = taskKey(t.frameworkId, t.task.taskId);
    const wasUnreachable = s.unreachableTasks.get(key);
    s.unreachableTasks.delete(key);
    const task: MasterTask = { frameworkId: t.frameworkId, agentId: id, role: t.role, info: t.task, state: t.state, counted: !isTerminal(t.state), pendingUuid: undefined };
    s.tasks.set(key, task);
    agent.tasks.add(key);
    fw.tasks.add(key);
    if (task.counted) used.push({ frameworkId: t.frameworkId, role: t.role, resources: t.task.resources });
    if (wasUnreachable !== undefined && !isTerminal(t.state)) {
      notifyStatus(s, ctx, masterUpdate(ctx, t.frameworkId, t.task.taskId, id, t.state, 'REASON_AGENT_REREGISTERED', 'agent re-registered'));
    }
  }
  for (const t of carried) {
    const key = taskKey(t.frameworkId, t.info.taskId);
    s.tasks.set(key, t);
    agent.tasks.add(key);
    s.frameworks.get(t.frameworkId)?.tasks.add(key);
    if (t.counted) used.push({ frameworkId: t.frameworkId, role: t.role, resources: t.info.resources });
  }
  s.allocator.addAgent(id, msg.resources, used);
  ctx.tell(msg.replyTo, { type: 'registered', agentId: id, master: ctx.self, epoch: s.epoch });
  // Tasks of frameworks that were removed meanwhile are killed.
  for (const f of orphans) ctx.tell(msg.replyTo, { type: 'shutdown-framework', master: ctx.self, frameworkId: f });
  ctx.milestone('agent-registered', { agentId: id, hostname: msg.hostname, reregistered: returning, tasks: msg.tasks.length });
  allocateSoon(ctx);
};

/** Forget what the master knew of an agent that re-registers over itself (its report replaces it). */
const dropAgentState = (s: MasterState, ctx: MasterContext, agent: MasterAgent): void => {
  for (const o of [...s.offers.values()]) if (o.agentId === agent.id) rescindOffer(s, ctx, o.id, 0);
  for (const key of agent.tasks) {
    const t = s.tasks.get(key);
    s.tasks.delete(key);
    if (t !== undefined) s.frameworks.get(t.frameworkId)?.tasks.delete(key);
  }
  s.allocator.removeAgent(agent.id);
  s.agents.delete(agent.id);
};

/** A pong from an agent. */
export const onPong = (s: MasterState, msg: Extract<MasterMsg, { type: 'pong' }>): void => {
  const agent = s.agents.get(msg.agentId);
  if (agent !== undefined && sameRef(agent.ref, msg.agent)) {
    agent.pongSincePing = true;
    agent.missedPings = 0;
  }
};

/** The ping round: count agents that did not answer the last ping; too many misses make an agent unreachable. */
export const onPingAgents = (s: MasterState, ctx: MasterContext): void => {
  const c = s.config;
  for (const agent of [...s.agents.values()]) {
    if (!agent.pongSincePing) agent.missedPings++;
    if (agent.missedPings >= c.maxAgentPingTimeouts) {
      if (c.agentRemovalIntervalMs > 0 && ctx.now() - s.lastRemovalAt < c.agentRemovalIntervalMs) continue; // rate-limited: next round
      s.lastRemovalAt = ctx.now();
      markUnreachable(s, ctx, agent, 'agent missed too many pings');
      continue;
    }
    agent.pongSincePing = false;
    ctx.tell(agent.ref, { type: 'ping', master: ctx.self, epoch: s.epoch });
  }
};

/**
 * Remove an agent that stopped answering: its offers are rescinded, its
 * tasks become TASK_LOST (TASK_UNREACHABLE for partition-aware frameworks),
 * and the registry marks it unreachable so it may come back later.
 */
export const markUnreachable = (s: MasterState, ctx: MasterContext, agent: MasterAgent, why: string): void => {
  ctx.milestone('agent-unreachable', { agentId: agent.id, why });
  for (const o of [...s.offers.values()]) if (o.agentId === agent.id) rescindOffer(s, ctx, o.id, 0);
  for (const key of agent.tasks) {
    const task = s.tasks.get(key);
    if (task === undefined) continue;
    s.tasks.delete(key);
    const fw = s.frameworks.get(task.frameworkId);
    fw?.tasks.delete(key);
    if (isTerminal(task.state)) continue;
    task.counted = false;
    const state = unreachableState(s, task.frameworkId);
    task.state = 'TASK_UNREACHABLE';
    s.unreachableTasks.set(key, task);
    ctx.milestone('task-state', { taskId: task.info.taskId, frameworkId: task.frameworkId, state, agentId: agent.id });
    notifyStatus(s, ctx, masterUpdate(ctx, task.frameworkId, task.info.taskId, agent.id, state, 'REASON_AGENT_REMOVED', why));
    if (fw !== undefined) sendToFramework(fw, ctx, { type: 'failure', agentId: agent.id });
  }
  s.allocator.removeAgent(agent.id);
  s.agents.delete(agent.id);
  writeRegistry(s, ctx, [{ agentId: agent.id, hostname: agent.hostname, state: 'unreachable' }]);
};

/** After a fail-over, registry agents that never re-registered are unreachable. */
export const onReregisterTimeout = (s: MasterState, ctx: MasterContext): void => {
  const late = [...s.recovering];
  s.recovering.clear();
  for (const id of late) ctx.milestone('agent-unreachable', { agentId: id, why: 'did not re-register after master fail-over' });
  if (late.length > 0) writeRegistry(s, ctx, late.map((id) => ({ agentId: id, hostname: s.registry.get(id)?.hostname ?? id, state: 'unreachable' as const })));
};

/**
 * A status update from an agent: record the state, release the resources of
 * a terminal task, forward it to the framework (which must acknowledge its
 * uuid; until then the agent retries).
 */
export const onStatusUpdate = (s: MasterState, ctx: MasterContext, msg: StatusUpdate): void => {
  const st = msg.status;
  const agent = s.agents.get(st.agentId);
  if (agent === undefined || !sameRef(agent.ref, msg.agent)) return; // not registered here: it retries after (re)registering
  if (s.completedFrameworks.has(st.frameworkId)) {
    if (st.uuid !== undefined) ctx.tell(agent.ref, { type: 'status-ack', master: ctx.self, frameworkId: st.frameworkId, taskId: st.taskId, uuid: st.uuid });
    return;
  }
  const key = taskKey(st.frameworkId, st.taskId);
  const task = s.tasks.get(key);
  if (task !== undefined) {
    if (task.state !== st.state) ctx.milestone('task-state', { taskId: st.taskId, frameworkId: st.frameworkId, state: st.state, agentId: st.agentId });
    task.state = st.state;
    task.pendingUuid = st.uuid;
    if (isTerminal(st.state)) releaseTask(s, ctx, task);
  }
  const fw = s.frameworks.get(st.frameworkId);
  if (fw !== undefined) sendToFramework(fw, ctx, { type: 'update', status: st });
};
