import { expect } from 'chai';
import { backoffDelay, RestartBudget, choosePrimary, restartSet } from '../../../lib/supervision/index.js';
import { createRandom } from '../../../lib/random/index.js';

describe('backoffDelay', () => {
  const cases: Array<[number, number]> = [
    [0, 100],
    [1, 200],
    [2, 400],
    [3, 800],
    [6, 5000],
    [20, 5000],
  ];
  for (const [attempt, expected] of cases) {
    it(`should wait ${expected} ms before restart #${attempt} without jitter`, () => {
      expect(backoffDelay({ minMs: 100, maxMs: 5000, jitter: 0 }, attempt, createRandom(1))).to.equal(expected);
    });
  }

  it('should add seeded jitter within [base, base·(1+jitter))', () => {
    const a = createRandom(77);
    const b = createRandom(77);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay({ minMs: 100, maxMs: 5000, jitter: 0.5 }, 2, a);
      expect(d).to.be.within(400, 600);
      expect(d).to.equal(backoffDelay({ minMs: 100, maxMs: 5000, jitter: 0.5 }, 2, b));
    }
  });
});

describe('RestartBudget', () => {
  it('should allow N restarts in the window and refuse the next', () => {
    const budget = new RestartBudget(3, 1000);
    expect([0, 10, 20].map((t) => budget.tryRestart(t))).to.deep.equal([true, true, true]);
    expect(budget.tryRestart(30)).to.equal(false);
  });

  it('should forget restarts that left the window', () => {
    const budget = new RestartBudget(2, 1000);
    budget.tryRestart(0);
    budget.tryRestart(500);
    expect(budget.tryRestart(900)).to.equal(false);
    expect(budget.tryRestart(1001)).to.equal(true);
  });
});

describe('restartSet', () => {
  const kids = ['a', 'b', 'c', 'd'];
  const cases: Array<[Parameters<typeof restartSet>[0], string, string[]]> = [
    ['one-for-one', 'b', ['b']],
    ['one-for-all', 'b', ['a', 'b', 'c', 'd']],
    ['rest-for-one', 'b', ['b', 'c', 'd']],
    ['rest-for-one', 'd', ['d']],
    ['replica-group', 'c', ['c']],
  ];
  for (const [strategy, failed, expected] of cases) {
    it(`should restart ${expected.join(',')} under ${strategy} when ${failed} fails`, () => {
      expect(restartSet(strategy, kids, failed)).to.deep.equal(expected);
    });
  }
});

describe('choosePrimary', () => {
  it('should pick the highest offset, then the earliest started', () => {
    expect(choosePrimary([{ ref: 'a', offset: 5, order: 1 }, { ref: 'b', offset: 9, order: 2 }, { ref: 'c', offset: 9, order: 3 }])?.ref).to.equal('b');
    expect(choosePrimary([])).to.equal(undefined);
  });
});
