import { expect } from 'chai';
import { crc16, forEachRedisByte, redisStringByteLength, redisStringFromBytes, redisStringToBytes } from '../../../actors/redis/index.js';
import { createRandom } from '../../../lib/random/index.js';
import { referenceCrc } from './referenceCrc.js';

const SEED = 424242;


const bytesOf = (s: string): number[] => {
  const out: number[] = [];
  forEachRedisByte(s, 0, s.length, (b) => out.push(b));
  return out;
};

describe('RedisString (bytes as JS strings)', () => {
  const decodes: Array<[string, number[], string]> = [
    ['ASCII as itself', [0x66, 0x6f, 0x6f], 'foo'],
    ['valid UTF-8 as the text it encodes', [...Buffer.from('ключ €😀')], 'ключ €😀'],
    ['NUL, CR and LF as themselves', [0x00, 0x0d, 0x0a], '\u0000\r\n'],
    ['a byte that is no UTF-8 as an escape (U+DC80 + byte − 0x80)', [0xff], '\udcff'],
    ['a lone lead byte as an escape', [0xc3], '\udcc3'],
    ['a truncated sequence byte by byte', [0xe2, 0x82], '\udce2\udc82'],
    ['an encoded surrogate (not UTF-8) byte by byte', [0xed, 0xa0, 0x80], '\udced\udca0\udc80'],
    ['an overlong encoding byte by byte', [0xc0, 0xaf], '\udcc0\udcaf'],
    ['valid text around invalid bytes', [0x61, 0xff, 0xc3, 0xa9, 0xfe], 'a\udcffé\udcfe'],
  ];
  for (const [what, bytes, text] of decodes) {
    it(`should decode ${what}, and encode it back to the same bytes`, () => {
      const s = redisStringFromBytes(Buffer.from(bytes));
      expect(s).to.equal(text);
      expect([...redisStringToBytes(s)]).to.deep.equal(bytes);
      expect(redisStringByteLength(s)).to.equal(bytes.length);
      expect(bytesOf(s)).to.deep.equal(bytes);
    });
  }

  it(`should round-trip random byte strings exactly, and hash the same bytes a server hashes (seed ${SEED})`, () => {
    const r = createRandom(SEED);
    for (let n = 0; n < 2000; n++) {
      const bytes = Buffer.from(Array.from({ length: r.int(0, 40) }, () => (r.bool(0.3) ? r.int(0x80, 0xff) : r.int(0, 0xff))));
      const s = redisStringFromBytes(bytes);
      expect(redisStringToBytes(s).equals(bytes), bytes.toString('hex')).to.equal(true);
      expect(redisStringByteLength(s)).to.equal(bytes.length);
      expect(crc16(s)).to.equal(referenceCrc(bytes));
    }
  });

  it('should decode a long value (beyond the short-ASCII path) the same way', () => {
    const bytes = Buffer.concat([Buffer.from('x'.repeat(100)), Buffer.from([0xff]), Buffer.from('é'.repeat(50))]);
    const s = redisStringFromBytes(bytes);
    expect(s).to.equal(`${'x'.repeat(100)}\udcff${'é'.repeat(50)}`);
    expect(redisStringToBytes(s).equals(bytes)).to.equal(true);
  });

  it('should decode a slice of a buffer without reading outside it', () => {
    const buf = Buffer.from([0x61, 0xc3, 0xa9, 0x62]);
    expect(redisStringFromBytes(buf, 1, 2)).to.equal('\udcc3');
    expect(redisStringFromBytes(buf, 1, 3)).to.equal('é');
  });

  const encodes: Array<[string, string, number[]]> = [
    ['text as its UTF-8 bytes (what a simulation user writes)', 'é', [0xc3, 0xa9]],
    ['a surrogate pair as the 4 bytes of its code point', '😀', [0xf0, 0x9f, 0x98, 0x80]],
    ['a lone high surrogate as U+FFFD, as Node encodes it', '\ud800', [0xef, 0xbf, 0xbd]],
    ['a lone low surrogate below the escapes as U+FFFD', '\udc00', [0xef, 0xbf, 0xbd]],
  ];
  for (const [what, s, bytes] of encodes) {
    it(`should encode ${what}`, () => {
      expect([...redisStringToBytes(s)]).to.deep.equal(bytes);
      expect(redisStringByteLength(s)).to.equal(bytes.length);
      expect(bytesOf(s)).to.deep.equal(bytes);
      expect(crc16(s)).to.equal(referenceCrc(Buffer.from(bytes)));
    });
  }
});
