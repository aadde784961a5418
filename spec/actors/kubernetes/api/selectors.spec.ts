import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { fromLabelSelector, matchesLabels, mergePatch, milliCpu, parseFieldSelector, parseLabelSelector, parseQuantity } from '../../../../actors/kubernetes/index.js';

describe('label selectors, field selectors, quantities, merge patch', () => {
  const labels = { app: 'web', tier: 'fe', version: '3' };
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['app=web', true],
    ['app==web,tier=fe', true],
    ['app!=web', false],
    ['tier in (fe, be)', true],
    ['tier notin (fe)', false],
    ['canary', false],
    ['!canary', true],
    ['app=web,!tier', false],
    ['missing!=x', true],
  ];
  for (const [sel, want] of cases) {
    it(`should evaluate '${sel}' to ${want}`, () => {
      const parsed = parseLabelSelector(sel);
      if (E.isLeft(parsed)) throw new Error(parsed.left);
      expect(matchesLabels(parsed.right, labels)).to.equal(want);
    });
  }

  it('should refuse a malformed selector and evaluate structured selectors', () => {
    expect(E.isLeft(parseLabelSelector('a=(b'))).to.equal(true);
    expect(matchesLabels(fromLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] }), labels)).to.equal(true);
    expect(matchesLabels(fromLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }), labels)).to.equal(false);
    expect(parseFieldSelector('spec.nodeName=n1,status.phase!=Running')).to.deep.equal(E.right([{ field: 'spec.nodeName', op: '=', value: 'n1' }, { field: 'status.phase', op: '!=', value: 'Running' }]));
  });

  const quantities: Array<[string | number, number]> = [['100m', 0.1], ['1.5', 1.5], ['2', 2], ['1Ki', 1024], ['128Mi', 134217728], ['1G', 1e9], ['1e3', 1000], [3, 3]];
  for (const [q, v] of quantities) it(`should parse the quantity ${q}`, () => expect(parseQuantity(q)).to.be.closeTo(v, 1e-9));
  it('should round CPU to millicores and reject nonsense', () => {
    expect(milliCpu('250m')).to.equal(250);
    expect(milliCpu('0.0001')).to.equal(1);
    expect(parseQuantity('lots')).to.be.NaN;
  });

  it('should merge-patch objects recursively, delete on null and replace arrays', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: [1, 2] } }, { b: { c: null, d: [3] }, e: 'x' })).to.deep.equal({ a: 1, b: { d: [3] }, e: 'x' });
  });
});
