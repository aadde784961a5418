import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { decodeEvent, encodeEvent } from '../../../lib/trace/encodeEvent.js';
import type { TraceEvent } from '../../../lib/trace/TraceEvent.js';

const FIELD_ORDER = [
  'seq', 't', 'kind', 'node', 'actor', 'lamport', 'msg', 'cause', 'type', 'to',
  'toNode', 'from', 'fromNode', 'reason', 'detail', 'data', 'payload',
];

const full: TraceEvent = {
  seq: 7,
  t: 12.5,
  kind: 'send',
  node: 'n1',
  actor: '/redis/master-1',
  lamport: 3,
  msg: 42,
  cause: 41,
  type: 'Ping',
  to: '/redis/replica-1',
  toNode: 'n2',
  from: '/x',
  fromNode: 'n0',
  reason: 'loss',
  detail: 'line 1\nline "2"',
  data: { slot: 42, owner: 'n2' },
  payload: { tag: 'Ping', n: [1, 2] },
};

/** The same fields, inserted in another order. */
const reorder = (e: TraceEvent, keys: string[]): TraceEvent => {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (e as Record<string, unknown>)[k];
  return out as TraceEvent;
};

const expectLeft = (line: string): string => {
  const result = decodeEvent(line);
  if (E.isRight(result)) expect.fail(`expected ${line} to be rejected`);
  return result.left;
};

describe('encodeEvent', () => {
  it('should write every field in the fixed schema order', () => {
    const line = encodeEvent(full);
    expect(Object.keys(JSON.parse(line))).to.deep.equal(FIELD_ORDER);
    expect(line).to.equal(
      '{"seq":7,"t":12.5,"kind":"send","node":"n1","actor":"/redis/master-1","lamport":3,"msg":42,"cause":41,' +
        '"type":"Ping","to":"/redis/replica-1","toNode":"n2","from":"/x","fromNode":"n0","reason":"loss",' +
        '"detail":"line 1\\nline \\"2\\"","data":{"slot":42,"owner":"n2"},"payload":{"tag":"Ping","n":[1,2]}}',
    );
  });

  const orders: [string, string[]][] = [
    ['reversed', [...FIELD_ORDER].reverse()],
    ['alphabetical', [...FIELD_ORDER].sort()],
    ['rotated', [...FIELD_ORDER.slice(9), ...FIELD_ORDER.slice(0, 9)]],
    ['interleaved', [...FIELD_ORDER.filter((_, i) => i % 2 === 1), ...FIELD_ORDER.filter((_, i) => i % 2 === 0)]],
  ];
  for (const [name, keys] of orders) {
    it(`should give the same bytes whatever the key insertion order (${name})`, () => {
      expect(encodeEvent(reorder(full, keys))).to.equal(encodeEvent(full));
    });
  }

  it('should leave out undefined optional fields and keys outside the schema', () => {
    const e = { seq: 1, t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 1, msg: undefined, extra: 'x' };
    expect(encodeEvent(e as TraceEvent)).to.equal('{"seq":1,"t":0,"kind":"spawn","node":"n1","actor":"/a","lamport":1}');
  });

  it('should not end with a newline', () => {
    expect(encodeEvent(full).endsWith('}')).to.equal(true);
    expect(encodeEvent(full)).not.to.include('\n');
  });

  it("should keep data's own key order", () => {
    const a = encodeEvent({ ...full, data: { b: 1, a: 2 } });
    const b = encodeEvent({ ...full, data: { a: 2, b: 1 } });
    expect(a).to.include('"data":{"b":1,"a":2}');
    expect(b).to.include('"data":{"a":2,"b":1}');
  });

  const strings: [string, string][] = [
    ['quotes and backslashes', 'a "b" \\c'],
    ['control characters', 'tab\tnl\ncr\r\u0001'],
    ['unicode', 'nœud-✓-😀'],
    ['lone surrogate', '\ud800x'],
    ['empty', ''],
    ['a paired surrogate next to a quote', '😀"'],
    ['DEL and non-ASCII separators', '\u007f\u2028\u2029'],
  ];
  for (const [name, s] of strings) {
    it(`should escape strings with ${name} as valid JSON`, () => {
      const e: TraceEvent = { seq: 1, t: 0, kind: 'fault', node: s, actor: s, lamport: 0, type: s, detail: s };
      expect(JSON.parse(encodeEvent(e))).to.deep.equal(e);
      // The literal above is in schema order, so JSON.stringify gives the expected bytes.
      expect(encodeEvent(e)).to.equal(JSON.stringify(e));
    });
  }

  it('should write non-finite numbers as null, as JSON.stringify does', () => {
    const line = encodeEvent({ seq: 1, t: NaN, kind: 'timer', node: 'n', actor: '/a', lamport: Infinity });
    expect(JSON.parse(line)).to.include({ t: null, lamport: null });
  });

  it('should record an unserializable payload as a string instead of throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const withBigInt = encodeEvent({ seq: 1, t: 0, kind: 'send', node: 'n', actor: '/a', lamport: 1, payload: 10n });
    const withCycle = encodeEvent({ seq: 1, t: 0, kind: 'send', node: 'n', actor: '/a', lamport: 1, payload: cyclic });
    expect(JSON.parse(withBigInt).payload).to.match(/^\[unserializable: .*BigInt/);
    expect(JSON.parse(withCycle).payload).to.match(/^\[unserializable: .*circular/i);
  });

  it('should leave out a payload JSON cannot represent at all (a function)', () => {
    const line = encodeEvent({ seq: 1, t: 0, kind: 'send', node: 'n', actor: '/a', lamport: 1, payload: () => 1 });
    expect(line).not.to.include('payload');
  });
});

describe('decodeEvent', () => {
  it('should decode what encodeEvent wrote', () => {
    const result = decodeEvent(encodeEvent(full));
    expect(result).to.deep.equal(E.right(full));
  });

  it('should decode a minimal event', () => {
    const result = decodeEvent('{"seq":1,"t":0,"kind":"spawn","node":"n1","actor":"/a","lamport":1}');
    expect(result).to.deep.equal(E.right({ seq: 1, t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 1 }));
  });

  const bad: [string, string, RegExp[]][] = [
    ['not JSON', '{"seq":1,', [/^trace line is not JSON/, /\{"seq":1,$/]],
    ['a JSON array', '[1,2]', [/expected a JSON object, got \[1,2\]/]],
    ['a JSON number', '42', [/expected a JSON object, got 42/]],
    ['a string seq', '{"seq":"1","t":0,"kind":"spawn","node":"n","actor":"","lamport":0}', [/seq: expected number, got "1"/]],
    ['a missing field', '{"seq":1,"t":0,"kind":"spawn","node":"n","lamport":0}', [/actor: missing \(expected string\)/]],
    ['an unknown kind', '{"seq":1,"t":0,"kind":"explode","node":"n","actor":"","lamport":0}', [/kind: expected .*"send".*, got "explode"/]],
    ['a bad optional field', '{"seq":1,"t":0,"kind":"send","node":"n","actor":"","lamport":0,"msg":"7"}', [/msg: expected number, got "7"/]],
    ['data that is not a record', '{"seq":1,"t":0,"kind":"milestone","node":"n","actor":"","lamport":0,"data":[1]}', [/data: expected UnknownRecord/]],
  ];
  for (const [name, line, patterns] of bad) {
    it(`should reject ${name} with a message naming the problem and quoting the line`, () => {
      const message = expectLeft(line);
      for (const p of patterns) expect(message).to.match(p);
      if (!/not JSON/.test(message)) expect(message.endsWith(`: ${line}`)).to.equal(true);
    });
  }

  it('should name every bad field at once', () => {
    const message = expectLeft('{"seq":"x","t":"y","kind":"send","node":"n","actor":"","lamport":0}');
    expect(message).to.match(/seq: expected number, got "x"; t: expected number, got "y"/);
  });

  it('should truncate a long line in the message', () => {
    const line = `{"seq":"x","t":0,"kind":"send","node":"n","actor":"","lamport":0,"detail":"${'z'.repeat(5000)}"}`;
    const message = expectLeft(line);
    expect(message.length).to.be.below(400);
    expect(message).to.include(`(${line.length} chars)`);
  });
});
