import type { NemesisStep, Scenario } from '../lib/sim/index.js';
import type { TraceEvent } from '../lib/trace/index.js';
import { mesosScenarios } from '../actors/mesos/index.js';

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

/** The stops, in the order the source text presents the architectures. */
export const tourStops = (): TourStop[] => [mesos];
