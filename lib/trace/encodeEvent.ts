import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { TRACE_KINDS, TraceEvent } from './TraceEvent.js';

/** Characters JSON must escape (and lone surrogates, which JSON.stringify escapes). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON of a string: most trace strings (paths, tags) need no escaping, so skip JSON.stringify for them. */
const quote = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"');

/** `"send"`, `"deliver"`, …: the kinds are few, so their JSON is computed once. */
const KIND_JSON: Record<string, string> = Object.fromEntries(TRACE_KINDS.map((k) => [k, JSON.stringify(k)]));

/** JSON of a number; JSON has no NaN or Infinity, so those become `null` (as JSON.stringify does). */
const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/**
 * JSON of `data` / `payload`. A value JSON cannot hold (a cycle, a BigInt)
 * must not crash the traced run, so it is recorded as a string saying why.
 * Returns undefined for values JSON omits (functions, symbols).
 */
const value = (v: unknown): string | undefined => {
  try {
    return JSON.stringify(v);
  } catch (err) {
    return quote(`[unserializable: ${err instanceof Error ? err.message : String(err)}]`);
  }
};

/**
 * Encode one trace event as one JSON line (without the trailing newline).
 *
 * Fields are always written in the same order, whatever the order of the
 * object's keys: `seq, t, kind, node, actor, lamport, msg, cause, type, to,
 * toNode, from, fromNode, reason, detail, data, payload`. Undefined fields
 * are left out, and keys outside the schema are ignored, so the same event
 * always gives the same bytes. `data` and `payload` are written with
 * `JSON.stringify`, so their own keys keep their insertion order: build them
 * the same way each time (a milestone written from one object literal is).
 *
 * Built from parts rather than by `JSON.stringify` with a replacer: this runs
 * once per traced event, on the hot path.
 *
 * @example
 * encodeEvent({ lamport: 1, actor: '/a', node: 'n1', kind: 'spawn', t: 0, seq: 1 })
 * // '{"seq":1,"t":0,"kind":"spawn","node":"n1","actor":"/a","lamport":1}'
 */
export const encodeEvent = (e: TraceEvent): string => {
  let s =
    '{"seq":' +
    num(e.seq) +
    ',"t":' +
    num(e.t) +
    ',"kind":' +
    (KIND_JSON[e.kind] ?? quote(e.kind)) +
    ',"node":' +
    quote(e.node) +
    ',"actor":' +
    quote(e.actor) +
    ',"lamport":' +
    num(e.lamport);
  if (e.msg !== undefined) s += ',"msg":' + num(e.msg);
  if (e.cause !== undefined) s += ',"cause":' + num(e.cause);
  if (e.type !== undefined) s += ',"type":' + quote(e.type);
  if (e.to !== undefined) s += ',"to":' + quote(e.to);
  if (e.toNode !== undefined) s += ',"toNode":' + quote(e.toNode);
  if (e.from !== undefined) s += ',"from":' + quote(e.from);
  if (e.fromNode !== undefined) s += ',"fromNode":' + quote(e.fromNode);
  if (e.reason !== undefined) s += ',"reason":' + quote(e.reason);
  if (e.detail !== undefined) s += ',"detail":' + quote(e.detail);
  if (e.data !== undefined) {
    const data = value(e.data);
    if (data !== undefined) s += ',"data":' + data;
  }
  if (e.payload !== undefined) {
    const payload = value(e.payload);
    if (payload !== undefined) s += ',"payload":' + payload;
  }
  return s + '}';
};

/** How much of a bad line an error message quotes. */
const QUOTED_CHARS_MAX = 120;

const truncate = (text: string, max: number): string =>
  text.length <= max ? text : text.slice(0, max) + `… (${text.length} chars)`;

const describe = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch {
    json = undefined;
  }
  return truncate(json ?? String(v), 40);
};

/** `seq: expected number, got "1"`, from io-ts's errors (without its long type names). */
const report = (errors: t.Errors): string => {
  const lines = new Set<string>();
  for (const error of errors) {
    // Skip the root and the intersection's member indices ('0', '1').
    const path = error.context
      .slice(1)
      .map((c) => c.key)
      .filter((k) => k !== '' && !/^\d+$/.test(k));
    if (path.length === 0) {
      lines.add(`expected a JSON object, got ${describe(error.value)}`);
      continue;
    }
    const expected = error.context[error.context.length - 1].type.name;
    lines.add(
      error.value === undefined
        ? `${path.join('.')}: missing (expected ${expected})`
        : `${path.join('.')}: expected ${expected}, got ${describe(error.value)}`,
    );
  }
  return [...lines].join('; ');
};

/**
 * Decode one JSON line into a trace event, checked by the {@link TraceEvent}
 * codec. The error names each bad field and quotes the line (truncated).
 *
 * @example
 * decodeEvent('{"seq":1,"t":0,"kind":"spawn","node":"n1","actor":"/a","lamport":1}')
 * // right({ seq: 1, t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 1 })
 * decodeEvent('{"seq":"1"}')
 * // left('invalid trace event (seq: expected number, got "1"; t: missing (expected number); …): {"seq":"1"}')
 */
export const decodeEvent = (line: string): E.Either<string, TraceEvent> => {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return E.left(`trace line is not JSON (${why}): ${truncate(line, QUOTED_CHARS_MAX)}`);
  }
  const decoded = TraceEvent.decode(json);
  if (E.isRight(decoded)) return decoded;
  return E.left(`invalid trace event (${report(decoded.left)}): ${truncate(line, QUOTED_CHARS_MAX)}`);
};
