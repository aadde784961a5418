import { expect } from 'chai';
import * as t from 'io-ts';
import { defineBehavior, type AnyRef, type Signal } from '../../../lib/actor/index.js';
import { simSystem } from '../../support/simSystem.js';
import { Counter } from './fixtures.js';

/** Watches the refs it is given and records the signals and messages it gets. */
const watcher = (targets: () => AnyRef[], custom = false) =>
  defineBehavior({
    name: 'watcher',
    protocol: t.unknown,
    init: (ctx) => {
      for (const target of targets()) {
        if (custom) ctx.watchWith(target, { type: 'gone', path: target.path });
        else ctx.watch(target);
      }
      return [] as unknown[];
    },
    receive: (seen, msg) => [...seen, msg],
    onSignal: (seen, signal: Signal) => [...seen, signal],
  });

describe('death watch', () => {
  it('should deliver Terminated when a watched actor stops', () => {
    const { system, run, trace } = simSystem();
    const c = system.spawn(Counter, 'c');
    system.spawn(watcher(() => [c]), 'w');
    system.tell(c, { type: 'stop' });
    run();
    const delivered = trace.byKind('deliver').filter((e) => e.actor === '/w');
    expect(delivered.map((e) => e.type)).to.deep.equal(['terminated']);
  });

  it('should say node-down when the watched actor died with its node', () => {
    const { system, run } = simSystem();
    const got: Signal[] = [];
    const c = system.spawn(Counter, 'c', { node: 'n2' });
    system.spawn(
      defineBehavior({
        name: 'w',
        protocol: t.unknown,
        init: (ctx) => ctx.watch(c),
        receive: (s) => s,
        onSignal: (s, sig) => {
          got.push(sig);
          return s;
        },
      }),
      'w',
      { node: 'n1' },
    );
    system.node('n2').crash();
    run();
    expect(got).to.deep.equal([{ type: 'terminated', ref: c, reason: 'node-down' }]);
  });

  it('should deliver the custom message of watchWith to receive', () => {
    const { system, run } = simSystem();
    const got: unknown[] = [];
    const c = system.spawn(Counter, 'c');
    system.spawn(
      defineBehavior({
        name: 'w',
        protocol: t.unknown,
        init: (ctx) => ctx.watchWith(c, { type: 'gone' }),
        receive: (s, m) => {
          got.push(m);
          return s;
        },
      }),
      'w',
    );
    system.stop(c);
    run();
    expect(got).to.deep.equal([{ type: 'gone' }]);
  });

  it('should deliver Terminated at once when watching an actor that is already dead', () => {
    const { system, run } = simSystem();
    const got: Signal[] = [];
    const c = system.spawn(Counter, 'c');
    system.stop(c);
    system.spawn(
      defineBehavior({
        name: 'w',
        protocol: t.unknown,
        init: (ctx) => ctx.watch(c),
        receive: (s) => s,
        onSignal: (s, sig) => {
          got.push(sig);
          return s;
        },
      }),
      'w',
    );
    run();
    expect(got.map((s) => s.type)).to.deep.equal(['terminated']);
  });

  it('should deliver nothing after unwatch', () => {
    const { system, run } = simSystem();
    const got: Signal[] = [];
    const c = system.spawn(Counter, 'c');
    system.spawn(
      defineBehavior({
        name: 'w',
        protocol: t.unknown,
        init: (ctx) => {
          ctx.watch(c);
          ctx.unwatch(c);
        },
        receive: (s) => s,
        onSignal: (s, sig) => {
          got.push(sig);
          return s;
        },
      }),
      'w',
    );
    system.stop(c);
    run();
    expect(got).to.deep.equal([]);
  });
});
