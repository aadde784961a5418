import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { nonStructuralParts, reportDecodeErrors } from '../../../lib/actor/index.js';
import { RedisNodeMsg, decodeRedisNodeMsg } from '../../../actors/redis/index.js';

const ref = { node: 'n', path: '/p', incarnation: 1 };
const header = { sender: 'a'.repeat(40), addr: '127.0.0.1:30001', currentEpoch: 1, configEpoch: 1, flags: 1, master: null, offset: 0, slots: [], state: 'ok', paused: false };

describe('decodeRedisNodeMsg (a node message off the wire)', () => {
  const valid: Array<[string, unknown]> = [
    ['a client command', { type: 'command', argv: ['GET', 'k'], replyTo: ref, conn: 'c1' }],
    ['a batch of commands', { type: 'commands', commands: [{ type: 'command', argv: ['PING'], replyTo: ref }] }],
    ['a stream message', { type: 'repl-stream', master: 'm', replid: 'r', offset: 0, end: 14, commands: [['PING']] }],
    ['a GETACK with its offset', { type: 'repl-getack', master: 'm', offset: 14 }],
    ['a GETACK without one', { type: 'repl-getack', master: 'm' }],
    ['a flush', { type: 'repl-flush' }],
    ['a bus FAIL', { type: 'bus-fail', header, about: 'b'.repeat(40) }],
  ];
  for (const [what, message] of valid) {
    it(`should accept ${what}, as the whole union does`, () => {
      const r = decodeRedisNodeMsg(message);
      expect(E.isRight(r)).to.equal(true);
      expect(r).to.deep.equal(RedisNodeMsg.decode(message));
    });
  }

  const invalid: Array<[string, unknown, RegExp]> = [
    ['a command whose argv is not strings', { type: 'command', argv: ['GET', 3], replyTo: ref }, /argv/],
    ['a stream message without its end', { type: 'repl-stream', master: 'm', replid: 'r', offset: 0, commands: [] }, /end/],
    ['an unknown type', { type: 'no-such-message' }, /type/],
    ['something that is not a message', 42, /./],
  ];
  for (const [what, message, field] of invalid) {
    it(`should reject ${what}, naming what is wrong`, () => {
      const r = decodeRedisNodeMsg(message);
      expect(E.isLeft(r)).to.equal(true);
      if (E.isLeft(r)) expect(reportDecodeErrors(r.left)).to.match(field);
    });
  }

  it('should hand a valid message back as it is (the type guard accepted it; nothing copied)', () => {
    for (const [, message] of valid) {
      const r = decodeRedisNodeMsg(message);
      expect(E.isRight(r) && r.right).to.equal(message);
    }
  });

  // The fast path above relies on every codec in the protocol being structural: decode returns
  // valid input unchanged, so `is(u)` implies `decode(u)` is `Right(u)`.
  it('should be made only of structural codecs (what lets a type guard stand for decode)', () => {
    expect(nonStructuralParts(RedisNodeMsg)).to.deep.equal([]);
  });
});
