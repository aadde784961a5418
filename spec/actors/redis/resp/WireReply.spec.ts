import { expect } from 'chai';
import { array, bulk, error, integer, simple, NIL } from '../../../../actors/redis/index.js';
import { encodeReply, mapReply, resp3Shape, verbatim, type WireReply } from '../../../../actors/redis/resp/index.js';

describe('encodeReply', () => {
  const cases: Array<[string, WireReply, string, string]> = [
    ['a simple string', simple('OK'), '+OK\r\n', '+OK\r\n'],
    ['an error', error('MOVED 1 127.0.0.1:30002'), '-MOVED 1 127.0.0.1:30002\r\n', '-MOVED 1 127.0.0.1:30002\r\n'],
    ['an error with a newline (replaced by a space)', error('ERR a\nb'), '-ERR a b\r\n', '-ERR a b\r\n'],
    ['an integer', integer(-3), ':-3\r\n', ':-3\r\n'],
    ['a bulk string, length in UTF-8 bytes', bulk('é'), '$2\r\né\r\n', '$2\r\né\r\n'],
    ['a nil bulk string', NIL, '$-1\r\n', '_\r\n'],
    ['a nil array', array(null), '*-1\r\n', '_\r\n'],
    ['a nested array', array([integer(1), array([bulk('a')])]), '*2\r\n:1\r\n*1\r\n$1\r\na\r\n', '*2\r\n:1\r\n*1\r\n$1\r\na\r\n'],
    ['a map', mapReply([[bulk('a'), integer(1)]]), '*2\r\n$1\r\na\r\n:1\r\n', '%1\r\n$1\r\na\r\n:1\r\n'],
    ['a verbatim string', verbatim('x:1\r\n'), '$5\r\nx:1\r\n\r\n', '=9\r\ntxt:x:1\r\n\r\n'],
  ];
  for (const [what, reply, two, three] of cases) {
    it(`should encode ${what} in RESP2 and RESP3`, () => {
      expect(encodeReply(reply, 2)).to.equal(two);
      expect(encodeReply(reply, 3)).to.equal(three);
    });
  }

  const raw: Array<[string, WireReply, number[]]> = [
    ['a bulk string of raw bytes as those bytes', bulk('a\udcff\u0000'), [...Buffer.from('$3\r\na'), 0xff, 0x00, ...Buffer.from('\r\n')]],
    ['an array mixing text and raw bytes', array([bulk('é'), bulk('\udcc3')]), [...Buffer.from('*2\r\n$2\r\né\r\n$1\r\n'), 0xc3, ...Buffer.from('\r\n')]],
    ['an error quoting raw bytes', error("ERR unknown command '\udcfe'"), [...Buffer.from("-ERR unknown command '"), 0xfe, ...Buffer.from("'\r\n")]],
  ];
  for (const [what, reply, bytes] of raw) {
    it(`should encode ${what}`, () => {
      const out = encodeReply(reply, 2);
      expect(Buffer.isBuffer(out)).to.equal(true);
      expect([...(out as Buffer)]).to.deep.equal(bytes);
    });
  }
});

describe('resp3Shape', () => {
  it('should answer INFO, CLUSTER INFO and CLUSTER NODES with verbatim strings', () => {
    for (const argv of [['INFO'], ['cluster', 'info'], ['CLUSTER', 'NODES']]) {
      expect(encodeReply(resp3Shape(argv)!(bulk('a:1\r\n')), 3)).to.equal('=9\r\ntxt:a:1\r\n\r\n');
    }
  });

  it('should turn HGETALL and CONFIG GET into maps and leave errors alone', () => {
    expect(encodeReply(resp3Shape(['HGETALL', 'h'])!(array([bulk('f'), bulk('v')])), 3)).to.equal('%1\r\n$1\r\nf\r\n$1\r\nv\r\n');
    expect(encodeReply(resp3Shape(['HGETALL', 'h'])!(error('WRONGTYPE x')), 3)).to.equal('-WRONGTYPE x\r\n');
    expect(encodeReply(resp3Shape(['config', 'get', '*'])!(array([bulk('save'), bulk('')])), 3)).to.equal('%1\r\n$4\r\nsave\r\n$0\r\n\r\n');
  });

  it('should make the metadata of CLUSTER SLOTS nodes a map, as Redis 7 does in RESP3', () => {
    const node = array([bulk('127.0.0.1'), integer(30001), bulk('id'), array([])]);
    expect(encodeReply(resp3Shape(['CLUSTER', 'SLOTS'])!(array([array([integer(0), integer(5), node])])), 3)).to.equal(
      '*1\r\n*3\r\n:0\r\n:5\r\n*4\r\n$9\r\n127.0.0.1\r\n:30001\r\n$2\r\nid\r\n%0\r\n',
    );
  });

  it('should leave commands whose reply is the same in both protocols alone', () => {
    expect(resp3Shape(['GET', 'k'])).to.equal(undefined);
    expect(resp3Shape(['CLUSTER', 'MYID'])).to.equal(undefined);
  });
});
