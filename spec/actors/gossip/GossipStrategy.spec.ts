import { expect } from 'chai';
import { createRandom } from '../../../lib/random/index.js';
import { createSimulation } from '../../../lib/sim/index.js';
import {
  GossipMonitor,
  PeerView,
  bootGossipCluster,
  getStrategy,
  pushPull,
  registerStrategy,
  strategyNames,
  type GossipStrategy,
  type RoundContext,
  type Spread,
} from '../../../actors/gossip/index.js';

const peers = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i}`);
const spread = (s: Partial<Spread> = {}): Spread => ({ sentTo: new Set(), receivedFrom: new Set(), sends: 0, rounds: 0, duplicates: 0, ...s });
const round = (n: number, budget = 8, fanout = 3): RoundContext => ({ self: 'n0', view: PeerView.of('n0', peers(n)), fanout, budget, random: createRandom(n) });

describe('gossip strategies', () => {
  it('should register the four built-in strategies by name and refuse unknown names', () => {
    expect(strategyNames().slice(0, 4)).to.deep.equal(['plain-random', 'seed', 'seed+budget', 'push-pull']);
    expect(() => getStrategy('nope')).to.throw(RangeError, /unknown gossip strategy 'nope'.*seed\+budget/);
  });

  type Case = [string, string, Spread, RoundContext, { retire?: string; count?: number; notIn?: ReadonlyArray<string> }];
  const cases: Case[] = [
    ['plain-random pushes to k peers', 'plain-random', spread({ sends: 1_000 }), round(10), { count: 3 }],
    ['plain-random never stops on its own', 'plain-random', spread({ sentTo: new Set(peers(10)), duplicates: 50 }), round(10), { count: 3 }],
    ['seed avoids peers already sent to', 'seed', spread({ sentTo: new Set(['n1', 'n2', 'n3', 'n4', 'n5', 'n6']) }), round(10), { count: 3, notIn: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'] }],
    ['seed sends to the last remaining peers', 'seed', spread({ sentTo: new Set(peers(10).slice(1, 8)) }), round(10), { count: 2 }],
    ['seed stops when every peer was sent it', 'seed', spread({ sentTo: new Set(peers(10).slice(1)) }), round(10), { retire: 'all-peers-sent' }],
    ['seed ignores the budget', 'seed', spread({ sends: 99 }), round(10), { count: 3 }],
    ['seed+budget spends what is left of the budget', 'seed+budget', spread({ sends: 7, sentTo: new Set(['n1']) }), round(100, 8), { count: 1, notIn: ['n1'] }],
    ['seed+budget stops when the budget is spent', 'seed+budget', spread({ sends: 8 }), round(100, 8), { retire: 'budget-spent' }],
    ['push-pull skips peers known to hold it', 'push-pull', spread({ sentTo: new Set(['n1', 'n2']), receivedFrom: new Set(['n3', 'n4', 'n5']) }), round(8), { count: 2, notIn: ['n1', 'n2', 'n3', 'n4', 'n5'] }],
    ['push-pull stops when the entry looks widespread', 'push-pull', spread({ duplicates: 2 }), round(100), { retire: 'widespread' }],
    ['push-pull stops at the budget too', 'push-pull', spread({ sends: 8, duplicates: 1 }), round(100, 8), { retire: 'budget-spent' }],
    ['every strategy stops with no peers', 'seed+budget', spread(), round(1), { retire: 'no-peers' }],
  ];
  for (const [title, name, s, r, want] of cases) {
    it(`should decide a round as the strategy says: ${title}`, () => {
      const d = getStrategy(name).plan(s, r);
      if (want.retire !== undefined) {
        expect(d).to.deep.equal({ type: 'retire', reason: want.retire });
        return;
      }
      if (d.type !== 'push') throw new Error(`expected a push, got ${JSON.stringify(d)}`);
      expect(d.to).to.have.length(want.count!);
      expect(new Set(d.to).size).to.equal(d.to.length);
      expect(d.to).to.not.include('n0');
      for (const p of want.notIn ?? []) expect(d.to).to.not.include(p);
    });
  }

  it('should refuse a push-pull duplicate threshold below 1', () => {
    expect(() => pushPull({ duplicatesToStop: 0 })).to.throw(RangeError);
  });

  it('should let users register their own strategy and run it by name', () => {
    // Push to one peer for two rounds, then stop: a user strategy in five lines.
    const twoRounds: GossipStrategy = {
      name: 'spec-two-rounds',
      remembersTargets: false,
      plan: (s, r) => (s.rounds >= 2 ? { type: 'retire', reason: 'budget-spent' } : { type: 'push', to: r.view.sample(r.random, 1) }),
    };
    registerStrategy(twoRounds);
    expect(strategyNames()).to.include('spec-two-rounds');
    const sim = createSimulation({ seed: 3, trace: false });
    const monitor = new GossipMonitor(20);
    const cluster = bootGossipCluster(sim, 20, { strategy: 'spec-two-rounds', observer: monitor, antiEntropyMs: 0 });
    sim.tell(cluster.ref('g0'), { type: 'put', key: 'k', value: 1 });
    sim.runFor(10_000);
    // Every node that learned it pushed exactly twice, then retired.
    expect(monitor.counters.sent.push).to.equal(2 * monitor.counters.learned.rumor + 2);
    expect(monitor.counters.retired['budget-spent']).to.equal(monitor.counters.learned.rumor + 1);
    expect(monitor.spreads).to.equal(0);
  });
});
