import { expect } from 'chai';
import { SLOTS, crc16, keyHashSlot } from '../../../actors/redis/index.js';
import { referenceCrc } from './referenceCrc.js';

describe('redis hash slots', () => {
  it('should compute CRC16-XMODEM as Redis does (test vector 123456789 → 0x31C3)', () => {
    expect(crc16('123456789')).to.equal(0x31c3);
    expect(crc16('')).to.equal(0);
  });

  const cases: Array<[string, number | string, string]> = [
    ['foo', 12182, 'CLUSTER KEYSLOT foo on a real Redis 7 (redis-samples/keyslot.resp2)'],
    ['a', 15495, 'the key of moved_from_replica_a.resp2'],
    ['b', 3300, 'the key of replica_get_no_readonly.resp2'],
    ['{user1000}.following', '{user1000}.followers', 'a hash tag: only user1000 is hashed'],
    ['foo{}{bar}', 'foo{}{bar}', 'an empty first tag: the whole key is hashed'],
    ['foo{{bar}}zap', '{bar', 'the tag runs from the first { to the first } after it'],
    ['foo{bar}{zap}', 'bar', 'only the first tag counts'],
    ['{', '{', 'an unclosed brace: the whole key'],
  ];
  for (const [key, expected, why] of cases) {
    it(`should place ${JSON.stringify(key)} like Redis (${why})`, () => {
      const slot = keyHashSlot(key);
      expect(slot).to.be.within(0, SLOTS - 1);
      if (typeof expected === 'number') expect(slot).to.equal(expected);
      else if (expected.startsWith('{') && expected.length > 1 && !key.includes('{{')) expect(slot).to.equal(keyHashSlot(expected));
      else expect(slot).to.equal(crc16(expected) % SLOTS);
    });
  }

  for (const key of ['é', 'naïve-ключ', '😀 emoji', 'plain', '日本語{タグ}']) {
    it(`should hash the UTF-8 bytes of ${JSON.stringify(key)}, as a server reading them off the wire does`, () => {
      expect(crc16(key)).to.equal(referenceCrc(new TextEncoder().encode(key)));
    });
  }
});
