import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { createProtoReader, toBool, toInt32, toInt64, toUtf8, type ProtoField, type ProtoReader } from '../../../../../actors/kubernetes/http/protobuf/ProtoReader.js';
import { bytes, cat, fixed32, fixed64, int, msg, rawTag, str, varint } from './protoWriter.js';

/** Every field of a message, or the first error's message and offset. */
const readAll = (reader: ProtoReader): { fields: ProtoField[] } | { error: string; offset: number } => {
  const fields: ProtoField[] = [];
  for (let i = 0; i < 10_000; i++) {
    const r = reader.next();
    if (E.isLeft(r)) return { error: r.left.message, offset: r.left.offset };
    if (r.right === undefined) return { fields };
    fields.push(r.right);
  }
  throw new Error('reader did not end');
};

const fieldsOf = (buf: Uint8Array | number[]): ProtoField[] => {
  const r = readAll(createProtoReader(Uint8Array.from(buf)));
  if ('error' in r) throw new Error(r.error);
  return r.fields;
};

const errorOf = (buf: Uint8Array | number[]): { error: string; offset: number } => {
  const r = readAll(createProtoReader(Uint8Array.from(buf)));
  if (!('error' in r)) throw new Error(`expected an error, read ${r.fields.length} fields`);
  return r;
};

const int64Of = (n: number | bigint): number | string => {
  const [f] = fieldsOf(int(1, n));
  if (f.wire !== 'varint') throw new Error('not a varint');
  const v = toInt64(f.value, f.offset);
  return E.isLeft(v) ? v.left.message : v.right;
};

describe('ProtoReader', () => {
  describe('varints', () => {
    const cases: Array<[string, number | bigint, number | string]> = [
      ['zero', 0, 0],
      ['one byte', 1, 1],
      ['150 (the protobuf docs example, 96 01)', 150, 150],
      ['2^31 - 1', 2 ** 31 - 1, 2 ** 31 - 1],
      ['2^32 (crossing into the high half)', 2 ** 32, 2 ** 32],
      ['the largest safe integer', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
      ['-1 (10 bytes of two\'s complement)', -1, -1],
      ['-5 (kubectl create priorityclass --value=-5)', -5, -5],
      ['the smallest int32', -(2 ** 31), -(2 ** 31)],
      ['the smallest safe integer', Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER],
      ['2^53 (not exactly representable)', 2n ** 53n, 'integer outside the range JavaScript can hold exactly'],
      ['the largest int64', 2n ** 63n - 1n, 'integer outside the range JavaScript can hold exactly'],
      ['the smallest int64', -(2n ** 63n), 'integer outside the range JavaScript can hold exactly'],
    ];
    for (const [title, n, want] of cases) it(`should read ${title} as an int64`, () => expect(int64Of(n)).to.equal(want));

    it('should read 150 from the bytes 08 96 01', () => {
      const [f] = fieldsOf([0x08, 0x96, 0x01]);
      expect(f).to.deep.equal({ number: 1, wire: 'varint', value: { lo: 150, hi: 0 }, offset: 0 });
    });

    const int32Cases: Array<[number | bigint, number]> = [
      [7, 7],
      [-7, -7],
      [2 ** 31 - 1, 2 ** 31 - 1],
      [-(2 ** 31), -(2 ** 31)],
      [2n ** 32n + 5n, 5], // Go keeps the low 32 bits
      [2 ** 31, -(2 ** 31)],
    ];
    for (const [n, want] of int32Cases)
      it(`should read ${n} as the int32 ${want}`, () => {
        const [f] = fieldsOf(int(1, n));
        expect(f.wire === 'varint' && toInt32(f.value)).to.equal(want);
      });

    const boolCases: Array<[number | bigint, boolean]> = [
      [0, false],
      [1, true],
      [2, true],
      [2n ** 40n, true],
    ];
    for (const [n, want] of boolCases)
      it(`should read ${n} as the bool ${want}`, () => {
        const [f] = fieldsOf(int(1, n));
        expect(f.wire === 'varint' && toBool(f.value)).to.equal(want);
      });

    it('should reject a varint longer than 10 bytes', () => expect(errorOf([0x08, ...Array(10).fill(0xff), 0x01]).error).to.equal('varint longer than 10 bytes'));
    it('should reject a varint cut off by the end of the buffer', () => expect(errorOf([0x08, 0x96])).to.deep.equal({ error: 'truncated varint', offset: 2 }));
    it('should reject a tag cut off by the end of the buffer', () => expect(errorOf([0x80])).to.deep.equal({ error: 'truncated varint', offset: 1 }));
  });

  describe('tags and wire types', () => {
    it('should read each wire type it supports, with its field number and offset', () => {
      const buf = cat(int(1, 5), fixed64(2, 0x1_0000_0002n), bytes(3, [9, 8]), fixed32(4, 0xdeadbeef), str(536870911, 'hi'));
      const fields = fieldsOf(buf);
      expect(fields.map((f) => [f.number, f.wire, f.offset])).to.deep.equal([
        [1, 'varint', 0],
        [2, 'fixed64', 2],
        [3, 'bytes', 11],
        [4, 'fixed32', 15],
        [536870911, 'bytes', 20],
      ]);
      expect(fields[1].wire === 'fixed64' && fields[1].value).to.deep.equal({ lo: 2, hi: 1 });
      expect(fields[2].wire === 'bytes' && [...fields[2].bytes]).to.deep.equal([9, 8]);
      expect(fields[3].wire === 'fixed32' && fields[3].value).to.equal(0xdeadbeef);
      expect(fields[4].wire === 'bytes' && toUtf8(fields[4].bytes)).to.equal('hi');
    });

    const bad: Array<[string, Uint8Array | number[], string]> = [
      ['field number 0', [0x00, 0x01], 'illegal field number 0'],
      ['a field number past 2^29 - 1', cat(varint((2n ** 29n) << 3n), [0]), 'illegal field number'],
      ['a field number that does not fit in 32 bits', cat(varint(2n ** 40n), [0]), 'illegal field number (too large)'],
      ['a start-group field', cat(rawTag(3, 3), int(1, 1), rawTag(3, 4)), 'field 3 is a group (wire type 3); groups are not supported'],
      ['an end-group field', rawTag(3, 4), 'field 3 is a group (wire type 4); groups are not supported'],
      ['wire type 6', rawTag(1, 6), 'field 1 has illegal wire type 6'],
      ['wire type 7', rawTag(1, 7), 'field 1 has illegal wire type 7'],
      ['a fixed64 cut short', cat(rawTag(1, 1), [1, 2, 3]), 'truncated fixed64 field 1'],
      ['a fixed32 cut short', cat(rawTag(1, 5), [1, 2, 3]), 'truncated fixed32 field 1'],
      ['a length past the end', [0x0a, 0x05, 0x61], 'length of field 1 runs past the end of its message'],
      ['a length of 2^32', cat([0x0a], varint(2n ** 32n)), 'length of field 1 runs past the end of its message'],
      ['a length cut off', [0x0a, 0xff], 'truncated varint'],
    ];
    for (const [title, buf, want] of bad) it(`should reject ${title}`, () => expect(errorOf(buf).error).to.match(new RegExp(`^${want.replace(/[()^$]/g, '\\$&')}`)));

    it('should keep failing after an error instead of resynchronising', () => {
      const reader = createProtoReader(Uint8Array.from([0x0a, 0x05, 0x61, 0x08, 0x01]));
      expect(E.isLeft(reader.next())).to.equal(true);
      expect(E.isLeft(reader.next())).to.equal(true);
    });

    it('should end an empty message at once', () => expect(fieldsOf([])).to.deep.equal([]));
  });

  describe('nesting', () => {
    it('should read a nested message with offsets into the outer buffer', () => {
      const outer = createProtoReader(cat(int(1, 1), msg(2, str(1, 'x'), int(2, 3))));
      outer.next();
      const f = outer.next();
      if (E.isLeft(f) || f.right === undefined || f.right.wire !== 'bytes') throw new Error('no field 2');
      const inner = outer.nested(f.right);
      if (E.isLeft(inner)) throw new Error(inner.left.message);
      expect(inner.right.depth).to.equal(1);
      const r = readAll(inner.right);
      expect('fields' in r && r.fields.map((x) => [x.number, x.offset])).to.deep.equal([
        [1, 4],
        [2, 7],
      ]);
    });

    it('should report errors in a nested message at their place in the outer buffer', () => {
      const outer = createProtoReader(cat(int(1, 1), bytes(2, [0x0a, 0x09])), { offset: 100 });
      outer.next();
      const f = outer.next();
      if (E.isLeft(f) || f.right === undefined || f.right.wire !== 'bytes') throw new Error('no field 2');
      const inner = outer.nested(f.right);
      if (E.isLeft(inner)) throw new Error(inner.left.message);
      expect(readAll(inner.right)).to.deep.equal({ error: 'length of field 1 runs past the end of its message', offset: 104 });
    });

    it('should refuse to nest past the depth cap', () => {
      let reader = createProtoReader(msg(1, msg(1, msg(1, msg(1)))), { maxDepth: 2 });
      const depths: Array<number | string> = [];
      for (let i = 0; i < 4; i++) {
        const f = reader.next();
        if (E.isLeft(f) || f.right === undefined || f.right.wire !== 'bytes') throw new Error('no field');
        const next = reader.nested(f.right);
        if (E.isLeft(next)) {
          depths.push(next.left.message);
          break;
        }
        reader = next.right;
        depths.push(reader.depth);
      }
      expect(depths).to.deep.equal([1, 2, 'messages nested deeper than 2 levels']);
    });
  });

  it('should decode invalid UTF-8 as U+FFFD, as Go\'s JSON encoder writes it', () => expect(toUtf8(Uint8Array.from([0x61, 0xff, 0x62]))).to.equal('a\ufffdb'));
});
