import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';
import { SLOTS, hasSlot, keyHashSlot } from '../../../../actors/redis/index.js';
import type { LiveRedisCluster } from '../../../../actors/redis/resp/index.js';
import { createRandom } from '../../../../lib/random/index.js';
import { hasBinary, rawClient, startLive, startRedisServer, waitFor, type RealRedis } from './liveKit.js';

const run = promisify(execFile);
const SEED = 20261126;

/** A RESP request from raw byte arguments. */
const respBytes = (...argv: Array<string | Buffer>): Buffer =>
  Buffer.concat([
    Buffer.from(`*${argv.length}\r\n`),
    ...argv.flatMap((a) => {
      const b = typeof a === 'string' ? Buffer.from(a) : a;
      return [Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n')];
    }),
  ]);

/** One raw command on a port, the reply bytes (latin1: one char per byte) once `done` holds. */
const rawCommand = async (port: number, request: Buffer, done: (r: string) => boolean = (r) => r.endsWith('\r\n')): Promise<string> => {
  const c = await rawClient(port);
  try {
    c.send(request);
    return await c.until(done);
  } finally {
    c.close();
  }
};

/** Keys whose bytes a UTF-8 decoder would mangle, and text keys, for KEYSLOT. */
const ODD_KEYS: Buffer[] = [
  Buffer.from('é'),
  Buffer.from('ключ'),
  Buffer.from('😀 emoji'),
  Buffer.from('{ключ}.x'),
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from([0xc3]),
  Buffer.from([0xe9]),
  Buffer.from([0x00, 0x61, 0x00]),
  Buffer.from([0x7b, 0xff, 0x7d, 0x61]), // {\xff}a: a binary hash tag
  Buffer.from([0xed, 0xa0, 0x80]), // a UTF-8-encoded surrogate: not valid UTF-8
  Buffer.from([0xf0, 0x9f, 0x98]), // a truncated 4-byte sequence
  Buffer.from('a\r\nb'),
  Buffer.from('€'.repeat(50)), // 150 bytes: an error quoting it cuts at 128, through a character
  Buffer.from('é'.repeat(100)),
];

describe('binary-safe keys and values (live, real clients)', function () {
  this.timeout(60_000);
  let live: LiveRedisCluster;
  let client: Cluster;
  let real: RealRedis | undefined;
  before(async () => {
    live = await startLive({ nodeTimeoutMs: 1000 });
    client = new Cluster([{ host: '127.0.0.1', port: live.cluster.nodes[0].port }], { redisOptions: { connectTimeout: 1000 } });
    await waitFor('ioredis ready', () => client.status === 'ready', 10_000);
    if (hasBinary('redis-server')) {
      // A one-node real cluster owning every slot: KEYSLOT, and commands served without redirects.
      real = await startRedisServer(['--cluster-enabled', 'yes']);
      expect(await rawCommand(real.port, respBytes('CLUSTER', 'ADDSLOTSRANGE', '0', String(SLOTS - 1)))).to.equal('+OK\r\n');
      await waitFor('the real node to serve its slots', async () => (await rawCommand(real!.port, respBytes('CLUSTER', 'INFO'), (x) => x.includes('cluster_state'))).includes('cluster_state:ok'));
    }
  });
  after(async () => {
    client?.disconnect();
    await live?.close();
    await real?.stop();
  });

  it(`should give back every byte of random binary values set with ioredis Buffers, across slots (seed ${SEED})`, async () => {
    const r = createRandom(SEED);
    const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => r.int(0, 255)));
    const special = [Buffer.alloc(0), Buffer.from([0]), Buffer.from('\r\n'), Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0x0a, 0x80]), Buffer.from([0xc3]), Buffer.from([0x63, 0x61, 0x66, 0xc3, 0xa9, 0xff])];
    const values = [...special, ...Array.from({ length: 300 }, () => bytes(r.int(1, 200)))];
    const keys = values.map((_, i) => `bin:${i}`);
    expect(new Set(keys.map(keyHashSlot)).size, 'slots the keys fall in').to.be.greaterThan(250);
    expect(await Promise.all(keys.map((k, i) => client.set(k, values[i])))).to.deep.equal(keys.map(() => 'OK'));
    const got = await Promise.all(keys.map((k) => client.getBuffer(k)));
    for (let i = 0; i < keys.length; i++) expect(got[i], `value ${i} (${values[i].toString('hex')})`).to.deep.equal(values[i]);
    expect(await Promise.all(keys.map((k) => client.strlen(k)))).to.deep.equal(values.map((v) => v.length));
  });

  it('should append bytes that only together form UTF-8 text, and count bytes, as Redis does', async () => {
    await client.del('bin:append');
    expect(await client.append('bin:append', Buffer.from([0xc3]))).to.equal(1);
    expect(await client.append('bin:append', Buffer.from([0xa9, 0xff]))).to.equal(3);
    expect(await client.getBuffer('bin:append')).to.deep.equal(Buffer.from([0xc3, 0xa9, 0xff]));
    expect(await client.strlen('bin:append')).to.equal(3);
  });

  it(`should store keys that are not valid UTF-8 at the slot of their bytes and list them back exactly (seed ${SEED + 1})`, async () => {
    const r = createRandom(SEED + 1);
    const keys = Array.from({ length: 200 }, (_, i) => Buffer.concat([Buffer.from([0xff, 0xc0 + (i % 32)]), Buffer.from(Array.from({ length: r.int(0, 12) }, () => r.int(0, 255))), Buffer.from(String(i))]));
    expect(await Promise.all(keys.map((k, i) => client.set(k, `v${i}`)))).to.deep.equal(keys.map(() => 'OK'));
    expect((await Promise.all(keys.map((k) => client.getBuffer(k)))).map((b) => b?.toString())).to.deep.equal(keys.map((_, i) => `v${i}`));
    // A binary hash tag keeps keys together: MSET across them is not CROSSSLOT.
    const tagged = [Buffer.from([0x7b, 0xff, 0x00, 0x7d, 0x61]), Buffer.from([0x7b, 0xff, 0x00, 0x7d, 0x62])];
    expect(await client.mset(tagged[0], 'a', tagged[1], 'b')).to.equal('OK');
    // The node lists a key's exact bytes in its slot.
    const key = keys[7];
    const slot = Number((await rawCommand(live.cluster.nodes[0].port, respBytes('CLUSTER', 'KEYSLOT', key))).slice(1, -2));
    expect(slot).to.be.within(0, SLOTS - 1);
    const owner = live.cluster.nodes.find((h) => live.cluster.view(h.addr)?.role() === 'master' && hasSlot(live.cluster.view(h.addr)!.ownedSlots(), slot))!;
    const listed = await rawCommand(owner.port, respBytes('CLUSTER', 'GETKEYSINSLOT', String(slot), '1000'), (x) => x.split('\r\n').length > 2 && x.endsWith('\r\n') && Buffer.from(x, 'latin1').includes(key));
    expect(Buffer.from(listed, 'latin1').includes(Buffer.concat([Buffer.from(`$${key.length}\r\n`), key, Buffer.from('\r\n')]))).to.equal(true);
  });

  it('should answer CLUSTER KEYSLOT of non-ASCII and invalid UTF-8 keys exactly as a real redis-server 7', async function () {
    if (real === undefined) {
      console.log('      (skipped: redis-server not installed — apt-get install redis-server)');
      this.skip();
    }
    const port = live.cluster.nodes[0].port;
    for (const key of ODD_KEYS) {
      const ours = await rawCommand(port, respBytes('CLUSTER', 'KEYSLOT', key));
      const theirs = await rawCommand(real!.port, respBytes('CLUSTER', 'KEYSLOT', key));
      expect(ours, `KEYSLOT of ${key.toString('hex')}`).to.equal(theirs);
    }
  });

  it('should echo arbitrary bytes, and name them in errors, byte for byte as a real redis-server 7', async function () {
    if (real === undefined) this.skip();
    const port = live.cluster.nodes[0].port;
    for (const arg of ODD_KEYS) {
      for (const request of [respBytes('ECHO', arg), respBytes(Buffer.concat([Buffer.from('NOSUCH'), arg]), arg)]) {
        const ours = await rawCommand(port, request);
        const theirs = await rawCommand(real!.port, request);
        expect(Buffer.from(ours, 'latin1').toString('hex'), `reply to ${request.toString('hex')}`).to.equal(Buffer.from(theirs, 'latin1').toString('hex'));
      }
    }
  });

  it('should take escaped bytes from redis-cli -c and print them back as a real redis-server does', async function () {
    if (!hasBinary('redis-cli') || real === undefined) this.skip();
    // redis-cli reads commands from stdin with its own quoting: "\xff" is one byte.
    const script = 'SET "k\\xff\\x00{t}" "v\\x00\\xfe\\r\\n\\xc3"\nGET "k\\xff\\x00{t}"\nSTRLEN "k\\xff\\x00{t}"\nCLUSTER KEYSLOT "k\\xff\\x00{t}"\nCLUSTER KEYSLOT "\\xff\\xfe"\n';
    const cli = (port: number): Promise<string> =>
      new Promise((resolve, reject) => {
        const child = execFile('redis-cli', ['-c', '--no-raw', '-p', String(port)], (err, stdout) => (err === null ? resolve(stdout) : reject(err)));
        child.stdin!.end(script);
      });
    // The troupe cluster has three masters: redis-cli follows a MOVED (and says so), the real one-node cluster serves all.
    const ours = (await cli(live.cluster.nodes[0].port)).replace(/^-> Redirected to slot \[\d+\] located at [\d.:]+\n/gm, '');
    const theirs = await cli(real!.port);
    expect(ours).to.equal(theirs);
    expect(ours).to.contain('"v\\x00\\xfe\\r\\n\\xc3"');
    // And the one-shot form, from argv (UTF-8 text), through MOVED.
    const set = await run('redis-cli', ['-c', '-p', String(live.cluster.nodes[0].port), 'set', 'ключ', 'значение']);
    expect(set.stdout).to.equal('OK\n');
    const get = await run('redis-cli', ['-c', '-p', String(live.cluster.nodes[1].port), 'get', 'ключ']);
    expect(get.stdout).to.equal('значение\n');
  });
});
