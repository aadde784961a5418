import { expect } from 'chai';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { refCodec, sameRef, formatRef } from '../../../lib/actor/index.js';
import { checkExpectErrors } from '../../support/typecheck.js';

const fixture = join(dirname(fileURLToPath(import.meta.url)), 'typecheck/refVariance.ts');

describe('Ref', () => {
  it('should make every @ts-expect-error line of the variance fixture a type error, and each fail without its marker', function () {
    this.timeout(120_000);
    const { clean, markers, errors } = checkExpectErrors(fixture);
    expect(clean).to.equal('');
    expect(markers).to.equal(4);
    expect(errors).to.equal(markers);
  });

  it('should encode and decode as plain data inside messages', () => {
    const Get = t.type({ type: t.literal('get'), replyTo: refCodec<number>() });
    const ref = { node: 'n1', path: '/a/b', incarnation: 3 };
    const decoded = Get.decode(JSON.parse(JSON.stringify({ type: 'get', replyTo: ref })));
    expect(E.isRight(decoded) && sameRef(decoded.right.replyTo, ref)).to.equal(true);
    expect(E.isLeft(Get.decode({ type: 'get', replyTo: { node: 'n1', path: '/a' } }))).to.equal(true);
    expect(formatRef(ref)).to.equal('n1:/a/b#3');
  });
});
