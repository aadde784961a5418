import { pathRef, type ActorSystem, type Ref } from '../../lib/actor/index.js';
import type { AllocatorOptions } from './allocator/Allocator.js';
import { agentBehavior, type AgentView } from './Agent.js';
import type { Attributes } from './FrameworkInfo.js';
import { schedulerActor, type FrameworkMsg, type FrameworkView } from './frameworks/schedulerActor.js';
import type { Scheduler } from './frameworks/Scheduler.js';
import type { LeaseMsg } from './LeaseProtocol.js';
import { LeaseReplica } from './LeaseReplica.js';
import { masterBehavior } from './Master.js';
import type { MasterView } from './master/MasterState.js';
import type { MasterMsg } from './MasterProtocol.js';
import { MESOS_DEFAULTS, type MesosConfig } from './MesosConfig.js';
import { resources, type Resources } from './Resources.js';

/** One agent of a cluster. */
export interface AgentSpec {
  readonly resources?: Resources;
  readonly attributes?: Attributes;
}

/** Options of {@link bootMesosCluster}. */
export interface MesosClusterOptions {
  /** Agents: a count (each with `agentResources`) or one spec per agent. @default 3 */
  agents?: number | ReadonlyArray<AgentSpec>;
  /** Resources of each agent given by count. @default 4 cpus, 8 GB, 20 GB disk, ports 31000–32000 */
  agentResources?: Resources;
  /** Master candidates. @default 3 */
  masters?: number;
  /** Lease-store replicas. @default 3 */
  replicas?: number;
  /** @default MESOS_DEFAULTS */
  config?: MesosConfig;
  /** Allocation policy name. @default 'drf' */
  allocator?: string;
  allocatorOptions?: AllocatorOptions;
  /** Frameworks, each on its own node `fw-<name>`. @default none */
  frameworks?: ReadonlyArray<{ readonly name: string; readonly scheduler: Scheduler<unknown> }>;
}

/** Handles on a booted cluster and live views of every actor's state (for invariants, specs, /master/state). */
export interface MesosCluster {
  readonly config: MesosConfig;
  readonly replicaNodes: string[];
  readonly masterNodes: string[];
  readonly agentNodes: string[];
  readonly frameworkNodes: string[];
  readonly replicas: Array<Ref<LeaseMsg>>;
  /** Path refs of the masters (reach whichever incarnation lives there). */
  readonly masters: Array<Ref<MasterMsg>>;
  readonly frameworks: Map<string, Ref<FrameworkMsg>>;
  readonly masterViews: Map<string, MasterView>;
  readonly agentViews: Map<string, AgentView>;
  readonly frameworkViews: Map<string, FrameworkView>;
  /** The master that holds a live lease now (on an up node), if any. */
  leader(): { node: string; view: MasterView } | undefined;
  /** Every master that believes it leads now (more than one would be a bug). */
  leaders(): Array<{ node: string; view: MasterView }>;
  /** Whether a node is up. */
  isUp(node: string): boolean;
  /** Actor failures (throws) in the system so far. */
  failures(): number;
  /** Add a framework on node `fw-<name>`. */
  addFramework<S>(name: string, scheduler: Scheduler<S>): Ref<FrameworkMsg>;
}

/** Default agent size. */
export const DEFAULT_AGENT_RESOURCES: Resources = resources({ cpus: 4, mem: 8192, disk: 20_000, ports: [[31000, 32000]] });

/**
 * Boot a Mesos cluster on an actor system (simulated or live): lease-store
 * replicas on `zk1..`, master candidates on `master1..`, agents on
 * `agent1..`, frameworks on `fw-<name>`. Every node's actors are spawned by
 * its boot function, so a crashed node comes back with them.
 *
 * @example
 * const cluster = bootMesosCluster(sim.system, { agents: 5, config: FAST_MESOS, frameworks: [{ name: 'marathon', scheduler: serviceScheduler({ apps }) }] });
 * sim.runFor(10_000);
 * cluster.leader()?.view.agents.size; // 5
 */
export const bootMesosCluster = (system: ActorSystem, options: MesosClusterOptions = {}): MesosCluster => {
  const config = options.config ?? MESOS_DEFAULTS;
  const nReplicas = options.replicas ?? 3;
  const nMasters = options.masters ?? 3;
  const agentSpecs: AgentSpec[] =
    typeof options.agents === 'object' ? [...options.agents] : Array.from({ length: options.agents ?? 3 }, () => ({}));
  const replicaNodes = Array.from({ length: nReplicas }, (_, i) => `zk${i + 1}`);
  const masterNodes = Array.from({ length: nMasters }, (_, i) => `master${i + 1}`);
  const agentNodes = agentSpecs.map((_, i) => `agent${i + 1}`);
  const replicas = replicaNodes.map((n) => pathRef<LeaseMsg>(n, '/lease'));
  const masterViews = new Map<string, MasterView>();
  const agentViews = new Map<string, AgentView>();
  const frameworkViews = new Map<string, FrameworkView>();
  const frameworks = new Map<string, Ref<FrameworkMsg>>();
  const frameworkNodes: string[] = [];
  for (const n of replicaNodes) system.node(n, { boot: (node) => node.spawn(LeaseReplica, 'lease') });
  const Master = masterBehavior({
    replicas,
    config,
    allocator: options.allocator,
    allocatorOptions: options.allocatorOptions,
    onState: (node, s) => masterViews.set(node, s),
  });
  for (const n of masterNodes) system.node(n, { boot: (node) => node.spawn(Master, 'master') });
  agentSpecs.forEach((spec, i) => {
    const Agent = agentBehavior({
      hostname: agentNodes[i],
      resources: spec.resources ?? options.agentResources ?? DEFAULT_AGENT_RESOURCES,
      attributes: spec.attributes,
      replicas,
      config,
      onState: (node, s) => agentViews.set(node, s),
    });
    system.node(agentNodes[i], { boot: (node) => node.spawn(Agent, 'agent') });
  });
  const isUp = (node: string): boolean => system.allNodes().find((n) => n.name === node)?.isUp === true;
  const leaders = (): Array<{ node: string; view: MasterView }> => {
    const now = system.clock.now();
    return [...masterViews].filter(([node, v]) => isUp(node) && v.role === 'leader' && now < v.leaseUntil).map(([node, view]) => ({ node, view }));
  };
  const addFramework = <S>(name: string, scheduler: Scheduler<S>): Ref<FrameworkMsg> => {
    const node = `fw-${name}`;
    const behavior = schedulerActor(scheduler, { replicas, config, onState: (n, s) => frameworkViews.set(n, s) });
    system.node(node, { boot: (n) => n.spawn(behavior, 'scheduler') });
    const ref = pathRef<FrameworkMsg>(node, '/scheduler');
    frameworks.set(name, ref);
    frameworkNodes.push(node);
    return ref;
  };
  for (const f of options.frameworks ?? []) addFramework(f.name, f.scheduler);
  return {
    config,
    replicaNodes,
    masterNodes,
    agentNodes,
    frameworkNodes,
    replicas,
    masters: masterNodes.map((n) => pathRef<MasterMsg>(n, '/master')),
    frameworks,
    masterViews,
    agentViews,
    frameworkViews,
    leader: () => leaders()[0],
    leaders,
    isUp,
    failures: () => system.failures,
    addFramework,
  };
};
