import { expect } from 'chai';
import { Keyspace, commandKeys, executeCommand, lookupCommand, registerCommand, integer, type Reply } from '../../../actors/redis/index.js';

const ok: Reply = { kind: 'simple', value: 'OK' };
const nil: Reply = { kind: 'bulk', value: null };
const bulk = (value: string): Reply => ({ kind: 'bulk', value });
const int = (value: number): Reply => ({ kind: 'integer', value });
const err = (message: string): Reply => ({ kind: 'error', message });
const arr = (...items: Reply[]): Reply => ({ kind: 'array', items });

/** [name, steps: [time, argv, expected reply, expected replication stream (optional)]] */
type Step = [number, string[], Reply, string[][]?];
const scripts: Array<[string, Step[]]> = [
  ['GET/SET and arity', [
    [0, ['GET', 'k'], nil],
    [0, ['SET', 'k', 'v'], ok, [['SET', 'k', 'v']]],
    [0, ['get', 'k'], bulk('v')],
    [0, ['GET'], err("ERR wrong number of arguments for 'get' command")],
    [0, ['GET', 'a', 'b'], err("ERR wrong number of arguments for 'get' command")],
    [0, ['NOPE', 'x'], err("ERR unknown command 'NOPE', with args beginning with: 'x' ")],
  ]],
  ['SET options NX/XX/GET/EX and the PXAT rewrite', [
    [1000, ['SET', 'k', 'v1', 'NX'], ok, [['SET', 'k', 'v1']]],
    [1000, ['SET', 'k', 'v2', 'NX'], nil, []],
    [1000, ['SET', 'x', 'v', 'XX'], nil, []],
    [1000, ['SET', 'k', 'v3', 'XX', 'GET'], bulk('v1')],
    [1000, ['SET', 'k', 'v4', 'EX', '10'], ok, [['SET', 'k', 'v4', 'PXAT', '11000']]],
    [1000, ['TTL', 'k'], int(10)],
    [1500, ['PTTL', 'k'], int(9500)],
    [1000, ['SET', 'k', 'v', 'EX', '0'], err("ERR invalid expire time in 'set' command")],
    [1000, ['SET', 'k', 'v', 'EX', 'x'], err('ERR value is not an integer or out of range')],
    [1000, ['SET', 'k', 'v', 'NX', 'XX'], err('ERR syntax error')],
    [11000, ['GET', 'k'], nil],
  ]],
  ['counters', [
    [0, ['INCR', 'n'], int(1), [['INCR', 'n']]],
    [0, ['INCRBY', 'n', '41'], int(42)],
    [0, ['DECR', 'n'], int(41)],
    [0, ['DECRBY', 'n', '50'], int(-9)],
    [0, ['SET', 's', 'abc'], ok],
    [0, ['INCR', 's'], err('ERR value is not an integer or out of range')],
    [0, ['INCRBY', 'n', '1.5'], err('ERR value is not an integer or out of range')],
    [0, ['SET', 'big', '9007199254740991'], ok],
    [0, ['INCR', 'big'], err('ERR increment or decrement would overflow')],
  ]],
  ['APPEND, STRLEN (bytes), MGET, MSET', [
    [0, ['APPEND', 'a', 'hé'], int(3)],
    [0, ['APPEND', 'a', 'llo'], int(6)],
    [0, ['STRLEN', 'a'], int(6)],
    [0, ['STRLEN', 'none'], int(0)],
    [0, ['MSET', 'x', '1', 'y', '2'], ok, [['MSET', 'x', '1', 'y', '2']]],
    [0, ['MSET', 'x', '1', 'y'], err("ERR wrong number of arguments for 'mset' command")],
    [0, ['HSET', 'h', 'f', 'v'], int(1)],
    [0, ['MGET', 'x', 'nope', 'h', 'y'], arr(bulk('1'), nil, nil, bulk('2'))],
  ]],
  ['DEL, EXISTS, EXPIRE family, PERSIST, TYPE, DBSIZE', [
    [0, ['MSET', 'a', '1', 'b', '2'], ok],
    [0, ['EXISTS', 'a', 'a', 'zz'], int(2)],
    [0, ['DEL', 'a', 'zz'], int(1), [['DEL', 'a']]],
    [0, ['EXPIRE', 'b', '5'], int(1), [['PEXPIREAT', 'b', '5000']]],
    [0, ['EXPIRE', 'zz', '5'], int(0), []],
    [0, ['TYPE', 'b'], { kind: 'simple', value: 'string' }],
    [0, ['PERSIST', 'b'], int(1)],
    [0, ['TTL', 'b'], int(-1)],
    [0, ['TTL', 'zz'], int(-2)],
    [0, ['PEXPIRE', 'b', '0'], int(1), [['DEL', 'b']]],
    [0, ['DBSIZE'], int(0)],
    [0, ['PING'], { kind: 'simple', value: 'PONG' }],
    [0, ['PING', 'hi'], bulk('hi')],
  ]],
  ['hashes and WRONGTYPE', [
    [0, ['HSET', 'h', 'a', '1', 'b', '2'], int(2)],
    [0, ['HSET', 'h', 'a', '3', 'c', '4'], int(1)],
    [0, ['HGET', 'h', 'a'], bulk('3')],
    [0, ['HGETALL', 'h'], arr(bulk('a'), bulk('3'), bulk('b'), bulk('2'), bulk('c'), bulk('4'))],
    [0, ['HDEL', 'h', 'a', 'zz'], int(1)],
    [0, ['HLEN', 'h'], int(2)],
    [0, ['GET', 'h'], err('WRONGTYPE Operation against a key holding the wrong kind of value')],
    [0, ['SET', 's', 'v'], ok],
    [0, ['HGET', 's', 'f'], err('WRONGTYPE Operation against a key holding the wrong kind of value')],
    [0, ['HSET', 'h', 'odd'], err("ERR wrong number of arguments for 'hset' command")],
    [0, ['HDEL', 'h', 'b', 'c'], int(2)],
    [0, ['EXISTS', 'h'], int(0)],
  ]],
  ['DUMP and RESTORE (what MIGRATE carries)', [
    [0, ['HSET', 'h', 'f', 'v'], int(1)],
    [0, ['DUMP', 'h'], bulk('{"type":"hash","value":[["f","v"]]}')],
    [0, ['RESTORE', 'h2', '0', '{"type":"hash","value":[["f","v"]]}'], ok],
    [0, ['RESTORE', 'h2', '0', '{"type":"string","value":"x"}'], err('BUSYKEY Target key name already exists.')],
    [0, ['RESTORE', 'h2', '5000', '{"type":"string","value":"x"}', 'REPLACE'], ok, [['RESTORE', 'h2', '5000', '{"type":"string","value":"x"}', 'REPLACE', 'ABSTTL']]],
    [0, ['GET', 'h2'], bulk('x')],
    [0, ['RESTORE', 'bad', '0', 'garbage'], err('ERR DUMP payload version or checksum are wrong')],
  ]],
];

describe('redis command table (pure keyspace commands)', () => {
  for (const [name, steps] of scripts) {
    it(`should answer exactly as Redis: ${name}`, () => {
      const keyspace = new Keyspace();
      for (const [now, argv, expected, stream] of steps) {
        const propagated: string[][] = [];
        const reply = executeCommand({ keyspace, now, propagate: (a) => propagated.push([...a]) }, argv);
        expect(reply, argv.join(' ')).to.deep.equal(expected);
        if (stream !== undefined) expect(propagated, `${argv.join(' ')} replicates`).to.deep.equal(stream);
      }
    });
  }

  it('should find the keys of a command from its key spec', () => {
    expect(commandKeys(lookupCommand('mset')!, ['MSET', 'a', '1', 'b', '2'])).to.deep.equal(['a', 'b']);
    expect(commandKeys(lookupCommand('del')!, ['DEL', 'a', 'b', 'c'])).to.deep.equal(['a', 'b', 'c']);
    expect(commandKeys(lookupCommand('ping')!, ['PING'])).to.deep.equal([]);
  });

  it('should let users register their own commands', () => {
    registerCommand({ name: 'getlen', arity: 2, write: false, keys: { first: 1, last: 1, step: 1 }, run: (env, argv) => integer(env.keyspace.lookup(argv[1], env.now)?.type === 'string' ? 1 : 0) });
    const keyspace = new Keyspace();
    executeCommand({ keyspace, now: 0, propagate: () => {} }, ['SET', 'k', 'v']);
    expect(executeCommand({ keyspace, now: 0, propagate: () => {} }, ['GETLEN', 'k'])).to.deep.equal(int(1));
  });
});
