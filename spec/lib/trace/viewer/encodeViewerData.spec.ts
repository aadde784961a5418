import { expect } from 'chai';
import { decodeEvent, encodeEvent } from '../../../../lib/trace/encodeEvent.js';
import type { TraceEvent } from '../../../../lib/trace/TraceEvent.js';
import {
  decodeViewerData,
  encodeViewerData,
  OPTIONAL_FIELDS,
  VIEWER_KINDS,
  type ViewerData,
} from '../../../../lib/trace/viewer/encodeViewerData.js';

/** One event of every kind, with every optional field used somewhere. */
const events: TraceEvent[] = [
  { seq: 1, t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 0, type: 'pinger' },
  { seq: 2, t: 0, kind: 'timer', node: 'n1', actor: '/a', lamport: 1, msg: 1, detail: 'tick' },
  { seq: 3, t: 0, kind: 'send', node: 'n1', actor: '/a', lamport: 2, msg: 2, cause: 1, type: 'Ping', to: '/b', toNode: 'n2', payload: { type: 'Ping', n: 1, tags: ['x', 'y'] } },
  { seq: 4, t: 1.5, kind: 'deliver', node: 'n2', actor: '/b', lamport: 3, msg: 2, type: 'Ping', from: '/a', fromNode: 'n1' },
  { seq: 5, t: 1.5, kind: 'send', node: 'n2', actor: '/b', lamport: 4, msg: 3, cause: 2, type: 'Pong', to: '/a', toNode: 'n1', payload: null },
  { seq: 6, t: 2, kind: 'drop', node: 'n1', actor: '/a', lamport: 0, msg: 3, type: 'Pong', reason: 'partition' },
  { seq: 7, t: 2, kind: 'dead-letter', node: 'n2', actor: '/nobody', lamport: 0, msg: 4, cause: 0, type: 'Ping', reason: 'invalid', detail: 'n: expected number' },
  { seq: 8, t: 3, kind: 'fault', node: '', actor: '', lamport: 0, type: 'partition', detail: 'partition [n1] | [n2]', data: { groups: [['n1'], ['n2']] } },
  { seq: 9, t: 4, kind: 'crash', node: 'n2', actor: '/b', lamport: 5, type: 'ponger', detail: 'Error: boom\n    at receive' },
  { seq: 10, t: 4, kind: 'restart', node: 'n2', actor: '/b', lamport: 5, type: 'ponger', detail: 'generation 1' },
  { seq: 11, t: 5, kind: 'milestone', node: 'n2', actor: '/b', lamport: 6, type: 'leader', data: { term: 2, name: 'b' } },
  { seq: 12, t: 6, kind: 'stop', node: 'n2', actor: '/b', lamport: 7, reason: 'node-down' },
];

describe('encodeViewerData', () => {
  it('should give back every event unchanged after decoding', () => {
    expect(decodeViewerData(encodeViewerData(events))).to.deep.equal(events);
  });

  it('should decode to the same events as the JSON Lines encoding', () => {
    const viaJsonl = events.map((e) => {
      const d = decodeEvent(encodeEvent(e));
      if (d._tag === 'Left') throw new Error(d.left);
      return d.right;
    });
    expect(decodeViewerData(encodeViewerData(events))).to.deep.equal(viaJsonl);
  });

  it('should write each distinct string once, in a table', () => {
    const repeated: TraceEvent[] = Array.from({ length: 1000 }, (_, i) => ({
      seq: i + 1,
      t: i,
      kind: 'deliver',
      node: 'node-with-a-long-name',
      actor: '/some/deeply/nested/actor/path',
      lamport: i,
      msg: i,
      type: 'AVeryLongMessageTypeName',
      from: '/some/deeply/nested/actor/path',
      fromNode: 'node-with-a-long-name',
    }));
    const json = encodeViewerData(repeated);
    const data = JSON.parse(json) as ViewerData;
    expect(data.strings).to.deep.equal(['node-with-a-long-name', '/some/deeply/nested/actor/path', 'AVeryLongMessageTypeName']);
    expect(json.split('AVeryLongMessageTypeName').length - 1).to.equal(1);
    // Far smaller than the JSON Lines of the same events.
    const jsonl = repeated.map(encodeEvent).join('\n');
    expect(json.length).to.be.lessThan(jsonl.length / 4);
  });

  it('should lay a row out as [seq, t, kind, node, actor, lamport, mask, …present optional fields]', () => {
    const data = JSON.parse(encodeViewerData([events[2]])) as ViewerData;
    const [seq, t, kind, node, actor, lamport, mask, ...rest] = data.events[0];
    expect([seq, t, data.kinds[kind as number], data.strings[node as number], data.strings[actor as number], lamport]).to.deep.equal([3, 0, 'send', 'n1', '/a', 2]);
    const present = OPTIONAL_FIELDS.filter((_, i) => ((mask as number) & (1 << i)) !== 0);
    expect(present).to.deep.equal(['msg', 'cause', 'type', 'to', 'toNode', 'payload']);
    expect(rest).to.have.length(present.length);
    expect(rest[rest.length - 1]).to.deep.equal({ type: 'Ping', n: 1, tags: ['x', 'y'] });
    expect(data.kinds.slice(0, VIEWER_KINDS.length)).to.deep.equal([...VIEWER_KINDS]);
  });

  const edgeCases: Array<[string, TraceEvent, TraceEvent]> = [
    [
      'a null payload (present, not absent)',
      { seq: 1, t: 0, kind: 'send', node: 'n1', actor: '/a', lamport: 1, msg: 1, payload: null },
      { seq: 1, t: 0, kind: 'send', node: 'n1', actor: '/a', lamport: 1, msg: 1, payload: null },
    ],
    [
      'strings with quotes, newlines, markup and non-ASCII',
      { seq: 1, t: 0, kind: 'milestone', node: 'nœud "1"', actor: '/a\n</script>', lamport: 1, type: '✓ <b>', data: { s: '\u2028\u0000' } },
      { seq: 1, t: 0, kind: 'milestone', node: 'nœud "1"', actor: '/a\n</script>', lamport: 1, type: '✓ <b>', data: { s: '\u2028\u0000' } },
    ],
    [
      'non-finite numbers, which JSON writes as null (as JSON Lines does)',
      { seq: 1, t: Number.NaN, kind: 'spawn', node: 'n1', actor: '/a', lamport: Infinity },
      { seq: 1, t: null, kind: 'spawn', node: 'n1', actor: '/a', lamport: null } as unknown as TraceEvent,
    ],
    [
      'a payload JSON cannot hold (a cycle), recorded as a string saying why',
      (() => {
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        return { seq: 1, t: 0, kind: 'send', node: 'n1', actor: '/a', lamport: 1, payload: cyclic } as TraceEvent;
      })(),
      { seq: 1, t: 0, kind: 'send', node: 'n1', actor: '/a', lamport: 1, payload: 'CYCLE' },
    ],
    [
      'a payload JSON leaves out (a function), left out',
      { seq: 1, t: 0, kind: 'send', node: 'n1', actor: '/a', lamport: 1, payload: () => 1 },
      { seq: 1, t: 0, kind: 'send', node: 'n1', actor: '/a', lamport: 1 },
    ],
    [
      'a kind outside the schema, added to the kind table',
      { seq: 1, t: 0, kind: 'custom' as TraceEvent['kind'], node: 'n1', actor: '/a', lamport: 1 },
      { seq: 1, t: 0, kind: 'custom' as TraceEvent['kind'], node: 'n1', actor: '/a', lamport: 1 },
    ],
  ];
  for (const [name, input, expected] of edgeCases) {
    it(`should round-trip ${name}`, () => {
      const [out] = decodeViewerData(encodeViewerData([input]));
      if (expected.payload === 'CYCLE') {
        expect(out.payload).to.be.a('string').and.match(/^\[unserializable: .*circular/i);
        return;
      }
      expect(out).to.deep.equal(expected);
    });
  }

  it('should encode an empty trace', () => {
    expect(decodeViewerData(encodeViewerData([]))).to.deep.equal([]);
  });

  it('should refuse data of another version or with bad indices', () => {
    expect(() => decodeViewerData('{"v":2,"kinds":[],"strings":[],"events":[]}')).to.throw(RangeError, /version/);
    expect(() => decodeViewerData({ v: 1, kinds: ['send'], strings: [], events: [[1, 0, 0, 5, 0, 0, 0]] })).to.throw(RangeError, /string index/);
    expect(() => decodeViewerData({ v: 1, kinds: ['send'], strings: ['n'], events: [[1, 0, 0, 0, 0, 0, 1]] })).to.throw(RangeError, /missing value of msg/);
  });
});
