import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { defineBehavior, type Behavior, type Ref, type Signal } from '../../../lib/actor/index.js';
import type { ChildRestart, SupervisionOptions } from '../../../lib/supervision/index.js';
import { simSystem } from '../../support/simSystem.js';
import { Counter, getCount, type CounterMsg } from '../actor/fixtures.js';

/** A supervisor spawning counters a, b, c (in that order) with the given strategy. */
const supervisor = (supervision: SupervisionOptions, restart: ChildRestart = 'transient', onSignal?: (sig: Signal) => void) =>
  defineBehavior({
    name: 'sup',
    protocol: t.unknown,
    supervision,
    init: (ctx) => {
      for (const name of ['a', 'b', 'c']) ctx.spawn(Counter, name, { restart });
      return undefined;
    },
    receive: (s) => s,
    onSignal: (s, sig) => {
      onSignal?.(sig);
      return s;
    },
  });

/** Counts of a, b, c after `inc` to each then `boom` to `failing`. */
const countsAfterFailure = async (supervision: SupervisionOptions, failing: string): Promise<Array<number | string>> => {
  const { system, run } = simSystem();
  system.spawn(supervisor(supervision), 'sup');
  const live = ['a', 'b', 'c'].map((n) => system.find('local', `/sup/${n}`) as Ref<CounterMsg>);
  for (const ref of live) system.tell(ref, { type: 'inc' });
  run(10);
  system.tell(live.find((r) => r.path.endsWith(`/${failing}`))!, { type: 'boom' });
  run(10);
  const replies = live.map((ref) => system.ask(ref, getCount, 100)());
  run();
  return Promise.all(replies.map(async (r) => E.getOrElse<unknown, number | string>((e) => JSON.stringify(e))(await r)));
};

describe('supervision strategies', () => {
  it('one-for-one should restart only the failed child, with fresh state', async () => {
    expect(await countsAfterFailure({ strategy: 'one-for-one' }, 'b')).to.deep.equal([1, 0, 1]);
  });

  it('one-for-all should restart every child', async () => {
    expect(await countsAfterFailure({ strategy: 'one-for-all' }, 'b')).to.deep.equal([0, 0, 0]);
  });

  it('rest-for-one should restart the failed child and those started after it', async () => {
    expect(await countsAfterFailure({ strategy: 'rest-for-one' }, 'b')).to.deep.equal([1, 0, 0]);
  });

  it('should keep the ref valid across a restart (same incarnation)', async () => {
    const { system, run } = simSystem();
    const c = system.spawn(Counter, 'c');
    system.tell(c, { type: 'boom' });
    system.tell(c, { type: 'inc' });
    const r = system.ask(c, getCount, 100)();
    run();
    expect(await r).to.deep.equal(E.right(1));
  });

  it('should keep the mailbox across a restart: messages after the failing one reach the new instance', async () => {
    const { system, run, trace } = simSystem();
    const c = system.spawn(Counter, 'c');
    system.tell(c, { type: 'inc' });
    system.tell(c, { type: 'boom' });
    system.tell(c, { type: 'inc' });
    system.tell(c, { type: 'inc' });
    const r = system.ask(c, getCount, 100)();
    run();
    expect(await r).to.deep.equal(E.right(2));
    expect(trace.byActor('/c').map((e) => e.kind)).to.deep.equal([
      'spawn', 'deliver', 'deliver', 'crash', 'restart', 'deliver', 'deliver', 'deliver', 'send',
    ]);
  });

  const restartCases: Array<[ChildRestart, 'fail' | 'stop', boolean]> = [
    ['permanent', 'fail', true],
    ['permanent', 'stop', true],
    ['transient', 'fail', true],
    ['transient', 'stop', false],
    ['temporary', 'fail', false],
    ['temporary', 'stop', false],
  ];
  for (const [restart, how, alive] of restartCases) {
    it(`a ${restart} child that ${how === 'fail' ? 'fails' : 'stops itself'} should ${alive ? '' : 'not '}be restarted`, () => {
      const { system, run } = simSystem();
      const c = system.spawn(Counter, 'c', { restart });
      system.tell(c, how === 'fail' ? { type: 'boom' } : { type: 'stop' });
      run();
      expect(system.isAlive(c)).to.equal(alive);
    });
  }

  it('should escalate when the restart budget is exhausted: the supervisor stops its children and fails itself', () => {
    const { system, run, trace } = simSystem();
    const inner = defineBehavior({
      name: 'inner',
      protocol: t.unknown,
      supervision: { maxRestarts: 2, withinMs: 10_000 },
      init: (ctx) => {
        ctx.spawn(Counter, 'x');
        ctx.spawn(Counter, 'y');
        return undefined;
      },
      receive: (s) => s,
    });
    const outer = defineBehavior({
      name: 'outer',
      protocol: t.unknown,
      init: (ctx) => ctx.spawn(inner, 'inner'),
      receive: (s) => s,
    });
    system.spawn(outer, 'outer');
    const x = { node: 'local', path: '/outer/inner/x', incarnation: 0 };
    for (let i = 0; i < 3; i++) {
      const live = system.find('local', x.path) as Ref<CounterMsg>;
      system.tell(live, { type: 'boom' });
      run(10);
    }
    const crashes = trace.byKind('crash').map((e) => `${e.actor} ${e.detail}`);
    expect(crashes).to.deep.equal([
      '/outer/inner/x Error: boom at 0',
      '/outer/inner/x Error: boom at 0',
      '/outer/inner/x Error: boom at 0',
      '/outer/inner EscalatedFailure: child /outer/inner/x exceeded its restart budget (last failure: Error: boom at 0)',
    ]);
    // outer restarted inner (fresh children, new incarnations): everything alive again
    expect(trace.byKind('restart').map((e) => e.actor)).to.deep.equal(['/outer/inner/x', '/outer/inner/x', '/outer/inner']);
    expect(system.find('local', '/outer/inner/x')).to.not.equal(undefined);
    expect(system.find('local', '/outer/inner/y')).to.not.equal(undefined);
  });

  it('should stop a top-level actor whose budget is exhausted at its node guardian', () => {
    const { system, run } = simSystem(1, { supervision: { maxRestarts: 1, withinMs: 1000 } });
    const c = system.spawn(Counter, 'c');
    system.tell(c, { type: 'boom' });
    system.tell(c, { type: 'boom' });
    run();
    expect(system.isAlive(c)).to.equal(false);
  });

  it('should restart after exponential backoff with seeded jitter, and reset after a stable period', () => {
    const { system, clock, trace } = simSystem(1, {
      supervision: { maxRestarts: 100, withinMs: 100_000, backoff: { minMs: 100, maxMs: 1000, jitter: 0, resetAfterMs: 5000 } },
    });
    const c = system.spawn(Counter, 'c');
    const restartTimes: number[] = [];
    for (let i = 0; i < 6; i++) {
      system.tell(c, { type: 'boom' });
      const before = trace.byKind('restart').length;
      while (trace.byKind('restart').length === before) clock.step();
      restartTimes.push(clock.now());
    }
    const gaps = restartTimes.map((t, i) => t - (i === 0 ? 0 : restartTimes[i - 1]));
    expect(gaps).to.deep.equal([100, 200, 400, 800, 1000, 1000]);
    clock.advanceBy(6000);
    const stableAt = clock.now();
    system.tell(c, { type: 'boom' });
    while (trace.byKind('restart').length === 6) clock.step();
    expect(clock.now() - stableAt).to.equal(100);
  });

  it('should not fire a timer of the previous generation after a restart', () => {
    const { system, clock } = simSystem();
    const seen: Array<[number, string]> = [];
    const Ticker = defineBehavior({
      name: 'ticker',
      protocol: t.string,
      init: (ctx) => {
        if (ctx.generation === 0) ctx.timers.startSingleTimer('t', 'old-single', 100);
        ctx.timers.startPeriodicTimer('p', `tick-g${ctx.generation}`, 30);
        return undefined;
      },
      receive: (s, msg) => {
        seen.push([clock.now(), msg]);
        if (msg === 'boom') throw new Error('boom');
        return s;
      },
    });
    const a = system.spawn(Ticker, 'a');
    clock.advanceBy(45);
    system.tell(a, 'boom');
    clock.advanceBy(200);
    const messages = seen.map(([, m]) => m);
    expect(messages).to.not.include('old-single');
    expect(messages.filter((m) => m === 'tick-g0')).to.have.length(1);
    expect(messages.filter((m) => m === 'tick-g1').length).to.equal(6);
  });

  it('should treat a rejected promise from receive as a failure', async () => {
    const { system, run, trace } = simSystem();
    const Async = defineBehavior({
      name: 'async',
      protocol: t.string,
      init: () => 0,
      receive: async (n, msg) => {
        await Promise.resolve();
        if (msg === 'boom') throw new Error('async boom');
        return n + 1;
      },
    });
    const a = system.spawn(Async, 'a');
    system.tell(a, 'x');
    run();
    await new Promise((r) => setImmediate(r));
    system.tell(a, 'boom');
    run();
    await new Promise((r) => setImmediate(r));
    expect(trace.byKind('crash').map((e) => e.detail)).to.deep.equal(['Error: async boom']);
    expect(trace.byKind('restart')).to.have.length(1);
  });

  it('should not let a restart loop starve other actors', () => {
    const { system, run } = simSystem(1, { supervision: { maxRestarts: 1000, withinMs: 1000 } });
    const bad = system.spawn(Counter, 'bad');
    const good = system.spawn(Counter, 'good');
    for (let i = 0; i < 100; i++) {
      system.tell(bad, { type: 'boom' });
      system.tell(good, { type: 'inc' });
    }
    run();
    expect(system.isAlive(good)).to.equal(true);
  });
});

export type { Behavior };
