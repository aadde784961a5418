import type { TraceEvent, TraceKind } from './TraceEvent.js';

/** One value, or an array meaning any of them. */
export type OneOrMany<A> = A | readonly A[];

/**
 * Which trace events to keep. Every given field must match (AND); a field
 * given as an array matches any of its values (OR); an empty or absent
 * filter keeps everything.
 *
 * @example
 * // messages of type Ping or Pong on node n1, from 100 ms to 200 ms
 * const f: TraceFilter = { node: 'n1', type: ['Ping', 'Pong'], fromMs: 100, toMs: 200 };
 */
export interface TraceFilter {
  /** Actor path where the event happened (`event.actor`). */
  actor?: OneOrMany<string>;
  /** Node where the event happened (`event.node`). */
  node?: OneOrMany<string>;
  /** Message type, milestone name or fault name (`event.type`). */
  type?: OneOrMany<string>;
  kind?: OneOrMany<TraceKind>;
  /** Earliest time kept, inclusive. */
  fromMs?: number;
  /** Latest time kept, inclusive. */
  toMs?: number;
}

/** A test of one string field: undefined when the filter does not constrain it. */
const oneOf = (wanted: OneOrMany<string> | undefined): ((v: string | undefined) => boolean) | undefined => {
  if (wanted === undefined) return undefined;
  if (typeof wanted === 'string') return (v) => v === wanted;
  if (wanted.length === 1) {
    const only = wanted[0];
    return (v) => v === only;
  }
  const set = new Set(wanted);
  return (v) => v !== undefined && set.has(v);
};

/**
 * Compile a filter into a predicate, once, so applying it to many events
 * only runs the checks the filter asks for.
 *
 * @example
 * const crashesOnN1 = matchTrace({ node: 'n1', kind: 'crash' });
 * events.filter(crashesOnN1);
 */
export const matchTrace = (filter: TraceFilter = {}): ((event: TraceEvent) => boolean) => {
  const checks: ((e: TraceEvent) => boolean)[] = [];
  const actor = oneOf(filter.actor);
  if (actor) checks.push((e) => actor(e.actor));
  const node = oneOf(filter.node);
  if (node) checks.push((e) => node(e.node));
  const type = oneOf(filter.type);
  if (type) checks.push((e) => type(e.type));
  const kind = oneOf(filter.kind);
  if (kind) checks.push((e) => kind(e.kind));
  const { fromMs, toMs } = filter;
  if (fromMs !== undefined) checks.push((e) => e.t >= fromMs);
  if (toMs !== undefined) checks.push((e) => e.t <= toMs);
  if (checks.length === 0) return () => true;
  return (e) => {
    for (let i = 0; i < checks.length; i++) if (!checks[i](e)) return false;
    return true;
  };
};
