import { expect } from 'chai';
import { OK, bulk, error, redirectOf } from '../../../actors/redis/index.js';

describe('redirectOf (MOVED and ASK errors, parsed)', () => {
  it('should read the slot and the node of a MOVED', () => {
    expect(redirectOf(error('MOVED 3999 127.0.0.1:30002'))).to.deep.equal({ kind: 'MOVED', slot: 3999, addr: '127.0.0.1:30002' });
  });

  it('should read the slot and the node of an ASK', () => {
    expect(redirectOf(error('ASK 16383 10.0.0.7:7005'))).to.deep.equal({ kind: 'ASK', slot: 16383, addr: '10.0.0.7:7005' });
  });

  for (const [what, reply] of [
    ['another error', error('CLUSTERDOWN The cluster is down')],
    ['a MOVED without its node', error('MOVED 3999')],
    ['a bulk string that reads like one', bulk('MOVED 3999 127.0.0.1:30002')],
    ['OK', OK],
  ] as const) {
    it(`should find no redirect in ${what}`, () => {
      expect(redirectOf(reply)).to.equal(undefined);
    });
  }
});
