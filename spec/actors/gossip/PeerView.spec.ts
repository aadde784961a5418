import { expect } from 'chai';
import { createRandom } from '../../../lib/random/index.js';
import { PeerView } from '../../../actors/gossip/index.js';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i}`);

describe('PeerView', () => {
  it('should count peers without the node itself and copy on write', () => {
    const members = names(5);
    const v = PeerView.of('n0', members);
    expect(v.size).to.equal(4);
    expect(v.add('n3')).to.equal(v);
    expect(v.remove('x')).to.equal(v);
    const w = v.add('n9').remove('n1');
    expect(w.size).to.equal(4);
    expect(w.peers()).to.deep.equal(['n2', 'n3', 'n4', 'n9']);
    expect(v.peers()).to.deep.equal(['n1', 'n2', 'n3', 'n4']);
    expect(members).to.deep.equal(names(5));
  });

  const cases: Array<[string, number, number, number]> = [
    ['few excluded (rejection sampling)', 1_000, 3, 10],
    ['most excluded (filter fallback)', 100, 3, 95],
    ['fewer eligible than k', 10, 5, 7],
    ['all excluded', 10, 3, 9],
  ];
  for (const [title, n, k, excluded] of cases) {
    it(`should sample distinct eligible peers, never itself: ${title}`, () => {
      const view = PeerView.of('n0', names(n));
      const out = new Set(names(n).slice(1, excluded + 1));
      const random = createRandom(n + k + excluded);
      const eligible = n - 1 - excluded;
      for (let i = 0; i < 200; i++) {
        const picked = view.sample(random, k, (p) => out.has(p), out.size);
        expect(picked).to.have.length(Math.min(k, eligible));
        expect(new Set(picked).size).to.equal(picked.length);
        for (const p of picked) {
          expect(p).to.not.equal('n0');
          expect(out.has(p)).to.equal(false);
        }
      }
    });
  }

  it('should draw every eligible peer about equally often', () => {
    const view = PeerView.of('n0', names(11));
    const random = createRandom(3);
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) for (const p of view.sample(random, 2)) counts.set(p, (counts.get(p) ?? 0) + 1);
    expect([...counts.keys()].sort()).to.deep.equal(names(11).slice(1).sort());
    for (const c of counts.values()) expect(c).to.be.within(1_700, 2_300);
  });

  it('should give the same sample for the same seed', () => {
    const view = PeerView.of('n0', names(500));
    const draw = (seed: number) => {
      const r = createRandom(seed);
      return Array.from({ length: 20 }, () => view.sample(r, 3));
    };
    expect(draw(5)).to.deep.equal(draw(5));
    expect(draw(5)).to.not.deep.equal(draw(6));
  });
});
