import { expect } from 'chai';
import { RespParser, splitInline, type ParseEvent, type RespLimits } from '../../../../actors/redis/resp/index.js';

/** Feed `input` (in chunks of `chunk` bytes) and collect every event. */
const parseAll = (input: string | Buffer, limits: RespLimits = {}, chunk = Infinity, authenticated = true): ParseEvent[] => {
  const p = new RespParser(limits);
  p.authenticated = authenticated;
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const out: ParseEvent[] = [];
  for (let i = 0; i < bytes.length; i += Math.min(chunk, bytes.length)) {
    p.push(bytes.subarray(i, Math.min(bytes.length, i + chunk)));
    for (let e = p.next(); e !== undefined; e = p.next()) out.push(e);
  }
  return out;
};
const cmd = (...argv: string[]): ParseEvent => ({ kind: 'command', argv });
const perr = (message: string): ParseEvent => ({ kind: 'protocol-error', message: `Protocol error: ${message}` });

describe('RespParser', () => {
  const cases: Array<[string, string, ParseEvent[], RespLimits?]> = [
    ['a multibulk command', '*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n', [cmd('GET', 'foo')]],
    ['pipelined commands', '*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n', [cmd('PING'), cmd('ECHO', 'hi')]],
    ['empty bulk strings', '*2\r\n$4\r\nECHO\r\n$0\r\n\r\n', [cmd('ECHO', '')]],
    ['binary-looking payloads with CRLF inside', '*2\r\n$4\r\nECHO\r\n$4\r\na\r\nb\r\n', [cmd('ECHO', 'a\r\nb')]],
    ['*0 and *-1 as nothing', '*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n', [cmd('PING')]],
    ['an inline command', 'SET foo bar\r\n', [cmd('SET', 'foo', 'bar')]],
    ['an inline command ended by LF only', 'PING\n', [cmd('PING')]],
    ['empty inline lines as nothing', '\r\n\r\n  \r\nPING\r\n', [cmd('PING')]],
    ['inline double quotes with escapes', 'SET k "a b\\n\\x41"\r\n', [cmd('SET', 'k', 'a b\nA')]],
    ['inline single quotes', "SET k 'it\\'s'\r\n", [cmd('SET', 'k', "it's")]],
    ['unbalanced quotes', 'SET k "abc\r\n', [perr('unbalanced quotes in request')]],
    ['a closing quote glued to text', 'SET k "a"b\r\n', [perr('unbalanced quotes in request')]],
    ['a non-number multibulk length', '*x\r\n', [perr('invalid multibulk length')]],
    ['a multibulk length over the limit', '*11\r\n', [perr('invalid multibulk length')], { maxArgs: 10 }],
    ["a bulk header without '$'", '*1\r\n:3\r\n', [perr("expected '$', got ':'")]],
    ['a negative bulk length', '*1\r\n$-1\r\n', [perr('invalid bulk length')]],
    ['a bulk length over the limit', '*1\r\n$11\r\n', [perr('invalid bulk length')], { maxBulkBytes: 10 }],
    ['a multibulk header line too long', `*${'1'.repeat(100)}`, [perr('too big mbulk count string')], { maxInlineBytes: 64 }],
    ['a bulk header line too long', `*1\r\n$${'1'.repeat(100)}`, [perr('too big bulk count string')], { maxInlineBytes: 64 }],
    ['an inline request too long', 'A'.repeat(100), [perr('too big inline request')], { maxInlineBytes: 64 }],
    ['header lines ended by CR and any byte, as Redis reads them', '*1\rX$4\r\nPING\r\n', [cmd('PING')]],
    ['a NUL byte hiding the end of a line (Redis uses strchr)', 'GET a\u0000b\r\n', []],
    ['lengths with a sign or leading zeros', '*+1\r\n', [perr('invalid multibulk length')]],
    ['a bulk length with leading zeros', '*1\r\n$04\r\nPING\r\n', [perr('invalid bulk length')]],
    ['a multibulk length of -0', '*-0\r\n', [perr('invalid multibulk length')]],
    ['commands before a protocol error, then nothing', '*1\r\n$4\r\nPING\r\n*1\r\n%3\r\n*1\r\n$4\r\nPING\r\n', [cmd('PING'), perr("expected '$', got '%'")]],
  ];
  for (const [what, input, expected, limits] of cases) {
    it(`should parse ${what}`, () => {
      expect(parseAll(input, limits)).to.deep.equal(expected);
    });
    it(`should parse ${what} fed one byte at a time`, () => {
      expect(parseAll(input, limits, 1)).to.deep.equal(expected);
    });
  }

  it('should decode arguments that are UTF-8 as text', () => {
    expect(parseAll(Buffer.concat([Buffer.from('*2\r\n$4\r\nECHO\r\n$3\r\n'), Buffer.from('é!'), Buffer.from('\r\n')]))).to.deep.equal([cmd('ECHO', 'é!')]);
  });

  it('should keep every byte of arguments that are not UTF-8 (raw bytes as U+DC80… escapes), fed whole or byte by byte', () => {
    const input = Buffer.concat([Buffer.from('*3\r\n$3\r\nSET\r\n$2\r\n'), Buffer.from([0xff, 0x00]), Buffer.from('\r\n$3\r\n'), Buffer.from([0xc3, 0xa9, 0xc3]), Buffer.from('\r\n')]);
    expect(parseAll(input)).to.deep.equal([cmd('SET', '\udcff\u0000', 'é\udcc3')]);
    expect(parseAll(input, {}, 1)).to.deep.equal([cmd('SET', '\udcff\u0000', 'é\udcc3')]);
  });

  it('should read inline \\xHH escapes as raw bytes, as sdssplitargs does', () => {
    expect(parseAll('ECHO "\\xff\\xc3\\xa9"\r\n')).to.deep.equal([cmd('ECHO', '\udcffé')]);
    expect(parseAll(Buffer.concat([Buffer.from('ECHO '), Buffer.from('ключ'), Buffer.from('\r\n')]))).to.deep.equal([cmd('ECHO', 'ключ')]);
  });

  it('should hand the same string object for a command name it saw before (the node looks names up by string)', () => {
    const [a, b] = parseAll('*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n') as Array<{ argv: string[] }>;
    expect(a.argv[0]).to.equal('PING');
    expect(b.argv[0]).to.equal(a.argv[0]);
  });

  it('should give unauthenticated clients Redis\'s tighter limits (10 arguments, 16 KB bulks)', () => {
    expect(parseAll('*11\r\n', {}, Infinity, false)).to.deep.equal([perr('unauthenticated multibulk length')]);
    expect(parseAll('*1\r\n$16385\r\n', {}, Infinity, false)).to.deep.equal([perr('unauthenticated bulk length')]);
    expect(parseAll('*1\r\n$16385\r\n', {}, Infinity, true)).to.deep.equal([]);
  });

  it('should report an overflow when unparsed input outgrows the query buffer limit', () => {
    const events = parseAll(`*1\r\n$1000\r\n${'x'.repeat(600)}`, { maxQueryBufferBytes: 512 }, 100);
    expect(events).to.deep.equal([{ kind: 'overflow' }]);
  });

  it('should stop after a protocol error', () => {
    const p = new RespParser();
    p.push(Buffer.from('*x\r\n'));
    expect(p.next()?.kind).to.equal('protocol-error');
    p.push(Buffer.from('*1\r\n$4\r\nPING\r\n'));
    expect(p.next()).to.equal(undefined);
  });

  const splits: Array<[string, string[] | undefined]> = [
    ['a b  c', ['a', 'b', 'c']],
    ['"a\\tb" \'c d\'', ['a\tb', 'c d']],
    ['""', ['']],
    ['"\\x4"', ['\\x4'.replace('\\', '')]],
    ["'abc", undefined],
  ];
  for (const [line, expected] of splits) {
    it(`should split the inline line ${JSON.stringify(line)} as sdssplitargs does`, () => {
      expect(splitInline(line)).to.deep.equal(expected);
    });
  }
});
