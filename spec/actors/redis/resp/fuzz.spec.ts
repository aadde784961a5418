import { expect } from 'chai';
import { createRandom, type Random } from '../../../../lib/random/index.js';
import type { LiveRedisCluster } from '../../../../actors/redis/resp/index.js';
import { hasBinary, rawClient, resp, startLive, startRedisServer, waitFor, type RealRedis } from './liveKit.js';

const SEED = 20261125;

/** A frame a client might send, often broken: random bytes, or a valid frame mutated. */
const KEY_WORDS = ['PING', 'ECHO', 'GET', 'EXISTS', 'STRLEN', 'TTL', 'TYPE', 'ping', 'Echo'];
/** Commands whose replies do not depend on cluster mode or keys (for the comparison with a plain redis-server). */
const KEYLESS_WORDS = ['PING', 'ECHO', 'ping', 'Echo', 'NOSUCH'];

const fuzzFrame = (r: Random, words: ReadonlyArray<string> = KEY_WORDS): Buffer => {
  const word = (): string => r.pick(words);
  const arg = (): string => Array.from({ length: r.int(0, 12) }, () => String.fromCharCode(r.int(0x20, 0x7e))).join('');
  const valid = (): string => {
    switch (r.int(0, 4)) {
      case 0:
        return resp('PING');
      case 1:
        return resp('ECHO', arg());
      case 2:
        return `${word()} ${arg().replace(/["']/g, '')}\r\n`;
      case 3:
        return resp(word(), words === KEY_WORDS ? `k${r.int(0, 9)}` : arg());
      default:
        return `ECHO "${arg().replace(/["\\]/g, '')}"\n`;
    }
  };
  if (r.bool(0.15)) return Buffer.from(Array.from({ length: r.int(1, 64) }, () => r.int(0, 255)));
  const bytes = [...Buffer.from(Array.from({ length: r.int(1, 3) }, valid).join(''), 'latin1')];
  const mutations = r.int(1, 3);
  for (let m = 0; m < mutations && bytes.length > 0; m++) {
    const at = r.int(0, bytes.length - 1);
    switch (r.int(0, 6)) {
      case 0:
        bytes[at] = r.int(0, 255);
        break;
      case 1:
        bytes.splice(at, 1);
        break;
      case 2:
        bytes.splice(at, 0, ...Buffer.from(r.pick(['\r\n', '*', '$', '-1', '99999999999', '\r', '\n', '"', "'", '0'])));
        break;
      case 3:
        bytes.length = at;
        break;
      case 4: {
        // Rewrite a length: negative, huge, off by one.
        const i = bytes.findIndex((b, j) => j >= at && (b === 0x2a || b === 0x24));
        if (i >= 0) bytes.splice(i + 1, 1, ...Buffer.from(r.pick(['-5', '3', '0', '1048577', '536870913', 'x'])));
        break;
      }
      case 5:
        bytes.splice(at, 0, ...bytes.slice(0, at));
        break;
      default:
        bytes.splice(at, 0, r.int(0, 255));
    }
  }
  return Buffer.from(bytes);
};

/** Send a frame, half-close, and collect everything until the server closes. */
const exchange = async (port: number, frame: Buffer): Promise<string> => {
  const c = await rawClient(port);
  c.send(frame);
  c.socket.end();
  await c.closed(10_000);
  return c.received();
};

/**
 * The outline of a reply stream: one token per top-level reply (its type),
 * protocol errors in full, and whether the stream was cut inside a reply.
 */
const outline = (s: string): string[] => {
  const out: string[] = [];
  let i = 0;
  const line = (): string | undefined => {
    const e = s.indexOf('\r\n', i);
    if (e < 0) return undefined;
    const l = s.slice(i, e);
    i = e + 2;
    return l;
  };
  const reply = (): string | undefined => {
    const l = line();
    if (l === undefined) return undefined;
    const t = l[0];
    if (t === '$') {
      const n = Number(l.slice(1));
      if (n >= 0) i += Buffer.from(s.slice(i), 'latin1').subarray(0, n).toString('latin1').length + 2;
      return '$';
    }
    if (t === '*') {
      const n = Number(l.slice(1));
      for (let k = 0; k < n; k++) if (reply() === undefined) return undefined;
      return '*';
    }
    if (t === '-') return l.startsWith('-ERR Protocol error') ? l : '-';
    return t;
  };
  while (i < s.length) {
    const r = reply();
    if (r === undefined) {
      out.push('<cut>');
      break;
    }
    out.push(r);
  }
  return out;
};

describe('RESP front door under fuzzing', function () {
  this.timeout(120_000);
  let live: LiveRedisCluster;
  let real: RealRedis | undefined;
  before(async () => {
    live = await startLive({ servers: 1, replicasPerMaster: 0 });
    if (hasBinary('redis-server')) real = await startRedisServer();
  });
  after(async () => {
    await live?.close();
    await real?.stop();
  });

  it(`should survive 3000 random and mutated frames without a data change (seed ${SEED})`, async () => {
    const port = live.cluster.nodes[0].port;
    const setup = await rawClient(port);
    setup.send(`${resp('SET', 'k1', 'one')}${resp('SET', 'k2', 'two')}${resp('HSET', 'h', 'f', 'v')}`);
    await setup.until((r) => r === '+OK\r\n+OK\r\n:1\r\n');
    setup.close();
    const r = createRandom(SEED);
    const frames = Array.from({ length: 3000 }, () => fuzzFrame(r));
    let protocolErrors = 0;
    for (let i = 0; i < frames.length; i += 16) {
      const outs = await Promise.all(frames.slice(i, i + 16).map((f) => exchange(port, f)));
      for (const [j, out] of outs.entries()) {
        const o = outline(out);
        if (o.includes('<cut>')) expect.fail(`frame ${i + j} (seed ${SEED}) ${JSON.stringify(frames[i + j].toString('latin1'))}: reply stream cut: ${JSON.stringify(out)}`);
        protocolErrors += o.filter((t) => t.startsWith('-ERR Protocol error')).length;
      }
    }
    expect(protocolErrors, 'the fuzzer reaches the protocol error paths').to.be.greaterThan(300);
    const check = await rawClient(port);
    check.send(`${resp('GET', 'k1')}${resp('GET', 'k2')}${resp('HGET', 'h', 'f')}${resp('DBSIZE')}`);
    expect(await check.until((x) => x.endsWith(':3\r\n'))).to.equal('$3\r\none\r\n$3\r\ntwo\r\n$1\r\nv\r\n:3\r\n');
    check.close();
    await waitFor('every fuzzed connection to be released', () => live.listeners.get(live.cluster.nodes[0].addr)!.clients.size === 0);
  });

  it(`should frame replies and protocol errors exactly as redis-server 7 does, for 600 fuzzed frames (seed ${SEED + 1})`, async function () {
    if (real === undefined) {
      console.log('      (skipped: redis-server not installed — apt-get install redis-server)');
      this.skip();
    }
    const port = live.cluster.nodes[0].port;
    const r = createRandom(SEED + 1);
    const mismatches: string[] = [];
    for (let i = 0; i < 600; i += 12) {
      const frames = Array.from({ length: 12 }, () => fuzzFrame(r, KEYLESS_WORDS));
      const [ours, theirs] = await Promise.all([Promise.all(frames.map((f) => exchange(port, f))), Promise.all(frames.map((f) => exchange(real!.port, f)))]);
      for (let j = 0; j < frames.length; j++) {
        const a = outline(ours[j]);
        const b = outline(theirs[j]);
        if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${JSON.stringify(frames[j].toString('latin1'))}\n  troupe: ${JSON.stringify(a)}\n  redis:  ${JSON.stringify(b)}`);
      }
    }
    expect(mismatches, mismatches.slice(0, 5).join('\n')).to.deep.equal([]);
  });
});
