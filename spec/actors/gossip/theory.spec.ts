import { expect } from 'chai';
import { memberlistBound, retransmitLimit, theoryRounds } from '../../../actors/gossip/index.js';

describe('gossip theory', () => {
  const limits: Array<[number, number, number]> = [
    [9, 4, 4],
    [100, 4, 12],
    [1_000, 4, 16],
    [10_000, 4, 20],
    [10_000, 2, 10],
  ];
  for (const [n, mult, limit] of limits) {
    it(`should give memberlist's retransmit limit ${limit} for N=${n}, mult ${mult}`, () => {
      expect(retransmitLimit(n, mult)).to.equal(limit);
      expect(memberlistBound(n, mult)).to.equal(n * limit);
    });
  }

  const rounds: Array<[number, number, number]> = [
    [100, 1, 6.644 + 4.605],
    [100, 3, 3.322 + 1.535],
    [10_000, 3, 6.644 + 3.070],
    [1_000, 5, 3.855 + 1.382],
  ];
  for (const [n, k, expected] of rounds) {
    it(`should give log_{k+1}(N) + ln(N)/k ≈ ${expected.toFixed(2)} rounds for N=${n}, k=${k}`, () => {
      expect(theoryRounds(n, k)).to.be.closeTo(expected, 0.01);
    });
  }
});
