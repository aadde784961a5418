import { defineScenario, generateNemesis, registerFault, type NemesisStep, type Scenario, type Simulation } from '../../lib/sim/index.js';
import { bootMesosCluster, type MesosCluster } from './MesosCluster.js';
import { FAST_MESOS } from './MesosConfig.js';
import { mesosConvergenceProblems, mesosSafetyInvariants, roleShareGap } from './mesosInvariants.js';
import { batchScheduler, type BatchState } from './frameworks/BatchScheduler.js';
import type { Scheduler } from './frameworks/Scheduler.js';
import { serviceScheduler } from './frameworks/ServiceScheduler.js';
import { resources } from './Resources.js';
import { isTerminal } from './TaskState.js';

const clusters = new WeakMap<Simulation, MesosCluster>();

/** Boot a cluster and remember it, so the `crash-mesos-leader` fault can find the leader. */
const boot = (sim: Simulation, options: Parameters<typeof bootMesosCluster>[1]): MesosCluster => {
  const cluster = bootMesosCluster(sim.system, { config: FAST_MESOS, ...options });
  clusters.set(sim, cluster);
  return cluster;
};

// Crash whichever master leads at that moment (it restarts as a standby after `downMs`, if given).
registerFault('crash-mesos-leader', (sim, fault) => {
  const leader = clusters.get(sim)?.leader();
  if (leader === undefined) {
    sim.system.fault('', 'crash-mesos-leader', 'no leader to crash');
    return;
  }
  sim.crash(leader.node);
  const downMs = typeof fault.downMs === 'number' ? fault.downMs : undefined;
  if (downMs !== undefined) sim.at(sim.now() + downMs, { type: 'restart', node: leader.node });
});

const asAny = <S>(s: Scheduler<S>): Scheduler<unknown> => s as unknown as Scheduler<unknown>;
const web = (instances: number) => ({ id: 'web', instances, resources: resources({ cpus: 1, mem: 256 }), constraints: [['hostname', 'UNIQUE']] as const });
const safety = (_sim: Simulation, world: MesosCluster) => mesosSafetyInvariants(world);
const running = (world: MesosCluster, node: string): string[] =>
  [...(world.frameworkViews.get(node)?.tasks ?? [])].filter(([, t]) => t.state === 'TASK_RUNNING').map(([id]) => id).sort();
const sparkDone = (world: MesosCluster): BatchState | undefined => world.frameworkViews.get('fw-spark')?.user as BatchState | undefined;

/** Two frameworks share four agents through offers: a service keeps 4 instances while a batch job of 30 tasks runs to completion. */
export const mesosOffersScenario = defineScenario({
  name: 'mesos-offers',
  description: 'a Marathon-like service and a Spark-like job share 4 agents through DRF offers',
  durationMs: 30_000,
  simulation: { network: { link: { fifo: true } } },
  setup: (sim) =>
    boot(sim, {
      agents: 4,
      frameworks: [
        { name: 'marathon', scheduler: asAny(serviceScheduler({ apps: [web(4)] })) },
        { name: 'spark', scheduler: asAny(batchScheduler({ job: { id: 'pi', tasks: 30, resources: resources({ cpus: 1, mem: 512 }), command: 'sleep 2' } })) },
      ],
    }),
  invariants: safety,
  check: (_sim, world) => {
    const p: string[] = [];
    if (running(world, 'fw-marathon').length !== 4) p.push(`web runs ${running(world, 'fw-marathon').length} instances, not 4`);
    const job = sparkDone(world);
    if (job?.done !== true || job.finished.size !== 30) p.push(`job not completed: ${job?.finished.size ?? 0}/30 finished`);
    return [...p, ...mesosConvergenceProblems(world)];
  },
});

/** An agent dies: its tasks become unreachable, the service relaunches them elsewhere; when the agent returns the surplus is killed. */
export const mesosAgentLossScenario = defineScenario({
  name: 'mesos-agent-loss',
  description: 'an agent crashes for 15 s; its service instance is replaced, then the surplus killed when it returns',
  durationMs: 40_000,
  simulation: { network: { link: { fifo: true } } },
  setup: (sim) => boot(sim, { agents: 4, frameworks: [{ name: 'marathon', scheduler: asAny(serviceScheduler({ apps: [web(3)] })) }] }),
  nemesis: () => [
    { atMs: 8000, fault: { type: 'crash', node: 'agent1' } },
    { atMs: 23_000, fault: { type: 'restart', node: 'agent1' } },
  ],
  invariants: safety,
  check: (_sim, world) => {
    const p: string[] = [];
    const live = [...world.agentViews.values()].flatMap((a) => [...a.cp.tasks.values()].filter((t) => !isTerminal(t.state)));
    if (live.length !== 3) p.push(`${live.length} instances run on agents, not 3`);
    if (running(world, 'fw-marathon').length !== 3) p.push(`marathon sees ${running(world, 'fw-marathon').length} running, not 3`);
    return [...p, ...mesosConvergenceProblems(world)];
  },
});

/** The leading master crashes; a standby takes the lease, agents and frameworks re-register, and no task is lost. */
export const mesosMasterFailoverScenario = defineScenario({
  name: 'mesos-master-failover',
  description: 'the leading master crashes twice; the tasks running before are the tasks running after',
  durationMs: 30_000,
  simulation: { network: { link: { fifo: true } } },
  setup: (sim) => {
    const world = boot(sim, { agents: 4, frameworks: [{ name: 'marathon', scheduler: asAny(serviceScheduler({ apps: [web(4)] })) }] });
    const before: string[] = [];
    sim.clock.schedule(() => before.push(...running(world, 'fw-marathon')), 7900);
    return Object.assign(world, { before });
  },
  nemesis: () => [
    { atMs: 8000, fault: { type: 'crash-mesos-leader', downMs: 5000 } },
    { atMs: 16_000, fault: { type: 'crash-mesos-leader', downMs: 5000 } },
  ],
  invariants: (_sim, world) => mesosSafetyInvariants(world),
  check: (_sim, world) => {
    const p: string[] = [];
    const after = running(world, 'fw-marathon');
    if (world.before.length !== 4) p.push(`only ${world.before.length} instances ran before the fail-over`);
    if (after.join(',') !== world.before.join(',')) p.push(`tasks changed across fail-over: before ${world.before.join(',')} after ${after.join(',')}`);
    const lost = [...(world.frameworkViews.get('fw-marathon')?.tasks ?? [])].filter(([, t]) => isTerminal(t.state));
    if (lost.length > 0) p.push(`tasks ended: ${lost.map(([id, t]) => `${id}:${t.state}`).join(', ')}`);
    if ((world.leader()?.view.epoch ?? 0) < 3) p.push(`expected a third leader, epoch is ${world.leader()?.view.epoch}`);
    return [...p, ...mesosConvergenceProblems(world)];
  },
});

/** A framework that stays away past its failover timeout is removed and its tasks killed; one that returns in time keeps them. */
export const mesosFrameworkFailoverScenario = defineScenario({
  name: 'mesos-framework-failover',
  description: 'framework "short" (3 s failover timeout) is down 8 s and removed; "long" (20 s) is down 8 s and keeps its tasks',
  durationMs: 30_000,
  simulation: { network: { link: { fifo: true } } },
  setup: (sim) =>
    boot(sim, {
      agents: 4,
      frameworks: [
        { name: 'short', scheduler: asAny(serviceScheduler({ apps: [web(2)], info: { name: 'short', failoverTimeoutMs: 3000 } })) },
        { name: 'long', scheduler: asAny(serviceScheduler({ apps: [web(2)], info: { name: 'long', failoverTimeoutMs: 20_000 } })) },
      ],
    }),
  nemesis: () => [
    { atMs: 8000, fault: { type: 'crash', node: 'fw-short' } },
    { atMs: 8000, fault: { type: 'crash', node: 'fw-long' } },
    { atMs: 16_000, fault: { type: 'restart', node: 'fw-short' } },
    { atMs: 16_000, fault: { type: 'restart', node: 'fw-long' } },
  ],
  invariants: safety,
  check: (_sim, world) => {
    const p: string[] = [];
    const short = world.frameworkViews.get('fw-short');
    const long = world.frameworkViews.get('fw-long');
    const onAgents = (fid: string | undefined): number =>
      [...world.agentViews.values()].flatMap((a) => [...a.cp.tasks.values()]).filter((t) => t.frameworkId === fid && !isTerminal(t.state)).length;
    if (short?.finished === undefined) p.push('framework "short" was not told it had been removed');
    if (onAgents(short?.frameworkId) !== 0) p.push(`framework "short" still has ${onAgents(short?.frameworkId)} tasks on agents`);
    if (long?.subscribed !== true) p.push('framework "long" did not resubscribe');
    if (running(world, 'fw-long').length !== 2 || onAgents(long?.frameworkId) !== 2) p.push(`framework "long" runs ${onAgents(long?.frameworkId)} tasks, not 2`);
    return [...p, ...mesosConvergenceProblems(world)];
  },
});

/** Two equal-weight roles compete for a full cluster: their dominant shares stay within one task's share. */
export const mesosDrfScenario = defineScenario({
  name: 'mesos-drf',
  description: 'two batch frameworks in roles a and b (weight 1) saturate 4 agents; shares stay within one task',
  durationMs: 20_000,
  simulation: { network: { link: { fifo: true } } },
  setup: (sim) => {
    const job = (id: string) => ({ id, tasks: 40, resources: resources({ cpus: 1, mem: 512 }), command: 'sleep 1000' });
    // No disk: offers carry every free resource of an agent, and a disk-heavy offer would weigh as much as the tasks.
    const world = boot(sim, { agents: 4, agentResources: resources({ cpus: 4, mem: 8192 }) });
    // Both frameworks arrive together once the agents are in: from then on they compete for every offer.
    sim.clock.schedule(() => {
      world.addFramework('a', batchScheduler({ job: job('a'), info: { name: 'a', roles: ['a'] }, maxLaunchesPerOffer: 1, declineRefuseMs: 0 }));
      world.addFramework('b', batchScheduler({ job: job('b'), info: { name: 'b', roles: ['b'] }, maxLaunchesPerOffer: 1, declineRefuseMs: 0 }));
    }, 3000);
    return world;
  },
  invariants: (sim, world) => [
    ...mesosSafetyInvariants(world),
    {
      name: 'equal-weight roles within one task share (once the cluster is full)',
      everyMs: 500,
      check: () => (sim.now() < 8000 ? true : roleShareGap(world, ['a', 'b']) <= 1 / 16 + 1e-9 || `share gap ${roleShareGap(world, ['a', 'b']).toFixed(4)} > one task (0.0625)`),
    },
  ],
  check: (_sim, world) => {
    const used = [...(world.leader()?.view.tasks.values() ?? [])].filter((t) => t.counted).length;
    return used === 16 ? [] : [`cluster not full: ${used} of 16 task slots used`];
  },
});

/** Everything breaks: agents, masters, replicas and framework nodes crash, the network partitions; then 25 s of calm to converge. */
export const mesosChaosScenario = defineScenario({
  name: 'mesos-chaos',
  description: 'crashes of every kind of node, partitions and leader crashes for 25 s, then 17 s of calm: safety always, convergence at the end',
  durationMs: 45_000,
  simulation: { network: { link: { fifo: true } } },
  setup: (sim) =>
    boot(sim, {
      agents: 5,
      frameworks: [
        { name: 'marathon', scheduler: asAny(serviceScheduler({ apps: [web(3), { id: 'api', instances: 2, resources: resources({ cpus: 0.5, mem: 512 }) }] })) },
        { name: 'spark', scheduler: asAny(batchScheduler({ job: { id: 'etl', tasks: 40, resources: resources({ cpus: 1, mem: 1024 }), command: 'sleep 3' }, info: { name: 'spark', failoverTimeoutMs: 600_000 } })) },
      ],
    }),
  nemesis: (sim, world) => {
    const random = sim.random.fork('mesos-chaos');
    const nodes = [...world.agentNodes, ...world.masterNodes, ...world.replicaNodes, ...world.frameworkNodes];
    const leaderCrashes = [0, 1, 2].filter(() => random.bool(0.6)).map((i) => ({ atMs: random.int(3000 + i * 8000, 10_000 + i * 8000), fault: { type: 'crash-mesos-leader', downMs: random.int(1000, 6000) } }));
    return [
      ...leaderCrashes,
      ...generateChaos(sim, nodes),
    ].sort((a, b) => a.atMs - b.atMs);
  },
  invariants: safety,
  check: (_sim, world) => mesosConvergenceProblems(world),
});

const generateChaos = (sim: Simulation, nodes: string[]): NemesisStep[] =>
  generateNemesis(sim.random.fork('nemesis'), {
    nodes,
    durationMs: 25_000,
    startMs: 3000,
    crashesPerMin: 8,
    meanDowntimeMs: 4000,
    partitionsPerMin: 4,
    meanPartitionMs: 3000,
    maxDown: 3,
  });

/** Every Mesos scenario, by name. */
export const mesosScenarios: ReadonlyArray<Scenario<MesosCluster>> = [
  mesosOffersScenario,
  mesosAgentLossScenario,
  mesosMasterFailoverScenario as unknown as Scenario<MesosCluster>,
  mesosFrameworkFailoverScenario,
  mesosDrfScenario,
  mesosChaosScenario,
];
