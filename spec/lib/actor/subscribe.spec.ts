import { expect } from 'chai';
import * as t from 'io-ts';
import { interval, map, take, throwError, timer, concatMap, of } from 'rxjs';
import { defineBehavior } from '../../../lib/actor/index.js';
import { simSystem } from '../../support/simSystem.js';

/** Subscribes to `interval(periodMs)` in init and logs each tick with its generation and time. */
const ticker = (log: string[], periodMs: number) =>
  defineBehavior({
    name: 'ticker',
    protocol: t.union([t.type({ type: t.literal('tick'), n: t.number }), t.type({ type: t.literal('boom') })]),
    init: (ctx) => {
      ctx.subscribe(interval(periodMs, ctx.clock), (n) => ({ type: 'tick' as const, n }));
      return undefined;
    },
    receive: (s, msg, ctx) => {
      if (msg.type === 'boom') throw new Error('boom');
      log.push(`g${ctx.generation} tick ${msg.n} at ${ctx.now()}`);
      return s;
    },
  });

describe('ctx.subscribe', () => {
  it('should turn each value of a stream into a message, in order', () => {
    const { system, clock } = simSystem();
    const log: string[] = [];
    system.spawn(ticker(log, 100), 'a');
    clock.advanceBy(350);
    expect(log).to.deep.equal(['g0 tick 0 at 100', 'g0 tick 1 at 200', 'g0 tick 2 at 300']);
  });

  it('should cancel the subscription when the actor stops', () => {
    const { system, clock } = simSystem();
    const log: string[] = [];
    const a = system.spawn(ticker(log, 100), 'a');
    clock.advanceBy(150);
    system.stop(a);
    clock.advanceBy(1000);
    expect(log).to.have.length(1);
    expect(clock.pending).to.equal(0);
    expect(system.deadLetters).to.equal(0);
  });

  it('should cancel it at a restart, so the new generation does not tick twice', () => {
    const { system, clock } = simSystem();
    const log: string[] = [];
    const a = system.spawn(ticker(log, 100), 'a');
    clock.advanceBy(150);
    system.tell(a, { type: 'boom' });
    clock.advanceBy(300);
    expect(log).to.deep.equal(['g0 tick 0 at 100', 'g1 tick 0 at 250', 'g1 tick 1 at 350', 'g1 tick 2 at 450']);
  });

  it('should cancel it when the node crashes', () => {
    const { system, clock } = simSystem();
    const log: string[] = [];
    system.spawn(ticker(log, 100), 'a', { node: 'n1' });
    clock.advanceBy(150);
    system.node('n1').crash();
    clock.advanceBy(1000);
    expect(log).to.have.length(1);
    expect(clock.pending).to.equal(0);
  });

  it('should deliver the completion message and treat a stream error as a failure', () => {
    const { system, clock, trace } = simSystem();
    const got: unknown[] = [];
    system.spawn(
      defineBehavior({
        name: 'finite',
        protocol: t.unknown,
        init: (ctx) => {
          ctx.subscribe(timer(10, 10, ctx.clock).pipe(take(2), map((n) => `v${n}`)), (v) => v, () => 'done');
          if (ctx.generation === 0) {
            ctx.subscribe(timer(50, ctx.clock).pipe(concatMap(() => throwError(() => new Error('stream broke')))), () => 'never');
          }
          ctx.subscribe(of('sync'), (v) => v);
          return undefined;
        },
        receive: (s, m) => (got.push(m), s),
      }),
      'f',
    );
    clock.advanceBy(100);
    expect(got.slice(0, 4)).to.deep.equal(['sync', 'v0', 'v1', 'done']);
    expect(trace.byKind('crash').map((e) => e.detail)).to.deep.equal(['Error: stream broke']);
    expect(trace.byKind('restart')).to.have.length(1);
  });
});
