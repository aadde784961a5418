import type { TraceEvent } from './TraceEvent.js';
import { matchTrace, type TraceFilter } from './TraceFilter.js';

/** Options of {@link toMermaid}. */
export interface ToMermaidOptions {
  /** Draw only events matching this filter (senders are still found in all events). @default {} (all) */
  filter?: TraceFilter;
  /** Draw at most this many arrows and notes; a final note counts the rest. @default 300 */
  maxEvents?: number;
  /** One lifeline per actor (`node:path`) or per node. @default 'actor' */
  participants?: 'actor' | 'node';
}

/** The defaults of {@link ToMermaidOptions}. */
export const TO_MERMAID_DEFAULTS: Required<ToMermaidOptions> = {
  filter: {},
  maxEvents: 300,
  participants: 'actor',
};

/**
 * One line of the diagram, before participant ids are assigned. A note is
 * over one lifeline (`over`), over every lifeline of a node (`overNode`: a
 * fault on a node), or over every lifeline (neither).
 */
type Item =
  | { tag: 'arrow'; from: string; to: string; arrow: '->>' | '-x' | '--)'; text: string }
  | { tag: 'note'; over?: string; overNode?: string; text: string };

/** Longest reason/detail text shown (error stacks would swamp the diagram). */
const DETAIL_CHARS_MAX = 80;

/** Mermaid words that cannot name a participant. */
const RESERVED =
  /^(end|participant|actor|note|over|left|right|of|loop|alt|else|opt|par|and|rect|critical|option|break|box|create|destroy|autonumber|activate|deactivate|title|links?|properties|details)$/i;

/**
 * Make text safe in a Mermaid label: `;` would end the statement, `#` starts
 * an entity code, `:` splits a message from its text, `<`/`>` read as HTML,
 * and a newline ends the line. All become Mermaid entity codes or spaces.
 */
export const escapeMermaid = (text: string): string =>
  text.replace(/[#;:<>\r\n]/g, (c) => {
    switch (c) {
      case '#':
        return '#35;';
      case ';':
        return '#59;';
      case ':':
        return '#58;';
      case '<':
        return '#lt;';
      case '>':
        return '#gt;';
      default:
        return ' ';
    }
  });

/** `: reason: detail`, or less when they are absent. */
const suffix = (e: TraceEvent): string => {
  let s = '';
  if (e.reason !== undefined) s += `: ${e.reason}`;
  if (e.detail !== undefined) {
    s += `: ${e.detail.length > DETAIL_CHARS_MAX ? e.detail.slice(0, DETAIL_CHARS_MAX) + '…' : e.detail}`;
  }
  return s;
};

const describeData = (data: Record<string, unknown> | undefined): string => {
  if (data === undefined) return '';
  const parts = Object.keys(data).map((k) => {
    const v = data[k];
    return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
  });
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
};

/**
 * Draw a trace as a Mermaid `sequenceDiagram`: one lifeline per actor
 * (labelled `node:path`; outside code is `node` or `outside`), a solid arrow
 * per delivered message from sender to receiver labelled with its type, a
 * `-x` arrow for a dropped or dead-lettered message with the reason, a dashed
 * arrow for one still in flight at the end of the trace, and a note for each
 * milestone, fault, crash and restart. Sends, spawns, stops and timers draw
 * nothing by themselves. A fault on a node spans that node's lifelines; one
 * outside any node spans them all. Long reasons and details are cut at 80
 * characters.
 *
 * Paste the output into https://mermaid.live or a ```mermaid block.
 *
 * @example
 * toMermaid(trace.events(), { filter: { fromMs: 1000, toMs: 2000 }, maxEvents: 100 });
 * // sequenceDiagram
 * //   participant n1_a as n1#58;/a
 * //   …
 */
export const toMermaid = (events: readonly TraceEvent[], options: ToMermaidOptions = {}): string => {
  const { filter, maxEvents, participants } = { ...TO_MERMAID_DEFAULTS, ...options };
  const keep = matchTrace(filter);
  const keyOf = (node: string, actor: string): string =>
    participants === 'node' || actor === '' ? node || 'outside' : `${node}:${actor}`;

  // The send of each message (for its sender) and which messages ended (delivered or lost).
  const sends = new Map<number, TraceEvent>();
  const ended = new Set<number>();
  for (const e of events) {
    if (e.msg === undefined) continue;
    if (e.kind === 'send') {
      if (!sends.has(e.msg)) sends.set(e.msg, e);
    } else if (e.kind === 'deliver' || e.kind === 'drop' || e.kind === 'dead-letter') ended.add(e.msg);
  }

  const items: Item[] = [];
  let omitted = 0;
  const add = (item: Item): void => {
    if (items.length < maxEvents) items.push(item);
    else omitted++;
  };

  for (const e of events) {
    if (!keep(e)) continue;
    const here = keyOf(e.node, e.actor);
    const type = e.type ?? 'message';
    const send = e.msg === undefined ? undefined : sends.get(e.msg);
    switch (e.kind) {
      case 'deliver': {
        const from = send ? keyOf(send.node, send.actor) : keyOf(e.fromNode ?? '', e.from ?? '');
        add({ tag: 'arrow', from, to: here, arrow: '->>', text: type });
        break;
      }
      case 'drop':
      case 'dead-letter': {
        const text = `${type} (${e.kind === 'drop' ? 'dropped' : 'dead letter'}${suffix(e)})`;
        if (send && send.to !== undefined) {
          add({ tag: 'arrow', from: keyOf(send.node, send.actor), to: keyOf(send.toNode ?? send.node, send.to), arrow: '-x', text });
        } else add({ tag: 'note', over: here, text });
        break;
      }
      case 'send':
        if (e.msg !== undefined && !ended.has(e.msg) && e.to !== undefined) {
          add({ tag: 'arrow', from: here, to: keyOf(e.toNode ?? e.node, e.to), arrow: '--)', text: `${type} (in flight)` });
        }
        break;
      case 'milestone':
        add({ tag: 'note', over: here, text: `${type}${describeData(e.data)}` });
        break;
      case 'fault': {
        const text = `fault ${type}${suffix(e)}`;
        if (e.actor !== '' || (participants === 'node' && e.node !== '')) add({ tag: 'note', over: here, text });
        else if (e.node !== '') add({ tag: 'note', overNode: e.node, text });
        else add({ tag: 'note', text });
        break;
      }
      case 'crash':
      case 'restart':
        add({ tag: 'note', over: here, text: `${e.kind}${suffix(e)}` });
        break;
      default:
        break;
    }
  }

  // Lifelines in order of first appearance, with Mermaid-safe unique ids.
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  const idOf = (key: string): string => {
    let id = ids.get(key);
    if (id !== undefined) return id;
    let base = key.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
    if (base === '' || /^[0-9]/.test(base) || RESERVED.test(base)) base = `p_${base}`;
    id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(key, id);
    return id;
  };
  for (const item of items) {
    if (item.tag === 'arrow') {
      idOf(item.from);
      idOf(item.to);
    } else if (item.over !== undefined) idOf(item.over);
  }
  // A fault on a node spans that node's actors; a node without any gets its own lifeline.
  const onNode = (node: string): string[] => [...ids.keys()].filter((key) => key.startsWith(`${node}:`));
  for (const item of items) {
    if (item.tag === 'note' && item.overNode !== undefined && onNode(item.overNode).length === 0) idOf(item.overNode);
  }
  if (ids.size === 0 && (omitted > 0 || items.length > 0)) idOf('trace');
  const span = (keys: string[]): string => {
    const first = ids.get(keys[0]);
    const last = ids.get(keys[keys.length - 1]);
    return first === last ? `${first}` : `${first},${last}`;
  };
  const everyone = span([...ids.keys()]);

  const lines = ['sequenceDiagram'];
  for (const [key, id] of ids) lines.push(`  participant ${id} as ${escapeMermaid(key)}`);
  for (const item of items) {
    if (item.tag === 'arrow') {
      lines.push(`  ${ids.get(item.from)}${item.arrow}${ids.get(item.to)}: ${escapeMermaid(item.text)}`);
    } else {
      let over = everyone;
      if (item.over !== undefined) over = `${ids.get(item.over)}`;
      else if (item.overNode !== undefined) {
        const keys = onNode(item.overNode);
        over = keys.length > 0 ? span(keys) : `${ids.get(item.overNode)}`;
      }
      lines.push(`  Note over ${over}: ${escapeMermaid(item.text)}`);
    }
  }
  if (omitted > 0) {
    lines.push(`  Note over ${everyone}: ${omitted} more events omitted (maxEvents ${maxEvents})`);
  }
  return lines.join('\n') + '\n';
};
