import type { Simulation } from '../../../lib/sim/index.js';
import { bootMesosCluster, type MesosCluster, type MesosClusterOptions } from '../../../actors/mesos/MesosCluster.js';
import { FAST_MESOS } from '../../../actors/mesos/MesosConfig.js';
import { frameworkInfo, type FrameworkInfo, type Offer } from '../../../actors/mesos/FrameworkInfo.js';
import type { Scheduler, SchedulerDriver } from '../../../actors/mesos/frameworks/Scheduler.js';
import type { TaskStatus } from '../../../actors/mesos/TaskInfo.js';

/** What a recording framework saw. */
export interface Recorder {
  readonly offers: Offer[];
  readonly updates: TaskStatus[];
  readonly rescinds: string[];
  readonly errors: string[];
  /** Run `f` with the framework's driver, inside the framework actor, then let the simulation run `ms`. */
  act(f: (d: SchedulerDriver) => void, ms?: number): void;
  states(taskId: string): string[];
}

/**
 * A framework for specs: it records every event and does nothing by itself;
 * the test drives it through `act`, which runs inside the actor (a command
 * message carrying a function: the simulation passes messages by reference).
 */
export const recordingFramework = (sim: Simulation, cluster: MesosCluster, name: string, info: Partial<FrameworkInfo> = {}): Recorder => {
  const rec = { offers: [] as Offer[], updates: [] as TaskStatus[], rescinds: [] as string[], errors: [] as string[] };
  const scheduler: Scheduler<null> = {
    info: frameworkInfo({ name, ...info }),
    init: () => null,
    offers: (s, offers) => (rec.offers.push(...offers), s),
    update: (s, status) => (rec.updates.push(status), s),
    rescind: (s, id) => (rec.rescinds.push(id), s),
    error: (s, m) => (rec.errors.push(m), s),
    command: (s, cmd, d) => ((cmd as (d: SchedulerDriver) => void)(d), s),
  };
  const ref = cluster.addFramework(name, scheduler);
  return {
    ...rec,
    act: (f, ms = 50) => {
      sim.tell(ref, {
        type: 'command',
        command: (d: SchedulerDriver) => {
          f(d);
        },
      });
      sim.runFor(ms);
    },
    states: (taskId) => rec.updates.filter((u) => u.taskId === taskId).map((u) => u.state),
  };
};

/** A fast cluster (FAST_MESOS timers) with 2 agents and no framework, run until a leader has both agents. */
export const fastCluster = (sim: Simulation, options: MesosClusterOptions = {}): MesosCluster => {
  const cluster = bootMesosCluster(sim.system, { agents: 2, config: FAST_MESOS, ...options });
  const n = typeof options.agents === 'number' ? options.agents : (options.agents?.length ?? 2);
  sim.runUntil(() => (cluster.leader()?.view.agents.size ?? 0) === n, 10_000);
  return cluster;
};
