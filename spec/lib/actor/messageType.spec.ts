import { expect } from 'chai';
import { messageType } from '../../../lib/actor/index.js';

describe('messageType (the tag a trace shows for a message)', () => {
  const cases: Array<[string, unknown, string]> = [
    ['its type field', { type: 'repl-stream', kind: 'x' }, 'repl-stream'],
    ['its kind when it has no type (a Redis reply)', { kind: 'bulk', value: 'v' }, 'bulk'],
    ['its _tag when it has neither (an fp-ts Either)', { _tag: 'Left', left: 1 }, 'Left'],
    ['object for an untagged object', { value: 1 }, 'object'],
    ['object when the tag is not a string', { type: 3 }, 'object'],
    ['array for an array', [1, 2], 'array'],
    ['the JS type of a primitive', 'hello', 'string'],
    ['null as object', null, 'object'],
  ];
  for (const [what, message, tag] of cases) {
    it(`should give ${what}`, () => {
      expect(messageType(message)).to.equal(tag);
    });
  }
});
