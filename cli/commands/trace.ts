import { writeFileSync } from 'node:fs';
import {
  createMemoryTrace,
  encodeEvent,
  readJsonlLines,
  toMermaid,
  toHtml,
  toShiViz,
  TraceLineError,
  type TraceEvent,
  type TraceFilter,
} from '../../lib/trace/index.js';
import { ExitCode, parse, parseDuration, parseInteger, UsageError, type Command, type Io } from '../Command.js';
import { describeEvent } from '../timeline.js';
import { summarizeTrace } from '../summarizeTrace.js';

const FILTER_OPTIONS = {
  actor: { type: 'string', multiple: true },
  node: { type: 'string', multiple: true },
  type: { type: 'string', multiple: true },
  kind: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  chain: { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const;

const FILTER_HELP = `Filters (repeatable where it makes sense):
  --actor PATH    events of this actor (e.g. /redis/master-1)
  --node NAME     events on this node
  --type T        message type, milestone or fault name
  --kind K        send, deliver, drop, dead-letter, spawn, stop, crash, restart, timer, fault, milestone
  --from D        from this virtual time (e.g. 2s, 1500ms)
  --to D          up to this virtual time
  --chain MSGID   only the causal chain of this message (its causes and what it caused)`;

type FilterValues = { actor?: string[]; node?: string[]; type?: string[]; kind?: string[]; from?: string; to?: string; chain?: string };

const loadEvents = async (file: string): Promise<TraceEvent[]> => {
  const events: TraceEvent[] = [];
  try {
    for await (const e of readJsonlLines(file)) events.push(e);
  } catch (err) {
    if (err instanceof TraceLineError) throw new UsageError(err.message);
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`no such trace file: ${file}`);
    throw err;
  }
  return events;
};

const applyFilters = (events: TraceEvent[], v: FilterValues): TraceEvent[] => {
  const filter: TraceFilter = {
    ...(v.actor === undefined ? {} : { actor: v.actor }),
    ...(v.node === undefined ? {} : { node: v.node }),
    ...(v.type === undefined ? {} : { type: v.type }),
    ...(v.kind === undefined ? {} : { kind: v.kind as TraceFilter['kind'] }),
    ...(v.from === undefined ? {} : { fromMs: parseDuration(v.from) }),
    ...(v.to === undefined ? {} : { toMs: parseDuration(v.to) }),
  };
  const memory = createMemoryTrace();
  for (const e of events) memory.write(e);
  const base = v.chain === undefined ? memory.events() : memory.causalChain(parseInteger('chain', v.chain));
  const chainTrace = createMemoryTrace();
  for (const e of base) chainTrace.write(e);
  return chainTrace.filter(filter);
};

const emit = (io: Io, output: string | undefined, text: string): void => {
  if (output === undefined) io.out(text);
  else writeFileSync(output, text);
};

const oneFile = (positionals: string[], sub: string): string => {
  if (positionals.length !== 1) throw new UsageError(`trace ${sub} needs exactly one trace file (JSON Lines)`);
  return positionals[0];
};

const subcommands: Record<string, { summary: string; help: string; run: (args: string[], io: Io) => Promise<number> }> = {
  summary: {
    summary: 'counts by kind/type/actor/node, drops by reason, milestones',
    help: `Usage: troupe trace summary <file.jsonl> [--json]\n\nCounts events by kind, message type, actor and node; drops by reason; lists\nfaults and milestones as a timeline.`,
    async run(args, io) {
      const { values, positionals } = parse(args, { json: { type: 'boolean' } });
      const events = await loadEvents(oneFile(positionals, 'summary'));
      const s = summarizeTrace(events);
      if (values.json) {
        io.out(`${JSON.stringify(s, null, 2)}\n`);
        return ExitCode.Ok;
      }
      const section = (title: string, counts: Record<string, number>, limit = 15): void => {
        const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
        if (entries.length === 0) return;
        io.out(`${title}\n`);
        for (const [k, n] of entries.slice(0, limit)) io.out(`  ${String(n).padStart(9)}  ${k}\n`);
        if (entries.length > limit) io.out(`  … ${entries.length - limit} more\n`);
      };
      io.out(`${s.events} events, t=${(s.firstMs / 1000).toFixed(3)}s … ${(s.lastMs / 1000).toFixed(3)}s, ${s.nodes} nodes, ${s.actors} actors\n`);
      section('by kind', s.byKind);
      section('by message type', s.byType);
      section('by actor', s.byActor);
      section('by node', s.byNode);
      section('drops by reason', s.dropsByReason);
      if (s.timeline.length > 0) {
        io.out('faults and milestones\n');
        for (const e of s.timeline.slice(0, 100)) io.out(`  ${describeEvent(e)}\n`);
        if (s.timeline.length > 100) io.out(`  … ${s.timeline.length - 100} more\n`);
      }
      return ExitCode.Ok;
    },
  },
  filter: {
    summary: 'select events (JSON Lines out)',
    help: `Usage: troupe trace filter <file.jsonl> [filters] [-o out.jsonl]\n\nWrite the matching events as JSON Lines.\n\n${FILTER_HELP}\n  -o, --output F  write to F instead of stdout`,
    async run(args, io) {
      const { values, positionals } = parse(args, FILTER_OPTIONS);
      const events = applyFilters(await loadEvents(oneFile(positionals, 'filter')), values);
      emit(io, values.output, events.map((e) => `${encodeEvent(e)}\n`).join(''));
      return ExitCode.Ok;
    },
  },
  mermaid: {
    summary: 'a Mermaid sequence diagram',
    help: `Usage: troupe trace mermaid <file.jsonl> [filters] [--max N] [--by-node] [-o out.mmd]\n\nWrite a Mermaid sequenceDiagram (Mermaid breaks on large diagrams: filter,\nand at most --max arrows/notes are drawn, default 300).\n\n${FILTER_HELP}\n  --max N         most arrows and notes to draw\n  --by-node       one participant per node instead of per actor\n  -o, --output F  write to F instead of stdout`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...FILTER_OPTIONS, max: { type: 'string' }, 'by-node': { type: 'boolean' } });
      const events = applyFilters(await loadEvents(oneFile(positionals, 'mermaid')), values);
      const text = toMermaid(events, {
        ...(values.max === undefined ? {} : { maxEvents: parseInteger('max', values.max) }),
        participants: values['by-node'] ? 'node' : 'actor',
      });
      emit(io, values.output, `${text}\n`);
      return ExitCode.Ok;
    },
  },
  shiviz: {
    summary: 'a ShiViz log (vector clocks)',
    help: `Usage: troupe trace shiviz <file.jsonl> [filters] [-o out.log]\n\nWrite the trace in ShiViz's log format (paste into the ShiViz web app).\n\n${FILTER_HELP}\n  -o, --output F  write to F instead of stdout`,
    async run(args, io) {
      const { values, positionals } = parse(args, FILTER_OPTIONS);
      const events = applyFilters(await loadEvents(oneFile(positionals, 'shiviz')), values);
      emit(io, values.output, toShiViz(events));
      return ExitCode.Ok;
    },
  },
  html: {
    summary: 'a self-contained HTML viewer (sequence diagram, filters, causal chains)',
    help: `Usage: troupe trace html <file.jsonl> -o run.html [filters] [--title T]\n\nWrite one self-contained HTML page (no network access needed) showing the trace\nas a Lamport/sequence diagram: a lane per actor grouped by node, zoom and pan,\nfilters, drops and faults marked, milestones labelled; click an event for its\npayload and causal chain. Stays usable with 100,000 events.\n\n${FILTER_HELP}\n  --title T       page title (default: the file name)\n  -o, --output F  the HTML file to write (required)`,
    async run(args, io) {
      const { values, positionals } = parse(args, { ...FILTER_OPTIONS, title: { type: 'string' } });
      const file = oneFile(positionals, 'html');
      if (values.output === undefined) throw new UsageError('trace html needs -o <out.html>');
      const events = applyFilters(await loadEvents(file), values);
      writeFileSync(values.output, toHtml(events, { title: values.title ?? file }));
      io.out(`wrote ${values.output} (${events.length} events)\n`);
      return ExitCode.Ok;
    },
  },
};

/** `troupe trace <sub> <file>`: read a JSON Lines trace. */
export const traceCommand: Command = {
  name: 'trace',
  summary: 'summarize, filter and export a JSON Lines trace',
  help: `Usage: troupe trace <summary|filter|mermaid|shiviz|html> <file.jsonl> [options]

${Object.entries(subcommands)
  .map(([name, s]) => `  ${name.padEnd(8)} ${s.summary}`)
  .join('\n')}

Run \`troupe trace <sub> --help\` for each one's options.`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.out(`${this.help}\n`);
      return sub === undefined ? ExitCode.Usage : ExitCode.Ok;
    }
    const command = subcommands[sub];
    if (command === undefined) throw new UsageError(`unknown trace subcommand '${sub}' (summary, filter, mermaid, shiviz, html)`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${command.help}\n`);
      return ExitCode.Ok;
    }
    return command.run(rest, io);
  },
};
