import { add, EMPTY, type Resources } from '../Resources.js';
import type { MasterState } from './MasterState.js';

/** Resources as /master/state shows them (Mesos prints ports as a range string). */
export interface ResourcesJson {
  cpus: number;
  mem: number;
  disk: number;
  ports: string;
}

/** A task in the snapshot. */
export interface TaskJson {
  id: string;
  name: string;
  framework_id: string;
  slave_id: string;
  state: string;
  role: string;
  resources: ResourcesJson;
}

/**
 * A JSON-ready picture of a master, shaped like Mesos' `/master/state`
 * (snake_case, agents called `slaves`).
 */
export interface MasterSnapshot {
  leader: boolean;
  epoch: number;
  hostname: string;
  time_ms: number;
  activated_slaves: number;
  recovering_slaves: string[];
  slaves: Array<{
    id: string;
    hostname: string;
    active: boolean;
    attributes: Record<string, string>;
    resources: ResourcesJson;
    used_resources: ResourcesJson;
    offered_resources: ResourcesJson;
  }>;
  frameworks: Array<{
    id: string;
    name: string;
    roles: string[];
    active: boolean;
    connected: boolean;
    failover_timeout: number;
    tasks: TaskJson[];
    offers: Array<{ id: string; slave_id: string; role: string; resources: ResourcesJson }>;
  }>;
  completed_frameworks: string[];
  unreachable_tasks: TaskJson[];
}

/** Resources to their /master/state form. */
export const resourcesJson = (r: Resources): ResourcesJson => ({
  cpus: r.cpus,
  mem: r.mem,
  disk: r.disk,
  ports: r.ports.length === 0 ? '' : `[${r.ports.map(([a, b]) => `${a}-${b}`).join(', ')}]`,
});

/** Take a snapshot of a master's state. */
export const masterSnapshot = (s: MasterState, now: number): MasterSnapshot => {
  const taskJson = (t: MasterState['tasks'] extends Map<string, infer T> ? T : never): TaskJson => ({
    id: t.info.taskId,
    name: t.info.name,
    framework_id: t.frameworkId,
    slave_id: t.agentId,
    state: t.state,
    role: t.role,
    resources: resourcesJson(t.info.resources),
  });
  const leader = s.role === 'leader' && now < s.leaseUntil;
  const used = new Map<string, Resources>();
  const offered = new Map<string, Resources>();
  for (const t of s.tasks.values()) if (t.counted) used.set(t.agentId, add(used.get(t.agentId) ?? EMPTY, t.info.resources));
  for (const o of s.offers.values()) offered.set(o.agentId, add(offered.get(o.agentId) ?? EMPTY, o.resources));
  return {
    leader,
    epoch: s.epoch,
    hostname: '',
    time_ms: now,
    activated_slaves: leader ? s.agents.size : 0,
    recovering_slaves: leader ? [...s.recovering] : [],
    slaves: leader
      ? [...s.agents.values()].map((a) => ({
          id: a.id,
          hostname: a.hostname,
          active: true,
          attributes: a.attributes,
          resources: resourcesJson(a.total),
          used_resources: resourcesJson(used.get(a.id) ?? EMPTY),
          offered_resources: resourcesJson(offered.get(a.id) ?? EMPTY),
        }))
      : [],
    frameworks: leader
      ? [...s.frameworks.values()].map((f) => ({
          id: f.id,
          name: f.info.name,
          roles: f.info.roles,
          active: f.connected,
          connected: f.connected,
          failover_timeout: f.info.failoverTimeoutMs / 1000,
          tasks: [...f.tasks].map((k) => s.tasks.get(k)).filter((t) => t !== undefined).map(taskJson),
          offers: [...f.offers].map((id) => s.offers.get(id)).filter((o) => o !== undefined).map((o) => ({ id: o.id, slave_id: o.agentId, role: o.role, resources: resourcesJson(o.resources) })),
        }))
      : [],
    completed_frameworks: leader ? [...s.completedFrameworks] : [],
    unreachable_tasks: leader ? [...s.unreachableTasks.values()].map(taskJson) : [],
  };
};
