import { expect } from 'chai';
import { keyHashSlot } from '../../../../actors/redis/index.js';
import type { LiveRedisCluster } from '../../../../actors/redis/resp/index.js';
import { sample } from '../redisTestKit.js';
import { rawClient, resp, startLive, waitFor } from './liveKit.js';

/** A sample from the real cluster (ports 30001…) with this cluster's ports. */
const samplePorts = (name: string, base: number): string => sample(name).replace(/3000(\d)/g, (_, d: string) => String(base + Number(d) - 1));
const anonymize = (s: string): string => s.replace(/[0-9a-f]{40}/g, '<id>');

describe('RESP front door (live, one process)', function () {
  this.timeout(30_000);
  let live: LiveRedisCluster;
  let base: number;
  before(async () => {
    live = await startLive();
    base = live.cluster.nodes[0].port;
  });
  after(async () => {
    await live?.close();
  });

  it('should answer pipelined commands in order, inline or multibulk, byte for byte as Redis', async () => {
    const c = await rawClient(base);
    const slot = keyHashSlot('foo');
    c.send(`${resp('PING')}PING\r\n${resp('SET', 'foo', 'bar')}${resp('CLUSTER', 'KEYSLOT', 'foo')}${resp('MSET', 'a', '1', 'b', '2')}SELECT 1\r\n${resp('ECHO', 'hé')}`);
    const expected = `+PONG\r\n+PONG\r\n${samplePorts('moved.resp2', base)}${sample('keyslot.resp2')}${sample('crossslot.resp2')}${sample('select1.resp2')}$3\r\nhé\r\n`;
    const got = await c.until((r) => Buffer.byteLength(r, 'latin1') >= Buffer.byteLength(expected));
    expect(Buffer.from(got, 'latin1').toString('utf8')).to.equal(expected);
    expect(slot).to.equal(12182);
    c.close();
  });

  it('should describe the cluster in CLUSTER SLOTS with the real bytes (4-element node entries; replicas after their master)', async () => {
    const c = await rawClient(base);
    c.send(resp('CLUSTER', 'SLOTS'));
    const want = anonymize(samplePorts('cluster_slots.resp2', base));
    const got = anonymize(await c.until((r) => r.length >= want.length && r.endsWith('*0\r\n')));
    c.close();
    // The real sample was taken before replicas had a replication offset: drop ours to compare the rest byte for byte.
    const replicaEntry = /\*4\r\n\$9\r\n127\.0\.0\.1\r\n:\d+\r\n\$40\r\n<id>\r\n\*0\r\n(?=\*[34]\r\n:|$)/g;
    const replicas = got.match(replicaEntry) ?? [];
    expect(replicas).to.have.length(3);
    expect(got.replace(replicaEntry, '').replace(/\*4\r\n(:\d+\r\n:\d+\r\n)/g, '*3\r\n$1')).to.equal(want);
  });

  it('should speak RESP3 after HELLO 3: the 7-entry map, then nulls, verbatim INFO and maps', async () => {
    const c = await rawClient(base);
    c.send(resp('HELLO', '3'));
    const hello = sample('hello3.resp3').replace(/:264\r\n/, ':<id>\r\n');
    const got = await c.until((r) => r.length >= hello.length - 4);
    expect(got.replace(/\r\nid\r\n:\d+\r\n/, '\r\nid\r\n:<id>\r\n')).to.equal(hello);
    const before = got.length;
    c.send(`${resp('GET', 'nokey{a}')}`);
    const n = await c.until((r) => r.length > before);
    expect(n.slice(before)).to.match(/^(_\r\n|-MOVED \d+ 127\.0\.0\.1:\d+\r\n)$/);
    const mark = n.length;
    c.send(resp('CLUSTER', 'INFO'));
    const info = await c.until((r) => r.length > mark && r.endsWith('\r\n') && r.slice(mark).includes('cluster_stats'));
    expect(info.slice(mark)).to.match(/^=\d+\r\ntxt:cluster_state:ok\r\ncluster_slots_assigned:16384\r\n/);
    c.close();
  });

  it('should refuse HELLO with an unknown protocol version and keep speaking RESP2', async () => {
    const c = await rawClient(base);
    c.send(`${resp('HELLO', '4')}${resp('GET', 'x{x}')}`);
    const got = await c.until((r) => r.split('\r\n').length >= 3);
    expect(got).to.match(/^-NOPROTO unsupported protocol version\r\n(\$-1|-MOVED [^\r]+)\r\n$/);
    c.close();
  });

  it('should answer QUIT with +OK and close the connection', async () => {
    const c = await rawClient(base);
    c.send(`${resp('QUIT')}${resp('PING')}`);
    await c.closed();
    expect(c.received()).to.equal('+OK\r\n');
  });

  it('should answer a protocol error with -ERR Protocol error, close, and keep serving everyone else with the data unchanged', async () => {
    const owner = live.cluster.nodes.find((h) => live.status().find((s) => s.addr === h.addr)!.role === 'master' && h.port === base)!;
    const key = 'k{' + 'x' + '}';
    const mover = await rawClient(base);
    mover.send(resp('CLUSTER', 'KEYSLOT', key));
    await mover.until((r) => r.startsWith(':') && r.endsWith('\r\n'));
    const bystander = await rawClient(owner.port);
    for (const bad of ['*1\r\n$x\r\n', '*abc\r\n', '*2\r\n$3\r\nGET\r\n:12\r\n', 'SET a "b\r\n', `*1\r\n$${64 * 1024 * 1024}\r\n`]) {
      const c = await rawClient(base);
      c.send(`${resp('PING')}${bad}`);
      await c.closed();
      expect(c.received()).to.match(/^\+PONG\r\n-ERR Protocol error: [^\r\n]+\r\n$/);
    }
    bystander.send(resp('PING'));
    await bystander.until((r) => r === '+PONG\r\n');
    bystander.close();
    mover.close();
  });

  it('should close a client whose unparsed input outgrows the query buffer, without a reply', async () => {
    const small = await startLive({ servers: 1, replicasPerMaster: 0, resp: { limits: { maxQueryBufferBytes: 64 * 1024, maxBulkBytes: 1024 * 1024 } } });
    try {
      const port = small.cluster.nodes[0].port;
      const c = await rawClient(port);
      c.send(`*2\r\n$4\r\nECHO\r\n$${512 * 1024}\r\n`);
      c.send(Buffer.alloc(128 * 1024, 0x61));
      await c.closed();
      expect(c.received()).to.equal('');
      const ok = await rawClient(port);
      ok.send(resp('PING'));
      await ok.until((r) => r === '+PONG\r\n');
      ok.close();
    } finally {
      await small.close();
    }
  });

  it('should forget a half-open connection (FIN after a partial frame) and serve the next client', async () => {
    const c = await rawClient(base);
    const gone = c.socket.localPort;
    expect(gone).to.be.a('number');
    c.send('*3\r\n$3\r\nSET\r\n$3\r\nfoo\r\n$10\r\nabc');
    c.socket.end();
    await c.closed();
    expect(c.received()).to.equal('');
    const d = await rawClient(base);
    d.send(resp('GET', 'foo'));
    const r = await d.until((x) => x.endsWith('\r\n'));
    expect(r).to.match(/^-MOVED 12182 /);
    await waitFor('the server to drop the half-open client', () => ![...live.listeners.get(`127.0.0.1:${base}`)!.clients].some((x) => x.socket.remotePort === gone));
    d.close();
  });

  it('should handle CLIENT, CONFIG GET, COMMAND, INFO sections and READONLY on a replica', async () => {
    const c = await rawClient(base);
    c.send(`${resp('CLIENT', 'SETNAME', 'spec')}${resp('CLIENT', 'GETNAME')}${resp('CLIENT', 'SETINFO', 'LIB-NAME', 'x')}${resp('CLIENT', 'SETNAME', 'a b')}${resp('CONFIG', 'GET', 'cluster-node-*')}${resp('INFO', 'persistence')}`);
    const got = await c.until((r) => r.includes('loading:0'));
    expect(got).to.match(
      /^\+OK\r\n\$4\r\nspec\r\n\+OK\r\n-ERR Client names cannot contain spaces, newlines or special characters.\r\n\*2\r\n\$20\r\ncluster-node-timeout\r\n\$4\r\n1000\r\n\$\d+\r\n# Persistence\r\nloading:0\r\n/,
    );
    const count = await rawClient(base);
    count.send(resp('COMMAND', 'COUNT'));
    const n = Number((await count.until((r) => r.endsWith('\r\n'))).slice(1));
    expect(n).to.be.greaterThan(40);
    c.close();
    count.close();
  });

  it('should follow WAIT and READONLY semantics end to end', async () => {
    const slot0Key = 'a{06S}'; // a key in master 1's slots
    const master = await rawClient(base);
    master.send(resp('CLUSTER', 'KEYSLOT', slot0Key));
    const slot = Number((await master.until((r) => r.endsWith('\r\n'))).slice(1));
    expect(slot).to.be.lessThan(5461);
    master.send(`${resp('SET', slot0Key, 'v')}${resp('WAIT', '1', '2000')}`);
    const w = await master.until((r) => r.endsWith(':1\r\n'));
    expect(w).to.match(/\+OK\r\n:1\r\n$/);
    const replica = live.cluster.nodes.find((h) => h.initialMaster === `127.0.0.1:${base}`)!;
    const r = await rawClient(replica.port);
    r.send(`${resp('GET', slot0Key)}${resp('READONLY')}${resp('GET', slot0Key)}`);
    const got = await r.until((x) => x.endsWith('$1\r\nv\r\n'));
    expect(got).to.equal(`-MOVED ${slot} 127.0.0.1:${base}\r\n+OK\r\n$1\r\nv\r\n`);
    master.close();
    r.close();
  });

  it('should pause reading from a client that does not read its replies, and serve it all once it does', async () => {
    const c = await rawClient(base);
    const key = 'big{06S}';
    const value = 'x'.repeat(64 * 1024);
    c.send(resp('SET', key, value));
    await c.until((r) => r === '+OK\r\n');
    c.socket.pause();
    const n = 2000; // 128 MB of replies if it were all buffered
    c.send(resp('GET', key).repeat(n));
    const conn = () => [...live.listeners.get(`127.0.0.1:${base}`)!.clients].find((x) => x.socket.remotePort === c.socket.localPort)!;
    await waitFor('the server to pause that client', () => conn().socket.isPaused());
    // Bounded by outputSoftBytes (1 MB) + maxInFlight (256) × the reply (64 KB), far below the 128 MB asked for.
    const buffered = conn().socket.writableLength;
    expect(buffered).to.be.lessThan(1024 * 1024 + 256 * (value.length + 16));
    expect(conn().inFlight).to.equal(0);
    c.socket.resume();
    const each = `$${value.length}\r\n${value}\r\n`.length;
    await c.until((r) => r.length >= 5 + n * each, 20_000);
    expect(c.received().length).to.equal(5 + n * each);
    c.close();
  });
});

describe('RESP front door with requirepass', function () {
  this.timeout(30_000);
  it('should refuse commands before AUTH and accept the right password', async () => {
    const live = await startLive({ servers: 1, replicasPerMaster: 0, requirepass: 's3cret' });
    try {
      const c = await rawClient(live.cluster.nodes[0].port);
      c.send(`${resp('GET', 'a')}${resp('HELLO', '3')}${resp('AUTH', 'wrong')}${resp('AUTH', 's3cret')}${resp('SET', 'a', '1')}`);
      const got = await c.until((r) => r.endsWith('+OK\r\n+OK\r\n'));
      expect(got).to.match(/^-NOAUTH Authentication required.\r\n-NOAUTH HELLO must be called [^\r]+\r\n-WRONGPASS invalid username-password pair or user is disabled.\r\n\+OK\r\n\+OK\r\n$/);
      c.close();
      const big = await rawClient(live.cluster.nodes[0].port);
      big.send('*20\r\n');
      await big.closed();
      expect(big.received()).to.equal('-ERR Protocol error: unauthenticated multibulk length\r\n');
    } finally {
      await live.close();
    }
  });
});
