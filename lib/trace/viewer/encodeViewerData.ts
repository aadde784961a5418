import { TRACE_KINDS, type TraceEvent, type TraceKind } from '../TraceEvent.js';

/**
 * The optional fields of a {@link TraceEvent}, in the order a viewer row
 * holds them. Bit `i` of a row's mask says whether `OPTIONAL_FIELDS[i]` is
 * present. String fields are indices into the string table; `msg`/`cause`
 * are numbers; `data`/`payload` are JSON values as they are.
 */
export const OPTIONAL_FIELDS = ['msg', 'cause', 'type', 'to', 'toNode', 'from', 'fromNode', 'reason', 'detail', 'data', 'payload'] as const;

/** The optional fields that are strings (stored as string-table indices). */
const STRING_FIELDS: ReadonlySet<string> = new Set(['type', 'to', 'toNode', 'from', 'fromNode', 'reason', 'detail']);

/** The kinds every viewer data starts its kind table with (a kind's code is its index). */
export const VIEWER_KINDS: readonly TraceKind[] = TRACE_KINDS;

/** Version of the {@link ViewerData} layout. */
export const VIEWER_DATA_VERSION = 1;

/**
 * One event as a row: `[seq, t, kind, node, actor, lamport, mask, ...optional]`.
 * `kind` indexes `kinds`, `node`/`actor` index `strings`, and the optional
 * values follow in {@link OPTIONAL_FIELDS} order, only those whose mask bit is set.
 */
export type ViewerRow = Array<number | unknown>;

/**
 * The trace as the HTML viewer embeds it: compact (each distinct string is
 * written once, fields are positional) and plain JSON.
 *
 * @example
 * // { v: 1, kinds: ['send', …], strings: ['n1', '/a', 'Ping'],
 * //   events: [[1, 0, 0, 0, 1, 1, 5, 7, 2]] }   // send of message 7, type 'Ping'
 */
export interface ViewerData {
  v: typeof VIEWER_DATA_VERSION;
  kinds: string[];
  strings: string[];
  events: ViewerRow[];
}

/** JSON of a number; JSON has no NaN or Infinity, so those become `null` (as in JSONL). */
const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/**
 * JSON of `data` / `payload`, or undefined for values JSON leaves out
 * (functions, symbols). A value JSON cannot hold (a cycle, a BigInt) becomes
 * a string saying why, as in the JSONL encoder, instead of failing the export.
 */
const jsonValue = (v: unknown): string | undefined => {
  try {
    return JSON.stringify(v);
  } catch (err) {
    return JSON.stringify(`[unserializable: ${err instanceof Error ? err.message : String(err)}]`);
  }
};

/**
 * Encode trace events as the JSON text of a {@link ViewerData}. The text is
 * built piece by piece (not one `JSON.stringify` of the whole) so that a
 * payload JSON cannot hold only spoils its own field, and 100,000 events do
 * not need a second in-memory copy as objects.
 *
 * @example
 * encodeViewerData([{ seq: 1, t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 0 }])
 * // '{"v":1,"kinds":["send",…,"milestone"],"strings":["n1","/a"],"events":[[1,0,4,0,1,0,0]]}'
 */
export const encodeViewerData = (events: Iterable<TraceEvent>): string => {
  const kinds: string[] = [...VIEWER_KINDS];
  const kindCode = new Map<string, number>(kinds.map((k, i) => [k, i]));
  const strings: string[] = [];
  const stringCode = new Map<string, number>();
  const str = (s: string): number => {
    let code = stringCode.get(s);
    if (code === undefined) {
      code = strings.length;
      strings.push(s);
      stringCode.set(s, code);
    }
    return code;
  };

  const rows: string[] = [];
  for (const e of events) {
    let kind = kindCode.get(e.kind);
    if (kind === undefined) {
      kind = kinds.length;
      kinds.push(e.kind);
      kindCode.set(e.kind, kind);
    }
    const node = str(e.node);
    const actor = str(e.actor);
    let mask = 0;
    let rest = '';
    for (let i = 0; i < OPTIONAL_FIELDS.length; i++) {
      const field = OPTIONAL_FIELDS[i];
      const v = e[field];
      if (v === undefined) continue;
      let json: string | undefined;
      if (field === 'msg' || field === 'cause') json = num(v as number);
      else if (STRING_FIELDS.has(field)) json = String(str(String(v)));
      else json = jsonValue(v);
      if (json === undefined) continue;
      mask |= 1 << i;
      rest += ',' + json;
    }
    rows.push(`[${num(e.seq)},${num(e.t)},${kind},${node},${actor},${num(e.lamport)},${mask}${rest}]`);
  }
  return `{"v":${VIEWER_DATA_VERSION},"kinds":${JSON.stringify(kinds)},"strings":${JSON.stringify(strings)},"events":[${rows.join(',')}]}`;
};

/**
 * Decode the JSON text (or parsed value) of a {@link ViewerData} back into
 * trace events: the inverse of {@link encodeViewerData} for every event JSON
 * can hold (non-finite numbers come back as `null`, as from a JSONL file).
 * The viewer page does the same in the browser.
 *
 * @throws {RangeError} when the data has another version or a malformed row.
 *
 * @example
 * decodeViewerData(encodeViewerData(trace.events())); // deep-equals trace.events()
 */
export const decodeViewerData = (input: string | ViewerData): TraceEvent[] => {
  const data = (typeof input === 'string' ? JSON.parse(input) : input) as ViewerData;
  if (data === null || typeof data !== 'object' || data.v !== VIEWER_DATA_VERSION) {
    throw new RangeError(`viewer data version must be ${VIEWER_DATA_VERSION}`);
  }
  const { kinds, strings } = data;
  const string = (code: unknown, row: number): string => {
    if (typeof code !== 'number' || strings[code] === undefined) throw new RangeError(`viewer row ${row}: bad string index ${String(code)}`);
    return strings[code];
  };
  return data.events.map((r, row) => {
    if (!Array.isArray(r) || r.length < 7) throw new RangeError(`viewer row ${row}: expected at least 7 fields`);
    const kind = kinds[r[2] as number];
    if (kind === undefined) throw new RangeError(`viewer row ${row}: bad kind index ${String(r[2])}`);
    const e: Record<string, unknown> = {
      seq: r[0],
      t: r[1],
      kind,
      node: string(r[3], row),
      actor: string(r[4], row),
      lamport: r[5],
    };
    const mask = r[6] as number;
    let at = 7;
    for (let i = 0; i < OPTIONAL_FIELDS.length; i++) {
      if ((mask & (1 << i)) === 0) continue;
      const field = OPTIONAL_FIELDS[i];
      if (at >= r.length) throw new RangeError(`viewer row ${row}: missing value of ${field}`);
      const v = r[at++];
      e[field] = STRING_FIELDS.has(field) ? string(v, row) : v;
    }
    return e as TraceEvent;
  });
};
