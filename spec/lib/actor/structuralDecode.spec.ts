import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { decodeStructural, nonStructuralParts, refCodec, reportDecodeErrors } from '../../../lib/actor/index.js';

// A transforming codec: a number carried as a string.
const NumberFromString = new t.Type<number, string, unknown>(
  'NumberFromString',
  (u): u is number => typeof u === 'number',
  (u, c) => (typeof u === 'string' && u !== '' && !Number.isNaN(Number(u)) ? t.success(Number(u)) : t.failure(u, c)),
  String,
);

describe('structural codecs (a type guard standing for decode)', () => {
  const Msg = t.intersection([
    t.type({ type: t.literal('put'), key: t.string, at: t.tuple([t.number, t.number]), labels: t.record(t.string, t.string), replyTo: refCodec() }),
    t.partial({ items: t.readonlyArray(t.union([t.string, t.null])), mode: t.keyof({ a: null, b: null }) }),
  ]);

  it('should find no part that transforms in plain combinators and refs', () => {
    expect(nonStructuralParts(Msg)).to.deep.equal([]);
  });

  it('should name the parts that transform or drop fields', () => {
    const Bad = t.type({ n: NumberFromString, e: t.exact(t.type({ a: t.string })), r: t.record(t.keyof({ x: null }), t.number), ok: t.string });
    expect(nonStructuralParts(Bad).sort()).to.deep.equal(['NumberFromString', '{| a: string |}', '{ [K in "x"]: number }'].sort());
  });

  it('should hand a valid value back as it is, and report an invalid one as decode does', () => {
    const valid = { type: 'put', key: 'k', at: [1, 2], labels: { a: 'b' }, replyTo: { node: 'n', path: '/p', incarnation: 1 } };
    const r = decodeStructural(Msg, valid);
    expect(E.isRight(r) && r.right).to.equal(valid);
    const invalid = { ...valid, at: [1] };
    const bad = decodeStructural(Msg, invalid);
    expect(E.isLeft(bad) && reportDecodeErrors(bad.left)).to.equal(E.isLeft(Msg.decode(invalid)) && reportDecodeErrors((Msg.decode(invalid) as E.Left<t.Errors>).left));
  });
});
