import { expect } from 'chai';
import { createRandom } from '../../../lib/random/index.js';

const draws = (seed: number, n = 20): number[] => {
  const r = createRandom(seed);
  return Array.from({ length: n }, () => r.int(0, 1_000_000));
};

describe('Random', () => {
  it('should give the same stream for the same seed', () => {
    expect(draws(42)).to.deep.equal(draws(42));
  });

  it('should give different streams for different seeds', () => {
    expect(draws(1)).to.not.deep.equal(draws(2));
  });

  it('should fork the same child stream for the same name without drawing from the parent', () => {
    const a = createRandom(9);
    const b = createRandom(9);
    const forkA = a.fork('node-1');
    b.next();
    b.next();
    const forkB = b.fork('node-1');
    expect(Array.from({ length: 10 }, () => forkA.next())).to.deep.equal(Array.from({ length: 10 }, () => forkB.next()));
    expect(a.next()).to.equal(createRandom(9).next());
  });

  it('should fork independent streams for different names', () => {
    const root = createRandom(5);
    const x = root.fork('x');
    const y = root.fork('y');
    const xs = Array.from({ length: 10 }, () => x.int(0, 1e9));
    const ys = Array.from({ length: 10 }, () => y.int(0, 1e9));
    expect(xs).to.not.deep.equal(ys);
    expect(x.seed).to.not.equal(root.seed);
  });

  it('should keep int within bounds and reach both ends', () => {
    const r = createRandom(11);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(3, 6);
      expect(v).to.be.within(3, 6);
      seen.add(v);
    }
    expect([...seen].sort()).to.deep.equal([3, 4, 5, 6]);
  });

  it('should sample k distinct elements, small and large k', () => {
    const r = createRandom(4);
    const items = Array.from({ length: 1000 }, (_, i) => i);
    for (const k of [0, 1, 3, 200, 999, 1000, 2000]) {
      const s = r.sample(items, k);
      expect(s.length).to.equal(Math.min(k, items.length));
      expect(new Set(s).size).to.equal(s.length);
    }
  });

  it('should shuffle into a permutation', () => {
    const r = createRandom(8);
    const out = r.shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...out].sort()).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('should be roughly uniform', () => {
    const r = createRandom(12345);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(r.next() * 10)]++;
    for (const b of buckets) expect(b).to.be.within(9_500, 10_500);
  });
});
