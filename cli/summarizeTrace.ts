import type { TraceEvent } from '../lib/trace/index.js';

/** What `troupe trace summary` prints. */
export interface TraceSummary {
  events: number;
  firstMs: number;
  lastMs: number;
  nodes: number;
  actors: number;
  byKind: Record<string, number>;
  byType: Record<string, number>;
  byActor: Record<string, number>;
  byNode: Record<string, number>;
  dropsByReason: Record<string, number>;
  timeline: TraceEvent[];
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** Count a trace's events by kind, type, actor and node; drops by reason; keep faults and milestones. */
export const summarizeTrace = (events: ReadonlyArray<TraceEvent>): TraceSummary => {
  const s: TraceSummary = {
    events: events.length,
    firstMs: events[0]?.t ?? 0,
    lastMs: events[events.length - 1]?.t ?? 0,
    nodes: 0,
    actors: 0,
    byKind: {},
    byType: {},
    byActor: {},
    byNode: {},
    dropsByReason: {},
    timeline: [],
  };
  for (const e of events) {
    bump(s.byKind, e.kind);
    if (e.type !== undefined && (e.kind === 'send' || e.kind === 'milestone' || e.kind === 'fault')) bump(s.byType, e.type);
    // Ask replies land on one-off /$ask/N addresses: count them together.
    if (e.actor !== '') bump(s.byActor, `${e.node}:${e.actor.startsWith('/$ask/') ? '/$ask/*' : e.actor}`);
    if (e.node !== '') bump(s.byNode, e.node);
    if (e.kind === 'drop' || e.kind === 'dead-letter') bump(s.dropsByReason, e.reason ?? 'unknown');
    if (e.kind === 'fault' || e.kind === 'milestone' || e.kind === 'crash' || e.kind === 'restart') s.timeline.push(e);
  }
  s.nodes = Object.keys(s.byNode).length;
  s.actors = Object.keys(s.byActor).length;
  return s;
};
