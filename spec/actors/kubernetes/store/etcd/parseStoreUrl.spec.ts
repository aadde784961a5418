import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { parseStoreUrl } from '../../../../../actors/kubernetes/index.js';
import { etcdFailure } from '../../../../../actors/kubernetes/store/etcd/etcdFailure.js';

describe('parseStoreUrl', () => {
  const good: Array<[string, unknown]> = [
    ['embedded', { kind: 'embedded' }],
    ['etcd://127.0.0.1:2379', { kind: 'etcd', endpoints: ['http://127.0.0.1:2379'], prefix: '' }],
    ['etcd://127.0.0.1:2379/', { kind: 'etcd', endpoints: ['http://127.0.0.1:2379'], prefix: '' }],
    ['etcd://a:1,b.example:2/clusters/x/', { kind: 'etcd', endpoints: ['http://a:1', 'http://b.example:2'], prefix: '/clusters/x' }],
    ['etcd://[::1]:2379', { kind: 'etcd', endpoints: ['http://[::1]:2379'], prefix: '' }],
  ];
  for (const [url, parsed] of good) it(`should read ${url}`, () => expect(parseStoreUrl(url)).to.deep.equal(E.right(parsed)));

  const bad: Array<[string, RegExp]> = [
    ['redis://x:1', /expected 'embedded'/],
    ['etcd://127.0.0.1', /not HOST:PORT/],
    ['etcd://h:99999', /out of range/],
    ['etcd://', /not HOST:PORT/],
  ];
  for (const [url, reason] of bad) {
    it(`should refuse ${url}`, () => {
      const r = parseStoreUrl(url);
      expect(E.isLeft(r) && r.left._tag).to.equal('BadStoreUrl');
      expect(E.isLeft(r) && r.left.reason).to.match(reason);
    });
  }
});

describe('etcdFailure', () => {
  const cases: Array<[string, unknown]> = [
    ['11 OUT_OF_RANGE: etcdserver: mvcc: required revision has been compacted', { _tag: 'Compacted' }],
    ['11 OUT_OF_RANGE: etcdserver: mvcc: required revision is a future revision', { _tag: 'FutureRevision' }],
    ['Lease 5 NOT_FOUND: etcdserver: requested lease not found is expired or revoked', { _tag: 'LeaseNotFound' }],
    ['9 FAILED_PRECONDITION: etcdserver: lease already exists', { _tag: 'LeaseExists' }],
    ['14 UNAVAILABLE: No connection established.\n Last error: connect ECONNREFUSED', { _tag: 'Unavailable', reason: 'etcd: 14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED' }],
  ];
  for (const [message, failure] of cases) it(`should classify "${message.slice(0, 50)}…"`, () => expect(etcdFailure(new Error(message))).to.deep.equal(failure));
});
