import { expect } from 'chai';
import { createMemoryTrace, type MemoryTrace } from '../../../lib/trace/MemoryTrace.js';
import { decodeEvent } from '../../../lib/trace/encodeEvent.js';
import type { TraceEvent } from '../../../lib/trace/TraceEvent.js';

/**
 * A branching exchange (seq = index + 1):
 *   outside --m1 Start--> n1:/a
 *   /a handles m1: --m2 Query--> n2:/b, --m3 Query--> n3:/c
 *   /b handles m2: --m4 Update--> n3:/c
 *   /c handles m3: --m5 Reply--> n1:/a
 *   /c handles m4: milestone "applied" (cause 4)
 *   /a handles m5
 */
const exchange: TraceEvent[] = [
  { seq: 1, t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 1 },
  { seq: 2, t: 0, kind: 'send', node: '', actor: '', lamport: 1, msg: 1, type: 'Start', to: '/a', toNode: 'n1' },
  { seq: 3, t: 1, kind: 'deliver', node: 'n1', actor: '/a', lamport: 2, msg: 1, type: 'Start', from: '', fromNode: '' },
  { seq: 4, t: 1, kind: 'send', node: 'n1', actor: '/a', lamport: 3, msg: 2, cause: 1, type: 'Query', to: '/b', toNode: 'n2' },
  { seq: 5, t: 1, kind: 'send', node: 'n1', actor: '/a', lamport: 4, msg: 3, cause: 1, type: 'Query', to: '/c', toNode: 'n3' },
  { seq: 6, t: 2, kind: 'deliver', node: 'n2', actor: '/b', lamport: 4, msg: 2, type: 'Query', from: '/a', fromNode: 'n1' },
  { seq: 7, t: 2, kind: 'send', node: 'n2', actor: '/b', lamport: 5, msg: 4, cause: 2, type: 'Update', to: '/c', toNode: 'n3' },
  { seq: 8, t: 3, kind: 'deliver', node: 'n3', actor: '/c', lamport: 5, msg: 3, type: 'Query', from: '/a', fromNode: 'n1' },
  { seq: 9, t: 3, kind: 'send', node: 'n3', actor: '/c', lamport: 6, msg: 5, cause: 3, type: 'Reply', to: '/a', toNode: 'n1' },
  { seq: 10, t: 4, kind: 'deliver', node: 'n3', actor: '/c', lamport: 7, msg: 4, type: 'Update', from: '/b', fromNode: 'n2' },
  { seq: 11, t: 4, kind: 'milestone', node: 'n3', actor: '/c', lamport: 8, cause: 4, type: 'applied', data: { slot: 42 } },
  { seq: 12, t: 5, kind: 'deliver', node: 'n1', actor: '/a', lamport: 8, msg: 5, type: 'Reply', from: '/c', fromNode: 'n3' },
  { seq: 13, t: 6, kind: 'crash', node: 'n2', actor: '/a', lamport: 1, reason: 'boom' },
];

const seqs = (events: TraceEvent[]): number[] => events.map((e) => e.seq);

const filled = (events: TraceEvent[], limit?: number): MemoryTrace => {
  const trace = createMemoryTrace(limit === undefined ? {} : { limit });
  for (const e of events) trace.write(e);
  return trace;
};

describe('MemoryTrace', () => {
  describe('queries', () => {
    const trace = filled(exchange);

    it('should return every event in write order', () => {
      expect(seqs(trace.events())).to.deep.equal(exchange.map((e) => e.seq));
      expect(trace.size).to.equal(13);
    });

    it('should return a copy, so callers cannot change what it holds', () => {
      trace.events().length = 0;
      expect(trace.size).to.equal(13);
    });

    const cases: [string, () => TraceEvent[], number[]][] = [
      ['byActor on any node', () => trace.byActor('/a'), [1, 3, 4, 5, 12, 13]],
      ['byActor on one node', () => trace.byActor('/a', 'n2'), [13]],
      ['byNode', () => trace.byNode('n3'), [8, 9, 10, 11]],
      ['byType', () => trace.byType('Query'), [4, 5, 6, 8]],
      ['byKind', () => trace.byKind('deliver'), [3, 6, 8, 10, 12]],
      ['between (inclusive)', () => trace.between(2, 3), [6, 7, 8, 9]],
      ['filter with any-of arrays', () => trace.filter({ type: ['Reply', 'Update'], kind: 'send' }), [7, 9]],
      ['filter with every field', () => trace.filter({ actor: '/c', node: ['n3'], kind: ['deliver', 'milestone'], fromMs: 4, toMs: 4 }), [10, 11]],
      ['filter with nothing', () => trace.filter({}), exchange.map((e) => e.seq)],
      ['filter matching nothing', () => trace.filter({ type: [] }), []],
      ['lastN', () => trace.lastN(3), [11, 12, 13]],
      ['lastN beyond size', () => trace.lastN(100), exchange.map((e) => e.seq)],
      ['lastN(0)', () => trace.lastN(0), []],
    ];
    for (const [name, query, expected] of cases) {
      it(`should answer ${name}`, () => {
        expect(seqs(query())).to.deep.equal(expected);
      });
    }
  });

  describe('causalChain', () => {
    const trace = filled(exchange);
    const cases: [number, string, number[]][] = [
      [1, 'the root: everything it led to', [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
      [2, 'its cause up to the root and what it caused, but not its sibling m3', [2, 3, 4, 6, 7, 10, 11]],
      [3, 'its cause and its reply m5, but not the m2 branch', [2, 3, 5, 8, 9, 12]],
      [4, 'm2 and m1 above it and the milestone it caused', [2, 3, 4, 6, 7, 10, 11]],
      [5, 'a leaf: its events and its ancestors only', [2, 3, 5, 8, 9, 12]],
      [99, 'nothing for an unknown id', []],
    ];
    for (const [msg, name, expected] of cases) {
      it(`should give, for message ${msg}, ${name}`, () => {
        expect(seqs(trace.causalChain(msg))).to.deep.equal(expected);
      });
    }

    it('should treat cause 0 as no cause, so unrelated roots stay apart', () => {
      const roots = filled([
        { seq: 1, t: 0, kind: 'send', node: '', actor: '', lamport: 1, msg: 1, cause: 0, type: 'A', to: '/a', toNode: 'n' },
        { seq: 2, t: 0, kind: 'send', node: '', actor: '', lamport: 2, msg: 2, cause: 0, type: 'B', to: '/b', toNode: 'n' },
        { seq: 3, t: 1, kind: 'send', node: 'n', actor: '/a', lamport: 3, msg: 3, cause: 1, type: 'C', to: '/b', toNode: 'n' },
      ]);
      expect(seqs(roots.causalChain(3))).to.deep.equal([1, 3]);
      expect(seqs(roots.causalChain(2))).to.deep.equal([2]);
    });

    it('should start a chain at a timer and include a crash while handling a message', () => {
      const timed = filled([
        { seq: 1, t: 0, kind: 'timer', node: 'n', actor: '/a', lamport: 1, msg: 7, detail: 'tick' },
        { seq: 2, t: 0, kind: 'send', node: 'n', actor: '/a', lamport: 2, msg: 8, cause: 7, type: 'Check', to: '/b', toNode: 'n' },
        { seq: 3, t: 1, kind: 'deliver', node: 'n', actor: '/b', lamport: 3, msg: 8, type: 'Check', from: '/a', fromNode: 'n' },
        { seq: 4, t: 1, kind: 'crash', node: 'n', actor: '/b', lamport: 3, msg: 8, detail: 'boom' },
        { seq: 5, t: 2, kind: 'restart', node: 'n', actor: '/b', lamport: 4 },
      ]);
      expect(seqs(timed.causalChain(8))).to.deep.equal([1, 2, 3, 4]);
    });

    it('should stop on a cause cycle instead of looping', () => {
      const cyclic = filled([
        { seq: 1, t: 0, kind: 'send', node: 'n', actor: '/a', lamport: 1, msg: 1, cause: 2 },
        { seq: 2, t: 0, kind: 'send', node: 'n', actor: '/b', lamport: 1, msg: 2, cause: 1 },
      ]);
      expect(seqs(cyclic.causalChain(1))).to.deep.equal([1, 2]);
    });
  });

  describe('ring limit', () => {
    const cases: [number, number][] = [
      [1, 5],
      [3, 2],
      [3, 3],
      [3, 13],
      [5, 12],
      [13, 13],
      [20, 13],
    ];
    for (const [limit, written] of cases) {
      it(`should keep the last ${limit} of ${written} events in order`, () => {
        const trace = filled(exchange.slice(0, written), limit);
        const expected = exchange.slice(0, written).slice(-limit);
        expect(seqs(trace.events())).to.deep.equal(seqs(expected));
        expect(trace.size).to.equal(Math.min(limit, written));
        expect(trace.evicted).to.equal(Math.max(0, written - limit));
      });
    }

    it('should answer queries over the kept events only', () => {
      const trace = filled(exchange, 4);
      expect(seqs(trace.byKind('deliver'))).to.deep.equal([10, 12]);
      expect(seqs(trace.lastN(2))).to.deep.equal([12, 13]);
    });

    for (const limit of [0, -1, 1.5, NaN]) {
      it(`should reject a limit of ${limit}`, () => {
        expect(() => createMemoryTrace({ limit })).to.throw(RangeError, /positive integer/);
      });
    }

    it('should start over after clear', () => {
      const trace = filled(exchange, 4);
      trace.clear();
      trace.write(exchange[0]);
      expect(seqs(trace.events())).to.deep.equal([1]);
      expect(trace.evicted).to.equal(0);
    });
  });

  describe('toJsonl', () => {
    it('should write one decodable line per event, each ending in a newline', () => {
      const text = filled(exchange).toJsonl();
      expect(text.endsWith('\n')).to.equal(true);
      const lines = text.split('\n').slice(0, -1);
      expect(lines).to.have.length(exchange.length);
      expect(lines.map((l) => decodeEvent(l))).to.deep.equal(exchange.map((e) => ({ _tag: 'Right', right: e })));
    });

    it('should be empty for an empty trace', () => {
      expect(createMemoryTrace().toJsonl()).to.equal('');
    });
  });
});
