import type { Offer } from '../FrameworkInfo.js';
import type { SchedulerCall } from '../MasterProtocol.js';
import { contains, isEmpty, subtract, sum, type Resources } from '../Resources.js';
import type { TaskInfo } from '../TaskInfo.js';
import { masterUpdate, nextId, sendToFramework, type MasterContext } from './common.js';
import { taskKey, type MasterFramework, type MasterState, type MasterTask } from './MasterState.js';

/**
 * One allocation cycle: ask the policy, turn its decisions into offers (one
 * per framework and agent), send each framework its batch.
 */
export const runAllocation = (s: MasterState, ctx: MasterContext): void => {
  const decisions = s.allocator.allocate(ctx.now(), ctx.random);
  if (decisions.length === 0) return;
  const batches = new Map<string, Offer[]>();
  for (const d of decisions) {
    const fw = s.frameworks.get(d.frameworkId);
    const agent = s.agents.get(d.agentId);
    if (fw === undefined || agent === undefined) {
      s.allocator.recoverResources(d.frameworkId, d.agentId, d.role, d.resources, 0, ctx.now());
      continue;
    }
    const offer = {
      id: nextId(s, 'O'),
      frameworkId: fw.id,
      agentId: agent.id,
      hostname: agent.hostname,
      role: d.role,
      resources: d.resources,
      attributes: agent.attributes,
      createdAt: ctx.now(),
    };
    s.offers.set(offer.id, offer);
    fw.offers.add(offer.id);
    if (s.config.offerTimeoutMs > 0) ctx.timers.startSingleTimer(`offer-${offer.id}`, { type: 'offer-timeout', offerId: offer.id }, s.config.offerTimeoutMs);
    const { createdAt: _, ...wire } = offer;
    let batch = batches.get(fw.id);
    if (batch === undefined) batches.set(fw.id, (batch = []));
    batch.push(wire);
    ctx.milestone('offer-made', { offerId: offer.id, frameworkId: fw.id, agentId: agent.id, cpus: d.resources.cpus, mem: d.resources.mem });
  }
  for (const [fid, offers] of batches) sendToFramework(s.frameworks.get(fid)!, ctx, { type: 'offers', offers });
};

/** Take an offer back: its resources return to the pool (filtered for `refuseMs`); the framework gets RESCIND when `tell`. */
export const rescindOffer = (s: MasterState, ctx: MasterContext, offerId: string, refuseMs: number, tell = true): void => {
  const offer = s.offers.get(offerId);
  if (offer === undefined) return;
  removeOffer(s, ctx, offerId);
  s.allocator.recoverResources(offer.frameworkId, offer.agentId, offer.role, offer.resources, refuseMs, ctx.now());
  const fw = s.frameworks.get(offer.frameworkId);
  if (tell && fw !== undefined) sendToFramework(fw, ctx, { type: 'rescind', offerId });
};

const removeOffer = (s: MasterState, ctx: MasterContext, offerId: string): void => {
  const offer = s.offers.get(offerId);
  if (offer === undefined) return;
  s.offers.delete(offerId);
  s.frameworks.get(offer.frameworkId)?.offers.delete(offerId);
  ctx.timers.cancel(`offer-${offerId}`);
};

/** The length of a refusal filter: DECLINE's `refuse_seconds` (default 5 s, capped), at least one allocation interval; 0 means none. */
export const filterMs = (s: MasterState, refuseMs: number | undefined): number => {
  const r = Math.min(Math.max(0, refuseMs ?? s.config.defaultRefuseMs), s.config.maxRefuseMs);
  return r === 0 ? 0 : Math.max(r, s.config.allocationIntervalMs);
};

type Accept = Extract<SchedulerCall, { type: 'accept' }>;

/**
 * ACCEPT (DECLINE is an ACCEPT without operations). Offers must all be
 * outstanding, this framework's, on one agent and for one role; otherwise
 * every task is TASK_DROPPED (TASK_LOST for frameworks that are not
 * partition-aware) and the valid offers are declined. Each task must be
 * unique, on that agent, and fit in what is left; a bad task is TASK_ERROR,
 * and a bad task fails its whole LAUNCH_GROUP. What no task uses goes back
 * to the pool under the refusal filter.
 */
export const onAccept = (s: MasterState, ctx: MasterContext, fw: MasterFramework, msg: Accept): void => {
  const refuse = filterMs(s, msg.refuseMs);
  const offers = msg.offerIds.map((id) => s.offers.get(id));
  const valid = offers.filter((o): o is NonNullable<typeof o> => o !== undefined && o.frameworkId === fw.id);
  const agentIds = new Set(valid.map((o) => o.agentId));
  const roles = new Set(valid.map((o) => o.role));
  const allTasks = msg.operations.flatMap((op) => op.tasks);
  if (valid.length !== offers.length || agentIds.size > 1 || roles.size > 1 || (valid.length === 0 && allTasks.length > 0)) {
    for (const o of valid) rescindOffer(s, ctx, o.id, refuse, false);
    const state = fw.info.partitionAware ? 'TASK_DROPPED' : 'TASK_LOST';
    for (const t of allTasks) sendToFramework(fw, ctx, { type: 'update', status: masterUpdate(ctx, fw.id, t.taskId, t.agentId, state, 'REASON_INVALID_OFFERS', 'offer is no longer valid') });
    return;
  }
  if (valid.length === 0) return;
  const agentId = valid[0].agentId;
  const role = valid[0].role;
  let left: Resources = sum(valid.map((o) => o.resources));
  for (const o of valid) removeOffer(s, ctx, o.id);
  const agent = s.agents.get(agentId);
  for (const op of msg.operations) {
    // Check tasks in order against what is left (a group is all or nothing).
    let trial = left;
    const problems: Array<string | undefined> = [];
    for (const t of op.tasks) {
      const p = agent === undefined ? 'agent is gone' : taskProblem(s, fw, agentId, t, trial, op.tasks);
      problems.push(p);
      if (p === undefined) trial = subtract(trial, t.resources);
    }
    const groupFails = op.type === 'LAUNCH_GROUP' && problems.some((p) => p !== undefined);
    if (!groupFails) left = trial;
    const launched: TaskInfo[] = [];
    op.tasks.forEach((t, i) => {
      const problem = problems[i] ?? (groupFails ? 'another task of the group is invalid' : undefined);
      if (problem !== undefined || agent === undefined) {
        sendToFramework(fw, ctx, { type: 'update', status: masterUpdate(ctx, fw.id, t.taskId, t.agentId, 'TASK_ERROR', 'REASON_TASK_INVALID', problem ?? 'invalid') });
        return;
      }
      launched.push(t);
      const task: MasterTask = { frameworkId: fw.id, agentId, role, info: t, state: 'TASK_STAGING', counted: true, pendingUuid: undefined };
      const key = taskKey(fw.id, t.taskId);
      s.tasks.set(key, task);
      fw.tasks.add(key);
      agent.tasks.add(key);
      ctx.milestone('task-launched', { taskId: t.taskId, frameworkId: fw.id, agentId, cpus: t.resources.cpus, mem: t.resources.mem });
    });
    if (launched.length > 0 && agent !== undefined) {
      ctx.tell(agent.ref, { type: 'run-tasks', master: ctx.self, frameworkId: fw.id, framework: fw.info, role, tasks: launched });
    }
  }
  if (!isEmpty(left)) {
    s.allocator.recoverResources(fw.id, agentId, role, left, refuse, ctx.now());
    }
};

const taskProblem = (s: MasterState, fw: MasterFramework, agentId: string, t: TaskInfo, left: Resources, batch: ReadonlyArray<TaskInfo>): string | undefined => {
  if (t.taskId === '') return 'task id is empty';
  if (s.tasks.has(taskKey(fw.id, t.taskId)) || s.unreachableTasks.has(taskKey(fw.id, t.taskId))) return `task ${t.taskId} already exists`;
  if (batch.filter((x) => x.taskId === t.taskId).length > 1) return `task ${t.taskId} appears twice`;
  if (t.agentId !== agentId) return `task ${t.taskId} names agent ${t.agentId}, the offer is on ${agentId}`;
  if (isEmpty(t.resources)) return `task ${t.taskId} uses no resources`;
  if (t.resources.cpus < 0 || t.resources.mem < 0 || t.resources.disk < 0) return `task ${t.taskId} has negative resources`;
  if (!contains(left, t.resources)) return `task ${t.taskId} needs more than the offer has left`;
  return undefined;
};

/** DECLINE. */
export const onDecline = (s: MasterState, ctx: MasterContext, fw: MasterFramework, offerIds: ReadonlyArray<string>, refuseMs: number | undefined): void => {
  const refuse = filterMs(s, refuseMs);
  for (const id of offerIds) {
    const o = s.offers.get(id);
    if (o !== undefined && o.frameworkId === fw.id) rescindOffer(s, ctx, id, refuse, false);
  }
};

/** `--offer_timeout` passed for an offer. */
export const onOfferTimeout = (s: MasterState, ctx: MasterContext, offerId: string): void => {
  if (s.offers.has(offerId)) {
    ctx.milestone('offer-rescinded', { offerId, why: 'offer timeout' });
    rescindOffer(s, ctx, offerId, 0);
  }
};
