import { expect } from 'chai';
import { createMemoryTrace } from '../../../lib/trace/MemoryTrace.js';
import type { TraceEvent, TraceSink } from '../../../lib/trace/TraceEvent.js';
import { createTracer, type UnnumberedEvent } from '../../../lib/trace/Tracer.js';

const spawn: UnnumberedEvent = { t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 1 };
const stop: UnnumberedEvent = { t: 5, kind: 'stop', node: 'n1', actor: '/a', lamport: 2, reason: 'done' };

/** A sink recording what it was given and whether it was closed. */
const recordingSink = (log: string[], name: string): TraceSink & { closed: boolean } => {
  const sink = {
    closed: false,
    write: (e: TraceEvent) => void log.push(`${name}:${e.seq}`),
    close: async () => {
      sink.closed = true;
    },
  };
  return sink;
};

describe('Tracer', () => {
  it('should number events from 1 in order and return each seq', () => {
    const memory = createMemoryTrace();
    const tracer = createTracer({ sinks: [memory] });
    expect([tracer.record(spawn), tracer.record(stop)]).to.deep.equal([1, 2]);
    expect(tracer.count).to.equal(2);
    // Events have every field (absent ones undefined, one shape for speed); compare the defined ones.
    const defined = (e: TraceEvent): Partial<TraceEvent> => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined));
    expect(memory.events().map(defined)).to.deep.equal([
      { seq: 1, ...spawn },
      { seq: 2, ...stop },
    ]);
  });

  it('should be disabled without sinks, record nothing and return 0', () => {
    const tracer = createTracer();
    expect(tracer.enabled).to.equal(false);
    expect(tracer.record(spawn)).to.equal(0);
    expect(tracer.count).to.equal(0);
  });

  it('should hand each event to every sink, sink by sink in order', () => {
    const log: string[] = [];
    const tracer = createTracer({ sinks: [recordingSink(log, 'x'), recordingSink(log, 'y')] });
    tracer.record(spawn);
    tracer.record(stop);
    expect(log).to.deep.equal(['x:1', 'y:1', 'x:2', 'y:2']);
  });

  it('should enable itself when a sink is added and disable when the last is removed', () => {
    const log: string[] = [];
    const sink = recordingSink(log, 's');
    const tracer = createTracer();
    tracer.addSink(sink);
    expect(tracer.enabled).to.equal(true);
    expect(tracer.record(spawn)).to.equal(1);
    tracer.removeSink(sink);
    expect(tracer.enabled).to.equal(false);
    expect(tracer.record(stop)).to.equal(0);
    expect(log).to.deep.equal(['s:1']);
  });

  it('should keep numbering across sink changes', () => {
    const first = createMemoryTrace();
    const second = createMemoryTrace();
    const tracer = createTracer({ sinks: [first] });
    tracer.record(spawn);
    tracer.removeSink(first);
    tracer.addSink(second);
    tracer.record(stop);
    expect(second.events().map((e) => e.seq)).to.deep.equal([2]);
  });

  it('should not see sinks pushed later onto the array it was given', () => {
    const sinks: TraceSink[] = [];
    const tracer = createTracer({ sinks });
    sinks.push(createMemoryTrace());
    expect(tracer.enabled).to.equal(false);
  });

  const payloadCases: [string, boolean | undefined, boolean][] = [
    ['off by default', undefined, false],
    ['on when asked', true, true],
    ['off when asked', false, false],
  ];
  for (const [name, payloads, expected] of payloadCases) {
    it(`should have payload recording ${name}`, () => {
      const tracer = createTracer(payloads === undefined ? {} : { payloads });
      expect(tracer.payloads).to.equal(expected);
    });
  }

  it('should close every sink that can be closed', async () => {
    const log: string[] = [];
    const a = recordingSink(log, 'a');
    const b = recordingSink(log, 'b');
    const plain: TraceSink = { write: () => undefined };
    const tracer = createTracer({ sinks: [a, plain, b] });
    await tracer.close();
    expect([a.closed, b.closed]).to.deep.equal([true, true]);
  });
});
