import type { TraceEvent } from './TraceEvent.js';
import { matchTrace, type TraceFilter } from './TraceFilter.js';

/** Options of {@link toShiViz}. */
export interface ToShiVizOptions {
  /**
   * Export only events matching this filter. Vector clocks are computed over
   * the exported events only, so the log stays self-consistent (a deliver
   * whose send was filtered out merges nothing). @default {} (all)
   */
  filter?: TraceFilter;
  /** One ShiViz host per actor (`node:path`) or per node. @default 'actor' */
  hosts?: 'actor' | 'node';
}

/** The defaults of {@link ToShiVizOptions}. */
export const TO_SHIVIZ_DEFAULTS: Required<ToShiVizOptions> = {
  filter: {},
  hosts: 'actor',
};

/**
 * The parser regex ShiViz is given on the first line of the file: each event
 * is a description line, then a `host {"host":n,…}` line.
 */
export const SHIVIZ_REGEX = '(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})';

/** A vector clock: host → count of that host's events known. */
type Clock = Map<string, number>;

/** The clock as JSON with sorted keys, so the output does not depend on merge order. */
const clockJson = (clock: Clock): string =>
  '{' +
  [...clock.keys()]
    .sort()
    .map((host) => `${JSON.stringify(host)}:${clock.get(host)}`)
    .join(',') +
  '}';

/** One line, never of the form `word {…}` (which the regex would take for a host line). */
const describe = (e: TraceEvent): string => {
  let s = `#${e.seq} t=${e.t} ${e.kind}`;
  if (e.type !== undefined) s += ` ${e.type}`;
  if (e.kind === 'send' && e.to !== undefined) s += ` to ${e.toNode ?? e.node}:${e.to}`;
  if (e.kind === 'deliver' && e.from !== undefined) s += ` from ${e.fromNode ?? ''}:${e.from}`;
  if (e.msg !== undefined) s += ` msg=${e.msg}`;
  if (e.reason !== undefined) s += ` reason=${e.reason}`;
  if (e.detail !== undefined) s += ` detail=${e.detail}`;
  if (e.data !== undefined) s += ` data=${JSON.stringify(e.data)}`;
  return s.replace(/[\r\n]+/g, ' ');
};

/**
 * Export a trace to ShiViz (https://bestchai.bitbucket.io/shiviz/), which
 * draws the space-time diagram of a distributed run from vector clocks.
 *
 * The text is a ShiViz log file: the parser regex ({@link SHIVIZ_REGEX}) on
 * the first line, an empty second line (no multi-execution delimiter), then
 * two lines per event: its description, and `host clock`. Hosts are actors
 * (`node:path`, whitespace replaced by `_`). Only events with an actor are
 * exported: outside code and cluster-wide faults have no host.
 *
 * Vector clocks are computed here: every event increments its host's own
 * entry (so each host counts 1, 2, 3, … as ShiViz requires), and a `deliver`
 * first merges (entry-wise max) the clock its sender had at the matching
 * `send` (same `msg` id).
 *
 * @example
 * fs.writeFileSync('run.shiviz.log', toShiViz(trace.events()));
 * // (?<event>.*)\n(?<host>\S*) (?<clock>{.*})
 * //
 * // #1 t=0 send Ping to n2:/b msg=1
 * // n1:/a {"n1:/a":1}
 * // #2 t=1 deliver Ping from n1:/a msg=1
 * // n2:/b {"n1:/a":1,"n2:/b":1}
 */
export const toShiViz = (events: readonly TraceEvent[], options: ToShiVizOptions = {}): string => {
  const { filter, hosts } = { ...TO_SHIVIZ_DEFAULTS, ...options };
  const keep = matchTrace(filter);
  const clocks = new Map<string, Clock>();
  const sentWith = new Map<number, Clock>();
  const out: string[] = [SHIVIZ_REGEX, ''];

  for (const e of events) {
    if (e.actor === '' || !keep(e)) continue;
    const host = (hosts === 'node' ? e.node : `${e.node}:${e.actor}`).replace(/\s/g, '_');
    let clock = clocks.get(host);
    if (clock === undefined) {
      clock = new Map();
      clocks.set(host, clock);
    }
    if (e.kind === 'deliver' && e.msg !== undefined) {
      const senderClock = sentWith.get(e.msg);
      if (senderClock !== undefined) {
        for (const [h, n] of senderClock) if ((clock.get(h) ?? 0) < n) clock.set(h, n);
      }
    }
    clock.set(host, (clock.get(host) ?? 0) + 1);
    // The first send of an id wins (a duplicated message re-uses its id).
    if (e.kind === 'send' && e.msg !== undefined && !sentWith.has(e.msg)) sentWith.set(e.msg, new Map(clock));
    out.push(describe(e), `${host} ${clockJson(clock)}`);
  }
  return out.join('\n') + '\n';
};
