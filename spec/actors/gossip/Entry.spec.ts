import { expect } from 'chai';
import { compareVersions, isNewer, mergeEntry, type Entry } from '../../../actors/gossip/index.js';

const e = (version: number, origin: string, value: unknown = `${origin}${version}`): Entry => ({ key: 'k', value, version, origin });

describe('gossip entries', () => {
  const cases: Array<[string, Entry, Entry, 'a' | 'b' | 'same']> = [
    ['a higher version wins', e(3, 'n1'), e(2, 'n9'), 'a'],
    ['a lower version loses', e(1, 'n9'), e(2, 'n1'), 'b'],
    ['equal versions: the greater origin wins', e(2, 'n2'), e(2, 'n1'), 'a'],
    ['equal versions: the smaller origin loses', e(2, 'a'), e(2, 'b'), 'b'],
    ['same version and origin: a tie', e(4, 'n1'), e(4, 'n1'), 'same'],
  ];
  for (const [title, a, b, winner] of cases) {
    it(`should order versions deterministically: ${title}`, () => {
      const c = compareVersions(a, b);
      expect(Math.sign(c)).to.equal(winner === 'a' ? 1 : winner === 'b' ? -1 : 0);
      expect(Math.sign(compareVersions(b, a))).to.equal(-Math.sign(c) || 0);
      // Merge order never matters: both sides end with the same winner.
      expect(mergeEntry(a, b)).to.deep.equal(mergeEntry(b, a));
      expect(isNewer(a, b)).to.equal(winner === 'a');
    });
  }

  it('should keep the local entry on a tie and take anything over nothing', () => {
    const local = e(4, 'n1', 'mine');
    const incoming = e(4, 'n1', 'theirs');
    expect(mergeEntry(local, incoming)).to.equal(local);
    expect(mergeEntry(undefined, incoming)).to.equal(incoming);
    expect(isNewer(incoming, undefined)).to.equal(true);
  });

  it('should converge to the same winner whatever order versions arrive in', () => {
    const versions = [e(1, 'n3'), e(2, 'n1'), e(2, 'n2'), e(1, 'n9'), e(2, 'n0')];
    const orders = [versions, [...versions].reverse(), [versions[2], versions[0], versions[4], versions[1], versions[3]]];
    const winners = orders.map((o) => o.reduce<Entry | undefined>((acc, x) => mergeEntry(acc, x), undefined));
    for (const w of winners) expect(w).to.deep.equal(e(2, 'n2'));
  });
});
