import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { encodeRecord, RecordIODecoder } from '../../../../actors/mesos/http/RecordIO.js';

describe('mesos http RecordIO', () => {
  const cases: Array<[string, string, string]> = [
    ['an ASCII record', '{"type":"HEARTBEAT"}', '20\n{"type":"HEARTBEAT"}'],
    ['an empty record', '', '0\n'],
    ['a record with multi-byte characters (length in bytes)', '{"m":"é€"}', '13\n{"m":"é€"}'],
  ];
  for (const [what, data, framed] of cases) {
    it(`should frame ${what} as <length>\\n<data>`, () => {
      expect(encodeRecord(data)).to.equal(framed);
    });
  }

  it('should read records split anywhere across chunks and several records in one chunk', () => {
    const records = ['{"a":1}', '{"b":"ü"}', '', '{"c":[1,2,3]}'];
    const wire = Buffer.from(records.map(encodeRecord).join(''), 'utf8');
    for (let size = 1; size <= wire.length; size++) {
      const decoder = new RecordIODecoder();
      const out: string[] = [];
      for (let i = 0; i < wire.length; i += size) {
        const got = decoder.push(wire.subarray(i, i + size));
        expect(E.isRight(got), `chunk size ${size}`).to.equal(true);
        if (E.isRight(got)) out.push(...got.right);
      }
      expect(out, `chunk size ${size}`).to.deep.equal(records);
      expect(decoder.pendingBytes).to.equal(0);
    }
  });

  const bad: Array<[string, string]> = [
    ['a non-numeric length', 'abc\n{}'],
    ['a negative length', '-1\n{}'],
    ['a length prefix that never ends', '1'.repeat(30)],
  ];
  for (const [what, wire] of bad) {
    it(`should report a framing error for ${what}, and keep reporting it`, () => {
      const decoder = new RecordIODecoder();
      const first = decoder.push(wire);
      expect(E.isLeft(first)).to.equal(true);
      expect(E.isLeft(decoder.push('2\n{}'))).to.equal(true);
    });
  }
});
