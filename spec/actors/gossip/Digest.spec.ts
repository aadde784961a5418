import { expect } from 'chai';
import { compareDigest, digestOf, type Entry } from '../../../actors/gossip/index.js';

const e = (key: string, version: number, origin = 'n1'): Entry => ({ key, value: `${key}${version}`, version, origin });
const held = (...entries: Entry[]): Map<string, Entry> => new Map(entries.map((x) => [x.key, x]));

describe('gossip digests', () => {
  it('should list what a node holds in key order, without values', () => {
    expect(digestOf(held(e('b', 2), e('a', 1, 'n2')))).to.deep.equal([
      { key: 'a', version: 1, origin: 'n2' },
      { key: 'b', version: 2, origin: 'n1' },
    ]);
  });

  const cases: Array<[string, Map<string, Entry>, Map<string, Entry>, string[], string[]]> = [
    ['in sync: nothing to exchange', held(e('a', 1)), held(e('a', 1)), [], []],
    ['here newer: send it', held(e('a', 2)), held(e('a', 1)), ['a'], []],
    ['there newer: ask for it', held(e('a', 1)), held(e('a', 3)), [], ['a']],
    ['missing there: send it', held(e('a', 1), e('b', 1)), held(e('a', 1)), ['b'], []],
    ['missing here: ask for it', held(), held(e('z', 1)), [], ['z']],
    ['tie on version: greater origin wins', held(e('a', 2, 'n2')), held(e('a', 2, 'n1')), ['a'], []],
    ['mixed', held(e('a', 5), e('b', 1), e('c', 1)), held(e('a', 4), e('b', 2), e('d', 1)), ['a', 'c'], ['b', 'd']],
  ];
  for (const [title, here, there, send, ask] of cases) {
    it(`should compare a digest with what it holds: ${title}`, () => {
      const diff = compareDigest(here, digestOf(there));
      expect(diff.newerHere.map((x) => x.key)).to.deep.equal(send);
      expect(diff.newerThere).to.deep.equal(ask);
      // The other side sees the mirror image.
      const back = compareDigest(there, digestOf(here));
      expect(back.newerHere.map((x) => x.key)).to.deep.equal(ask);
      expect(back.newerThere).to.deep.equal(send);
    });
  }
});
