import { expect } from 'chai';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { service, serviceSend } from '../../../../actors/kubernetes/index.js';
import { checkExpectErrors } from '../../../support/typecheck.js';

describe('serviceSend (a typed send through kube-proxy)', () => {
  it('should build kube-proxy\'s send message', () => {
    const replyTo = { node: 'n', path: '/me', incarnation: 1 } as never;
    expect(serviceSend(service<{ type: 'ping' }>('default/web'), { type: 'ping' }, { port: 'http', replyTo })).to.deep.equal({
      type: 'send',
      service: 'default/web',
      message: { type: 'ping' },
      port: 'http',
      replyTo,
    });
  });

  it('should reject at compile time a message the service\'s image does not take (each marked line fails without its marker)', function () {
    this.timeout(120_000);
    const { clean, markers, errors } = checkExpectErrors(join(dirname(fileURLToPath(import.meta.url)), 'typecheck/serviceSend.ts'));
    expect(clean).to.equal('');
    expect(markers).to.equal(3);
    expect(errors).to.equal(markers);
  });
});
