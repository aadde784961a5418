import { expect } from 'chai';
import { interval, take, timer } from 'rxjs';
import { createVirtualClock, type ClockTask } from '../../../lib/time/index.js';
import { createRandom } from '../../../lib/random/index.js';

const task = (log: string[], name: string): ClockTask => ({
  at: 0,
  seq: 0,
  heapIndex: -1,
  inQueue: 0,
  stale: 0,
  fire: () => log.push(name),
});

describe('VirtualClock', () => {
  it('should fire timers in time order and jump time to each one', () => {
    const clock = createVirtualClock();
    const seen: Array<[string, number]> = [];
    clock.schedule(() => seen.push(['c', clock.now()]), 300);
    clock.schedule(() => seen.push(['a', clock.now()]), 100);
    clock.schedule(() => seen.push(['b', clock.now()]), 200);
    expect(clock.runAll()).to.equal(3);
    expect(seen).to.deep.equal([['a', 100], ['b', 200], ['c', 300]]);
  });

  it('should fire same-time events in schedule order', () => {
    const clock = createVirtualClock();
    const seen: number[] = [];
    for (let i = 0; i < 50; i++) clock.schedule(() => seen.push(i), 10);
    clock.runAll();
    expect(seen).to.deep.equal([...Array(50).keys()]);
  });

  it('should run work scheduled for now after everything already due now', () => {
    const clock = createVirtualClock();
    const seen: string[] = [];
    clock.schedule(() => {
      seen.push('a');
      clock.schedule(() => seen.push('a-child'), 0);
    }, 5);
    clock.schedule(() => seen.push('b'), 5);
    clock.runAll();
    expect(seen).to.deep.equal(['a', 'b', 'a-child']);
  });

  it('should order posted tasks and timers by (time, seq) together', () => {
    const clock = createVirtualClock();
    const log: string[] = [];
    clock.schedule(() => log.push('timer@0'), 0);
    clock.post(task(log, 'task@0'));
    clock.post(task(log, 'task@7'), 7);
    clock.schedule(() => log.push('timer@7'), 7);
    clock.runAll();
    expect(log).to.deep.equal(['timer@0', 'task@0', 'task@7', 'timer@7']);
  });

  it('should not fire a cancelled timer, wherever it is queued', () => {
    const clock = createVirtualClock();
    const seen: string[] = [];
    const later = clock.schedule(() => seen.push('later'), 100);
    const now = clock.schedule(() => seen.push('now'), 0);
    clock.schedule(() => seen.push('kept'), 50);
    later.unsubscribe();
    now.unsubscribe();
    clock.runAll();
    expect(seen).to.deep.equal(['kept']);
    expect(clock.pending).to.equal(0);
  });

  it('should remove cancelled timers from the heap at once', () => {
    const clock = createVirtualClock();
    const subs = Array.from({ length: 1000 }, (_, i) => clock.schedule(() => undefined, 1000 + i));
    subs.forEach((s) => s.unsubscribe());
    expect(clock.pending).to.equal(0);
  });

  it('should reuse one action for an interval instead of chaining new ones', () => {
    const clock = createVirtualClock();
    const ticks: number[] = [];
    const sub = interval(100, clock).subscribe((i) => ticks.push(i));
    clock.advanceBy(10_000);
    expect(ticks.length).to.equal(100);
    expect(clock.pending).to.equal(1);
    sub.unsubscribe();
    expect(clock.pending).to.equal(0);
  });

  it('should drive RxJS time operators given as scheduler', () => {
    const clock = createVirtualClock();
    const seen: Array<[number, number]> = [];
    timer(50, 20, clock)
      .pipe(take(3))
      .subscribe((v) => seen.push([v, clock.now()]));
    clock.runAll();
    expect(seen).to.deep.equal([[0, 50], [1, 70], [2, 90]]);
  });

  it('should advance by a span, firing only what is due, and land exactly on its end', () => {
    const clock = createVirtualClock(1000);
    const seen: number[] = [];
    clock.schedule(() => seen.push(clock.now()), 400);
    clock.schedule(() => seen.push(clock.now()), 600);
    clock.advanceBy(500);
    expect(seen).to.deep.equal([1400]);
    expect(clock.now()).to.equal(1500);
    expect(clock.nextTime()).to.equal(1600);
  });

  it('should move a rescheduled action rather than fire it twice', () => {
    const clock = createVirtualClock();
    const seen: number[] = [];
    const action = clock.schedule(function () {
      seen.push(clock.now());
    }, 0) as unknown as { schedule: (s?: unknown, d?: number) => void };
    action.schedule(undefined, 30);
    clock.runAll();
    expect(seen).to.deep.equal([30]);
  });

  it('should fire many random timers in non-decreasing time order', () => {
    const clock = createVirtualClock();
    const r = createRandom(3);
    let last = -1;
    let ordered = true;
    for (let i = 0; i < 20_000; i++) {
      clock.schedule(() => {
        if (clock.now() < last) ordered = false;
        last = clock.now();
      }, r.int(0, 1_000_000));
    }
    expect(clock.runAll()).to.equal(20_000);
    expect(ordered).to.equal(true);
  });
});
