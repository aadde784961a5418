import { expect } from 'chai';
import {
  containsSlots,
  countSlots,
  evenSlotRanges,
  formatSlotRanges,
  hasSlot,
  sameSlots,
  slotRangesFrom,
  slotRangesWhere,
  validSlotRanges,
} from '../../../actors/redis/index.js';

describe('redis slot ranges', () => {
  it('should split 16384 slots over masters as redis-cli --cluster create does', () => {
    expect(evenSlotRanges(3)).to.deep.equal([[[0, 5460]], [[5461, 10922]], [[10923, 16383]]]);
    expect(evenSlotRanges(1)).to.deep.equal([[[0, 16383]]]);
    const hundred = evenSlotRanges(100);
    expect(hundred.reduce((n, r) => n + countSlots(r), 0)).to.equal(16384);
    expect(hundred[99][0][1]).to.equal(16383);
  });

  it('should build sorted, merged ranges from slots and from a predicate', () => {
    expect(slotRangesFrom([7, 3, 1, 2, 3])).to.deep.equal([[1, 3], [7, 7]]);
    expect(slotRangesWhere((s) => s < 10 || s === 16383)).to.deep.equal([[0, 9], [16383, 16383]]);
  });

  const table: Array<[string, boolean]> = [
    ['[[0,5],[4,9]]', false],
    ['[[0,5],[6,9]]', true],
    ['[[5,1]]', false],
    ['[[0,16384]]', false],
    ['[]', true],
  ];
  for (const [ranges, valid] of table) {
    it(`should judge ${ranges} ${valid ? 'valid' : 'invalid'}`, () => {
      expect(validSlotRanges(JSON.parse(ranges))).to.equal(valid);
    });
  }

  it('should answer membership, containment, equality and print like CLUSTER NODES', () => {
    const r = slotRangesFrom([0, 1, 2, 10]);
    expect(hasSlot(r, 2)).to.equal(true);
    expect(hasSlot(r, 3)).to.equal(false);
    expect(containsSlots([[0, 100]], [[1, 2], [50, 60]])).to.equal(true);
    expect(containsSlots([[0, 10], [20, 30]], [[5, 25]])).to.equal(false);
    expect(sameSlots(r, [[0, 2], [10, 10]])).to.equal(true);
    expect(sameSlots(r, [[0, 2]])).to.equal(false);
    expect(formatSlotRanges(r)).to.deep.equal(['0-2', '10']);
  });
});
