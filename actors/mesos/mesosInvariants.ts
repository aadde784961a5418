import type { MesosCluster } from './MesosCluster.js';
import { add, contains, dominantShare, EMPTY, formatResources, sum, type Resources } from './Resources.js';
import { isTerminal } from './TaskState.js';

/** A named check over a running cluster: `true`/`undefined` when it holds, else why not. */
export interface MesosInvariant {
  readonly name: string;
  readonly check: () => boolean | string | undefined;
  readonly everyMs?: number;
}

/**
 * Safety invariants checked after every event:
 * - no resource is offered or used twice: on every live agent, what its
 *   tasks use plus what a leading master offers there fits in its total, and
 *   no agent ever had to refuse a launch for lack of room;
 * - at most one master believes it leads.
 *
 * @example
 * for (const inv of mesosSafetyInvariants(cluster)) sim.invariant(inv.name, inv.check);
 */
export const mesosSafetyInvariants = (cluster: MesosCluster): MesosInvariant[] => [
  {
    name: 'offered + used ≤ capacity on every agent',
    check: () => {
      // Plain numbers, no allocation: this runs after every simulation event.
      const offered = new Map<string, { cpus: number; mem: number; disk: number }>();
      for (const { view } of cluster.leaders()) {
        for (const o of view.offers.values()) {
          const x = offered.get(o.agentId) ?? { cpus: 0, mem: 0, disk: 0 };
          x.cpus += o.resources.cpus;
          x.mem += o.resources.mem;
          x.disk += o.resources.disk;
          offered.set(o.agentId, x);
        }
      }
      for (const [node, agent] of cluster.agentViews) {
        if (!cluster.isUp(node)) continue;
        if (agent.overcommits > 0) return `${node} refused ${agent.overcommits} launches for lack of room`;
        const x = { ...(offered.get(agent.cp.agentId ?? '') ?? { cpus: 0, mem: 0, disk: 0 }) };
        for (const t of agent.cp.tasks.values()) {
          if (isTerminal(t.state)) continue;
          x.cpus += t.info.resources.cpus;
          x.mem += t.info.resources.mem;
          x.disk += t.info.resources.disk;
        }
        const cap = agent.resources;
        if (x.cpus > cap.cpus + 1e-6 || x.mem > cap.mem + 1e-6 || x.disk > cap.disk + 1e-6) {
          return `${node} (${agent.cp.agentId}): used + offered cpus ${x.cpus} mem ${x.mem} disk ${x.disk} > ${formatResources(cap)}`;
        }
      }
      return true;
    },
  },
  {
    name: 'no actor ever fails (a throw in a handler is a bug)',
    check: () => cluster.failures() === 0 || `${cluster.failures()} actor failures`,
  },
  {
    name: 'at most one leading master',
    check: () => {
      const l = cluster.leaders();
      return l.length <= 1 || `leaders: ${l.map((x) => `${x.node}(epoch ${x.view.epoch})`).join(', ')}`;
    },
  },
];

/**
 * Final checks after a quiet period (no faults, every node up, healed):
 * every task a live framework launched has ended or is known non-terminal on
 * an agent (reconciled), and no agent still holds an unacknowledged update of
 * a framework that is subscribed.
 */
export const mesosConvergenceProblems = (cluster: MesosCluster): string[] => {
  const problems: string[] = [];
  const onAgents = new Map<string, string>();
  for (const [node, agent] of cluster.agentViews) {
    if (!cluster.isUp(node)) continue;
    for (const [key, t] of agent.cp.tasks) onAgents.set(key, t.state);
  }
  for (const [node, fw] of cluster.frameworkViews) {
    if (!cluster.isUp(node) || fw.finished !== undefined || fw.frameworkId === undefined) continue;
    if (!fw.subscribed) {
      problems.push(`${node} is not subscribed at the end`);
      continue;
    }
    for (const [taskId, t] of fw.tasks) {
      if (isTerminal(t.state)) continue;
      const there = onAgents.get(`${fw.frameworkId}/${taskId}`);
      if (there === undefined) problems.push(`${node}: task ${taskId} is ${t.state} for its framework but no agent runs it`);
      else if (isTerminal(there as never)) problems.push(`${node}: task ${taskId} is ${t.state} for its framework but ${there} on its agent`);
    }
  }
  const subscribed = new Set([...cluster.frameworkViews].filter(([n, f]) => cluster.isUp(n) && f.subscribed).map(([, f]) => f.frameworkId));
  for (const [node, agent] of cluster.agentViews) {
    if (!cluster.isUp(node)) continue;
    for (const [key, q] of agent.cp.updates) if (q.length > 0 && subscribed.has(q[0].frameworkId)) problems.push(`${node}: update ${q[0].state} of ${key} never acknowledged`);
  }
  return problems.slice(0, 10);
};

/**
 * DRF fairness between roles: the largest gap between the dominant shares of
 * the tasks each role runs (on the leader's books), to compare with one
 * task's share.
 */
export const roleShareGap = (cluster: MesosCluster, roles: ReadonlyArray<string>): number => {
  const leader = cluster.leader();
  if (leader === undefined) return 0;
  const total = sum([...leader.view.agents.values()].map((a) => a.total));
  const used = new Map<string, Resources>(roles.map((r) => [r, EMPTY]));
  for (const t of leader.view.tasks.values()) if (t.counted && used.has(t.role)) used.set(t.role, add(used.get(t.role)!, t.info.resources));
  const shares = [...used.values()].map((r) => dominantShare(r, total));
  return Math.max(...shares) - Math.min(...shares);
};
