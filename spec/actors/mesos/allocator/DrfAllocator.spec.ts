import { expect } from 'chai';
import { allocatorNames, createAllocator, type Allocation, type Allocator } from '../../../../actors/mesos/allocator/Allocator.js';
import { DrfAllocator } from '../../../../actors/mesos/allocator/DrfAllocator.js';
import { add, contains, EMPTY, resources, type Resources } from '../../../../actors/mesos/Resources.js';
import { createRandom } from '../../../../lib/random/index.js';

const r = resources;
const agent = r({ cpus: 4, mem: 4096 });
const who = (allocs: Allocation[]): string[] => allocs.map((a) => `${a.agentId}->${a.frameworkId}`);

/** One table row: build the allocator, then expect who gets which agent in the next cycle (agents in insertion order). */
interface Case {
  readonly should: string;
  readonly setup: (a: Allocator) => void;
  readonly expected: string[];
  readonly now?: number;
}

const cases: Case[] = [
  {
    should: 'offer every agent to the only framework',
    setup: (a) => {
      a.addAgent('s1', agent);
      a.addAgent('s2', agent);
      a.addFramework('f1', ['r']);
    },
    expected: ['s1->f1', 's2->f1'],
  },
  {
    should: 'give the next agent to the role with the lowest dominant share',
    setup: (a) => {
      for (const s of ['s1', 's2', 's3', 's4']) a.addAgent(s, agent);
      a.addFramework('f1', ['a']);
      a.addFramework('f2', ['b']);
      a.addAllocated('f1', 's1', 'a', r({ cpus: 1, mem: 512 }));
    },
    expected: ['s1->f2', 's2->f1', 's3->f2', 's4->f1'],
  },
  {
    should: 'use the dominant resource (memory for a memory-heavy role)',
    setup: (a) => {
      for (const s of ['s1', 's2', 's3']) a.addAgent(s, agent);
      a.addFramework('cpu', ['a']);
      a.addFramework('mem', ['b']);
      a.addAllocated('cpu', 's1', 'a', r({ cpus: 2, mem: 0 })); // 2/12 cpus = 0.167
      a.addAllocated('mem', 's2', 'b', r({ cpus: 0, mem: 3072 })); // 3/12 GB = 0.25
    },
    // cpu (1/6 by cpus) < mem (1/4 by memory) → s1 to cpu (now 1/3); mem < cpu → s2 to mem (now 1/3 too); tie → first added
    expected: ['s1->cpu', 's2->mem', 's3->cpu'],
  },
  {
    should: 'weigh shares: weight 3 lets a role hold three times as much before losing',
    setup: (a) => {
      for (const s of ['s1', 's2', 's3', 's4']) a.addAgent(s, agent);
      a.addFramework('heavy', ['gold']);
      a.addFramework('light', ['bronze']);
      a.setWeight('gold', 3);
      a.addAllocated('heavy', 's1', 'gold', r({ cpus: 2 })); // 0.125 / 3
      a.addAllocated('light', 's1', 'bronze', r({ cpus: 1 })); // 0.0625
    },
    // heavy 2/16 cpus ÷ 3 < light 1/16 → s1 (its last cpu) to heavy; heavy now 0.25 mem ÷ 3 > light → s2 to light; then heavy twice
    expected: ['s1->heavy', 's2->light', 's3->heavy', 's4->heavy'],
  },
  {
    should: 'compare subtrees in a hierarchy, then the children inside it',
    setup: (a) => {
      for (const s of ['s1', 's2', 's3']) a.addAgent(s, agent);
      a.addFramework('e1', ['eng/ci']);
      a.addFramework('e2', ['eng/web']);
      a.addFramework('s', ['sales']);
      a.addAllocated('e1', 's1', 'eng/ci', r({ cpus: 1 }));
    },
    // eng holds 1/12, sales 0 → s1 to sales (now 1/3); eng (1/12) < sales → s2 to eng, inside it web (0) before ci; eng now 5/12 → s3 to sales
    expected: ['s1->s', 's2->e2', 's3->s'],
  },
  {
    should: 'skip a framework whose refusal filter covers the offer until it expires',
    now: 1000,
    setup: (a) => {
      a.addAgent('s1', agent);
      a.addFramework('f1', ['a']);
      a.addFramework('f2', ['b']);
      a.addAllocated('f1', 's1', 'a', agent);
      a.recoverResources('f1', 's1', 'a', agent, 5000, 0);
      a.addAllocated('f2', 's1', 'b', r({ cpus: 1 }));
    },
    expected: ['s1->f2'],
  },
  {
    should: 'offer again to a filtered framework once the filter expired',
    now: 6000,
    setup: (a) => {
      a.addAgent('s1', agent);
      a.addFramework('f1', ['a']);
      a.addFramework('f2', ['b']);
      a.addAllocated('f1', 's1', 'a', agent);
      a.recoverResources('f1', 's1', 'a', agent, 5000, 0);
      a.addAllocated('f2', 's1', 'b', r({ cpus: 1 }));
    },
    expected: ['s1->f1'],
  },
  {
    should: 'not let a filter on fewer resources hide a bigger offer',
    now: 1000,
    setup: (a) => {
      a.addAgent('s1', agent);
      a.addFramework('f1', ['a']);
      a.addAllocated('f1', 's1', 'a', r({ cpus: 1, mem: 100 }));
      a.recoverResources('f1', 's1', 'a', r({ cpus: 1, mem: 100 }), 5000, 0);
    },
    expected: ['s1->f1'],
  },
  {
    should: 'clear filters on revive',
    now: 1000,
    setup: (a) => {
      a.addAgent('s1', agent);
      a.addFramework('f1', ['a']);
      a.addAllocated('f1', 's1', 'a', agent);
      a.recoverResources('f1', 's1', 'a', agent, 60_000, 0);
      a.revive('f1');
    },
    expected: ['s1->f1'],
  },
  {
    should: 'offer nothing to a suppressed framework',
    setup: (a) => {
      a.addAgent('s1', agent);
      a.addFramework('f1', ['a']);
      a.suppress('f1');
    },
    expected: [],
  },
  {
    should: 'offer nothing to an inactive (disconnected) framework',
    setup: (a) => {
      a.addAgent('s1', agent);
      a.addFramework('f1', ['a'], { active: false });
    },
    expected: [],
  },
  {
    should: 'offer only what is free on an agent',
    setup: (a) => {
      a.addAgent('s1', agent);
      a.addFramework('f1', ['a']);
      a.addAllocated('f1', 's1', 'a', agent);
    },
    expected: [],
  },
];

describe('mesos DrfAllocator', () => {
  for (const c of cases) {
    it(`should ${c.should}`, () => {
      const a = new DrfAllocator();
      c.setup(a);
      expect(who(a.allocate(c.now ?? 0))).to.deep.equal(c.expected);
    });
  }

  it('should cut an offer down to the quota limit of the role, and the rest goes to others', () => {
    const a = new DrfAllocator({ quotas: { capped: { cpus: 1.5 } } });
    a.addAgent('s1', agent);
    a.addFramework('f1', ['capped']);
    a.addFramework('f2', ['free']);
    a.addAllocated('f2', 's1', 'free', r({ cpus: 0.5, mem: 2048 }));
    const out = a.allocate(0);
    expect(out.map((x) => [x.frameworkId, x.resources.cpus, x.resources.mem])).to.deep.equal([
      ['f1', 1.5, 2048],
      ['f2', 2, 0],
    ]);
  });

  it('should count a quota over the whole subtree of a role', () => {
    const a = new DrfAllocator({ quotas: { eng: { cpus: 4 } } });
    a.addAgent('s1', agent);
    a.addAgent('s2', agent);
    a.addFramework('ci', ['eng/ci']);
    a.addFramework('web', ['eng/web']);
    const out = a.allocate(0);
    expect(out.reduce((n, x) => n + x.resources.cpus, 0)).to.equal(4);
  });

  it('should give equal-weight roles shares within one task of each other under progressive filling', () => {
    // Each framework takes one 1-cpu task per offer and declines the rest, as the DRF paper's progressive filling.
    const a = new DrfAllocator();
    for (let i = 0; i < 8; i++) a.addAgent(`s${i}`, r({ cpus: 4, mem: 8192 }));
    for (const f of ['x', 'y', 'z']) a.addFramework(f, [f]);
    const random = createRandom(7);
    for (let cycle = 0; cycle < 40; cycle++) {
      for (const o of a.allocate(cycle * 1000, random)) {
        const task = r({ cpus: 1, mem: 256 });
        if (contains(o.resources, task)) a.recoverResources(o.frameworkId, o.agentId, o.role, { ...o.resources, cpus: o.resources.cpus - 1, mem: o.resources.mem - 256 }, 0, cycle * 1000);
        else a.recoverResources(o.frameworkId, o.agentId, o.role, o.resources, 0, cycle * 1000);
      }
    }
    const shares = ['x', 'y', 'z'].map((f) => a.roleShare(f));
    expect(Math.max(...shares) - Math.min(...shares)).to.be.at.most(1 / 32 + 1e-9);
    expect(shares.reduce((s, x) => s + x, 0)).to.be.closeTo(1, 1e-9); // the cluster is full
  });

  it('should never allocate more than an agent has, whatever the order of operations (200 random runs)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = createRandom(seed);
      const a = createAllocator('drf', { weights: { r1: 2 }, quotas: { r2: { cpus: 3 } } });
      const totals = new Map<string, Resources>();
      const held: Allocation[] = [];
      for (let i = 0; i < 4; i++) {
        const t = r({ cpus: random.int(1, 8), mem: random.int(1, 8) * 512, ports: [[31000, 31000 + random.int(0, 20)]] });
        totals.set(`s${i}`, t);
        a.addAgent(`s${i}`, t);
      }
      for (const [i, role] of ['r1', 'r2', 'r3/x', 'r3/y'].entries()) a.addFramework(`f${i}`, [role]);
      for (let step = 0; step < 30; step++) {
        const op = random.int(0, 3);
        if (op === 0 && held.length > 0) {
          const h = held.splice(random.int(0, held.length - 1), 1)[0];
          a.recoverResources(h.frameworkId, h.agentId, h.role, h.resources, random.pick([0, 0, 5000]), step * 1000);
        } else if (op === 1) a.suppress(`f${random.int(0, 3)}`);
        else if (op === 2) a.revive(`f${random.int(0, 3)}`);
        else held.push(...a.allocate(step * 1000, random));
        for (const [id, total] of totals) {
          const used = held.filter((h) => h.agentId === id).reduce((x, h) => add(x, h.resources), EMPTY);
          expect(contains(total, used), `seed ${seed} step ${step}: ${id} over-allocated`).to.equal(true);
          expect(contains(a.available(id)!, r()), 'available is defined').to.equal(true);
        }
      }
    }
  });

  it('should offer in arrival order with the fifo policy', () => {
    const a = createAllocator('fifo');
    for (const s of ['s1', 's2']) a.addAgent(s, agent);
    a.addFramework('first', ['a']);
    a.addFramework('second', ['b']);
    a.addAllocated('first', 's1', 'a', r({ cpus: 3 }));
    expect(who(a.allocate(0))).to.deep.equal(['s1->first', 's2->first']);
  });

  it('should list the built-in policies and refuse unknown names', () => {
    expect(allocatorNames()).to.include.members(['drf', 'fifo']);
    expect(() => createAllocator('nope')).to.throw(RangeError, /unknown allocator 'nope'/);
  });

  it('should reject bad roles and weights', () => {
    const a = new DrfAllocator();
    expect(() => a.addFramework('f', ['/x'])).to.throw(RangeError);
    expect(() => a.setWeight('x', 0)).to.throw(RangeError);
  });
});
