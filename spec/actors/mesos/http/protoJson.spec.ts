import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { decodeBase64, field, parseProto, type MessageSchema } from '../../../../actors/mesos/http/protoJson.js';

const Inner: MessageSchema = { name: 'Inner', fields: { value: field.string('required') } };
const Schema: MessageSchema = {
  name: 'Test',
  fields: {
    name: field.string('required'),
    kind: field.enum(['A', 'B']),
    must: field.enum(['X', 'Y'], 'required'),
    n: field.double(),
    i: field.int(),
    on: field.bool(),
    data: field.bytes(),
    inner: field.message(() => Inner),
    items: field.message(() => Inner, 'repeated'),
    tags: field.string('repeated'),
    blob: field.opaque(),
  },
};

describe('mesos http protoJson (stout protobuf::parse)', () => {
  const ok: Array<[string, unknown, Record<string, unknown>]> = [
    ['keep set fields only, ignoring unknown ones and nulls', { name: 'a', must: 'X', extra: 1, n: null }, { name: 'a', must: 'X' }],
    ['drop an unknown name of an optional enum (proto2)', { name: 'a', must: 'X', kind: 'C' }, { name: 'a', must: 'X' }],
    ['read numbers, booleans and Infinity given as strings', { name: 'a', must: 'Y', n: '2.5', i: '7', on: 'true' }, { name: 'a', must: 'Y', n: 2.5, i: 7, on: true }],
    ['read "Infinity" for a double', { name: 'a', must: 'X', n: 'Infinity' }, { name: 'a', must: 'X', n: Infinity }],
    ['take a JSON object for a repeated message as one element', { name: 'a', must: 'X', items: { value: 'v' } }, { name: 'a', must: 'X', items: [{ value: 'v' }] }],
    ['decode bytes from base64', { name: 'a', must: 'X', data: 'aGk=' }, { name: 'a', must: 'X', data: Buffer.from('hi') }],
    ['accept any object for an opaque message', { name: 'a', must: 'X', blob: { anything: [1, 2] } }, { name: 'a', must: 'X', blob: { anything: [1, 2] } }],
  ];
  for (const [what, json, expected] of ok) {
    it(`should ${what}`, () => {
      expect(parseProto(Schema, json)).to.deep.equal(E.right(expected));
    });
  }

  const errors: Array<[string, unknown, string]> = [
    ['a JSON array at the top', [1], 'Expecting a JSON object'],
    ['a string for a message', { name: 'a', must: 'X', inner: 'x' }, "Not expecting a JSON string for field 'inner'"],
    ['an object for a string', { name: { a: 1 }, must: 'X' }, "Not expecting a JSON object for field 'name'"],
    ['a number for a string', { name: 1, must: 'X' }, "Not expecting a JSON number for field 'name'"],
    ['a boolean for a double', { name: 'a', must: 'X', n: true }, "Not expecting a JSON boolean for field 'n'"],
    ['an array for a singular field', { name: 'a', must: 'X', n: [1] }, "Not expecting a JSON array for field 'n'"],
    ['an unknown name of a required enum', { name: 'a', must: 'Z' }, "Failed to find enum for 'Z'"],
    ['a non-number string for a double', { name: 'a', must: 'X', n: 'abc' }, "Failed to parse 'abc' as a JSON number for field 'n': syntax error"],
    ['bad base64', { name: 'a', must: 'X', data: 'a!b' }, "Failed to base64 decode bytes field 'data': Invalid character '!'"],
    ['missing required fields, with their paths', { items: [{ value: 'v' }, {}], inner: {} }, 'Missing required fields: name, must, inner.value, items[1].value'],
    ['the first bad field in key order (stout reads a sorted map)', { n: true, i: true, name: 'a', must: 'X' }, "Not expecting a JSON boolean for field 'i'"],
  ];
  for (const [what, json, message] of errors) {
    it(`should reject ${what}`, () => {
      expect(parseProto(Schema, json)).to.deep.equal(E.left(message));
    });
  }

  it('should decode base64 as stout does: stop at "=", skip white space', () => {
    expect(decodeBase64('aG k=garbage')).to.deep.equal(E.right(Buffer.from('hi')));
  });
});
