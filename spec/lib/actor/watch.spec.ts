import { expect } from 'chai';
import * as t from 'io-ts';
import { defineBehavior, type ActorContext, type Signal } from '../../../lib/actor/index.js';
import { simSystem } from '../../support/simSystem.js';
import { Counter } from './fixtures.js';

/** A watcher whose init does `setup` and that records every message and signal it gets into `got`. */
const recorder = (got: unknown[], setup: (ctx: ActorContext<unknown>) => void) =>
  defineBehavior({
    name: 'watcher',
    protocol: t.unknown,
    init: (ctx) => setup(ctx),
    receive: (s, msg) => (got.push(msg), s),
    onSignal: (s, signal: Signal) => (got.push(signal), s),
  });

describe('death watch', () => {
  it('should deliver Terminated when a watched actor stops', () => {
    const { system, run, trace } = simSystem();
    const got: unknown[] = [];
    const c = system.spawn(Counter, 'c');
    system.spawn(recorder(got, (ctx) => ctx.watch(c)), 'w');
    system.tell(c, { type: 'stop' });
    run();
    expect(got).to.deep.equal([{ type: 'terminated', ref: c, reason: 'stopped' }]);
    expect(trace.byKind('deliver').filter((e) => e.actor === '/w').map((e) => e.type)).to.deep.equal(['terminated']);
  });

  it('should say node-down when the watched actor died with its node', () => {
    const { system, run } = simSystem();
    const got: unknown[] = [];
    const c = system.spawn(Counter, 'c', { node: 'n2' });
    system.spawn(recorder(got, (ctx) => ctx.watch(c)), 'w', { node: 'n1' });
    system.node('n2').crash();
    run();
    expect(got).to.deep.equal([{ type: 'terminated', ref: c, reason: 'node-down' }]);
  });

  it('should deliver the custom message of watchWith to receive', () => {
    const { system, run } = simSystem();
    const got: unknown[] = [];
    const c = system.spawn(Counter, 'c');
    system.spawn(recorder(got, (ctx) => ctx.watchWith(c, { type: 'gone' })), 'w');
    system.stop(c);
    run();
    expect(got).to.deep.equal([{ type: 'gone' }]);
  });

  it('should deliver Terminated at once when watching an actor that is already dead', () => {
    const { system, run } = simSystem();
    const got: unknown[] = [];
    const c = system.spawn(Counter, 'c');
    system.stop(c);
    system.spawn(recorder(got, (ctx) => ctx.watch(c)), 'w');
    run();
    expect(got).to.deep.equal([{ type: 'terminated', ref: c, reason: 'stopped' }]);
  });

  it('should deliver nothing after unwatch', () => {
    const { system, run } = simSystem();
    const got: unknown[] = [];
    const c = system.spawn(Counter, 'c');
    system.spawn(
      recorder(got, (ctx) => {
        ctx.watch(c);
        ctx.unwatch(c);
      }),
      'w',
    );
    system.stop(c);
    run();
    expect(got).to.deep.equal([]);
  });

  it('should not tell watchers about a restart (it is not a termination)', () => {
    const { system, run } = simSystem();
    const got: unknown[] = [];
    const c = system.spawn(Counter, 'c');
    system.spawn(recorder(got, (ctx) => ctx.watch(c)), 'w');
    system.tell(c, { type: 'boom' });
    run();
    expect(system.isAlive(c)).to.equal(true);
    expect(got).to.deep.equal([]);
  });
});
