import type { NemesisStep, Scenario } from '../lib/sim/index.js';
import type { TraceEvent } from '../lib/trace/index.js';
import { mesosScenarios } from '../actors/mesos/index.js';
import { redisScenarios } from '../actors/redis/index.js';
import { kubernetesScenarios } from '../actors/kubernetes/index.js';

/** One stop of the guided tour: an architecture of the source text, shown by a scenario. */
export interface TourStop {
  /** Short name, also the trace file's name. */
  readonly id: string;
  readonly title: string;
  /** What the source text says about this architecture, in two lines. */
  readonly blurb: string;
  readonly scenario: Scenario<unknown>;
  readonly durationMs: number;
  /** Faults on top of (or instead of) the scenario's own. */
  readonly nemesis?: ReadonlyArray<NemesisStep>;
  /** Milestone and fault names not worth a line in the timeline. */
  readonly quiet: ReadonlySet<string>;
  /** At most this many lines per milestone name (the rest are counted). @default 4 */
  readonly perType?: number;
  /** Which events share one cap (default: the milestone or fault name). */
  readonly capKey?: (e: TraceEvent) => string;
  /** A line for an event, '' to leave it out, or undefined for the default description. */
  readonly narrate?: (e: TraceEvent) => string | undefined;
}

const byName = (list: ReadonlyArray<Scenario<unknown>>, name: string): Scenario<unknown> => {
  const s = list.find((x) => x.name === name);
  if (s === undefined) throw new Error(`tour: scenario ${name} is missing`);
  return s;
};

const mesos: TourStop = {
  id: 'mesos',
  title: 'Mesos — two-level scheduling',
  blurb:
    'The master only manages and offers raw resources; frameworks (a Marathon-like service, a Spark-like job)\n' +
    'decide what runs where. Agents run the tasks and report their resources and state to the master.',
  scenario: byName(mesosScenarios as ReadonlyArray<Scenario<unknown>>, 'mesos-offers'),
  durationMs: 40_000,
  nemesis: [
    { atMs: 3_000, fault: { type: 'crash', node: 'agent2' } },
    { atMs: 20_000, fault: { type: 'restart', node: 'agent2' } },
  ],
  quiet: new Set(['offer-made', 'framework-suppressed', 'framework-revived']),
  perType: 3,
  capKey: (e) => `${e.type}:${String((e.data as Record<string, unknown> | undefined)?.frameworkId ?? '')}`,
  narrate: mesosNarrator(),
};

/** Sentences for Mesos milestones; remembers framework and agent names from earlier events. */
function mesosNarrator(): (e: TraceEvent) => string | undefined {
  const frameworks = new Map<string, string>();
  const agents = new Map<string, string>();
  return (e) => {
    const d = (e.data ?? {}) as Record<string, unknown>;
    const at = `t=${(e.t / 1000).toFixed(3)}s`.padEnd(11);
    const fw = (): string => frameworks.get(String(d.frameworkId)) ?? String(d.frameworkId);
    const agent = (): string => agents.get(String(d.agentId)) ?? String(d.agentId);
    switch (e.type) {
      case 'leader-elected':
        return `${at} ★ ${e.node} elected leading master (epoch ${d.epoch})`;
      case 'framework-subscribed':
        frameworks.set(String(d.frameworkId), String(d.name));
        return `${at} ★ framework ${d.name} subscribed to the master`;
      case 'agent-registered':
        agents.set(String(d.agentId), String(d.hostname));
        return `${at} ★ ${d.hostname} ${d.reregistered ? `re-registered with ${d.tasks} task(s)` : 'registered its resources with the master'}`;
      case 'task-launched':
        return `${at} ★ ${fw()} accepted an offer: task ${d.taskId} on ${agent()} (${d.cpus} cpu, ${d.mem} MB)`;
      case 'agent-unreachable':
        return `${at} ★ master marks ${agent()} unreachable (${d.why})`;
      case 'task-state':
        // RUNNING and FINISHED are the normal course; show the others.
        if (d.state === 'TASK_RUNNING' || d.state === 'TASK_FINISHED' || d.state === 'TASK_STARTING') return '';
        return `${at} ★ ${fw()}'s task ${d.taskId} on ${agent()}: ${d.state}`;
      case 'job-completed':
        return `${at} ★ ${e.node.replace(/^fw-/, '')} job ${d.jobId} completed: ${d.finished} tasks finished, ${d.failed} failed`;
      default:
        return undefined;
    }
  };
}

/** Sentences for Redis Cluster milestones; remembers node ids → addresses. */
function redisNarrator(): (e: TraceEvent) => string | undefined {
  const addr = new Map<string, string>();
  return (e) => {
    const d = (e.data ?? {}) as Record<string, unknown>;
    const at = `t=${(e.t / 1000).toFixed(3)}s`.padEnd(11);
    const name = (id: unknown): string => addr.get(String(id))?.replace('127.0.0.1:', ':') ?? String(id).slice(0, 8);
    switch (e.type) {
      case 'redis-node-started':
        addr.set(String(d.node), String(d.addr));
        return e.t === 0 ? '' : `${at} ★ ${name(d.node)} (server ${e.node}) is back, still believing it is a ${d.role}`;
      case 'full-resync':
        return e.t < 1000 ? '' : `${at} ★ replica ${name(d.node)} full resync from ${name(d.master)}: ${d.keys} keys at offset ${d.offset}`;
      case 'pfail':
        return `${at} ★ ${name(d.observer)} has had no pong from ${name(d.node)} for node_timeout: PFAIL`;
      case 'fail':
        return `${at} ★ ${name(d.observer)} marks ${name(d.node)} FAIL (${d.reports} of ${d.quorum} masters needed agree) and broadcasts it`;
      case 'election-scheduled':
        return `${at} ★ replica ${name(d.node)} schedules its election in ${d.delayMs} ms (rank ${d.rank}, offset ${d.offset})`;
      case 'election-started':
        return `${at} ★ replica ${name(d.node)} asks the masters for votes, epoch ${d.epoch}`;
      case 'vote-granted':
        return `${at} ★ master ${name(d.voter)} votes for ${name(d.candidate)} (epoch ${d.epoch})`;
      case 'promoted':
        return `${at} ★ replica ${name(d.node)} promoted to master, configEpoch ${d.configEpoch}`;
      case 'slot-owner-changed':
        return `${at} ★ slots ${(d.slots as string[] | undefined)?.join(',') ?? '?'} now served by ${name(d.node)}`;
      case 'replicating':
        return `${at} ★ the old master ${name(d.node)} rejoins as a replica of ${name(d.master)}`;
      default:
        return undefined;
    }
  };
}

const redis: TourStop = {
  id: 'redis',
  title: 'Redis Cluster — decentralized',
  blurb:
    'All nodes are peers: each server runs a master and a replica of another server\'s master; 16384 hash slots\n' +
    '(CRC16(key) mod 16384) are spread over the masters. Nodes gossip, detect a failed master, and promote its replica.',
  scenario: byName(redisScenarios as ReadonlyArray<Scenario<unknown>>, 'redis-failover'),
  durationMs: 40_000,
  quiet: new Set(['cluster-state']),
  perType: 3,
  narrate: redisNarrator(),
};

/** Sentences for Kubernetes milestones. */
function kubernetesNarrator(): (e: TraceEvent) => string | undefined {
  return (e) => {
    const d = (e.data ?? {}) as Record<string, unknown>;
    const at = `t=${(e.t / 1000).toFixed(3)}s`.padEnd(11);
    const pod = (): string => String(d.pod).replace(/^default\//, '');
    switch (e.type) {
      case 'node-registered':
        return `${at} ★ the kubelet of ${d.node} registers its Node with the API server`;
      case 'pod-bound':
        return `${at} ★ scheduler binds pod ${pod()} to ${d.node}`;
      case 'rollout-complete':
        return `${at} ★ deployment ${String(d.deployment).replace(/^default\//, '')} rollout complete (revision ${d.revision})`;
      case 'node-not-ready':
        return `${at} ★ node lifecycle controller: ${d.node} Ready=${d.status} (no Lease renewal within the 40 s grace period)`;
      case 'pod-evicted':
        return `${at} ★ pod ${pod()} evicted from ${d.node} (NoExecute taint, tolerationSeconds 300 elapsed)`;
      default:
        return undefined;
    }
  };
}

const kubernetes: TourStop = {
  id: 'kubernetes',
  title: 'Kubernetes — centralized (Borg\'s open-source descendant)',
  blurb:
    'The API server is the entry point of every operation, the scheduler picks a node for each pod from its needs\n' +
    'and the nodes\' free resources, controllers keep the desired state, kubelets run the pods and report back.',
  scenario: byName(kubernetesScenarios as ReadonlyArray<Scenario<unknown>>, 'k8s-node-failure'),
  durationMs: 420_000,
  quiet: new Set(['apiserver-ready', 'cluster-bootstrapped', 'container-started', 'pod-running', 'crash-loop-backoff']),
  perType: 8,
  narrate: kubernetesNarrator(),
};

/** The stops, in the order the source text presents the architectures. */
export const tourStops = (): TourStop[] => [kubernetes, mesos, redis];
