import { expect } from 'chai';
import { connect } from 'node:net';
import { encodeFrame, FrameDecoder } from '../../../../lib/network/index.js';
import { keyHashSlot } from '../../../../actors/redis/index.js';
import { createRedisProcess, type RedisProcess } from '../../../../actors/redis/resp/index.js';
import { freePorts, waitFor } from './liveKit.js';

describe('createRedisProcess (cluster bus over TCP between actor systems)', function () {
  this.timeout(30_000);
  const nodes: RedisProcess[] = [];
  let base = 0;
  before(async () => {
    base = await freePorts(3, true);
    for (let i = 0; i < 3; i++) nodes.push(await createRedisProcess({ port: base + i, nodeTimeoutMs: 1000, seed: 100 + i }));
  });
  after(async () => {
    for (const n of nodes) await n.close();
  });

  it('should frame, split and reject bus frames (length-prefixed JSON)', () => {
    const to = { node: '127.0.0.1:1', path: '/redis-1', incarnation: 0 };
    const bytes = Buffer.concat([encodeFrame({ from: null, to, message: { type: 'x' } }), encodeFrame({ from: to, to, message: [1, 'é'] })]);
    const d = new FrameDecoder();
    const frames = [...bytes].flatMap((b) => d.push(Buffer.from([b])));
    expect(frames).to.deep.equal([
      { from: null, to, message: { type: 'x' } },
      { from: to, to, message: [1, 'é'] },
    ]);
    const tooBig = new FrameDecoder(10);
    expect(tooBig.push(Buffer.from([0, 0, 0, 11]))).to.deep.equal([]);
    expect(tooBig.error).to.deep.equal({ _tag: 'FrameTooBig', bytes: 11 });
    const notJson = new FrameDecoder();
    notJson.push(Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('{x]')]));
    expect(notJson.error?._tag).to.equal('BadFrame');
  });

  it('should join three processes with CLUSTER MEET, serve every slot and replicate over TCP', async () => {
    const [a, b, c] = nodes;
    expect(await a.command(['CLUSTER', 'ADDSLOTSRANGE', '0', '8191'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    expect(await b.command(['CLUSTER', 'ADDSLOTSRANGE', '8192', '16383'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    for (const n of [b, c]) expect(await a.command(['CLUSTER', 'MEET', '127.0.0.1', String(n.resp.port)])).to.deep.equal({ kind: 'simple', value: 'OK' });
    await waitFor('every node to know the others', () => nodes.every((n) => n.view()?.knownNodes() === 3));
    const aId = a.view()!.id();
    expect(await c.command(['CLUSTER', 'REPLICATE', aId])).to.deep.equal({ kind: 'simple', value: 'OK' });
    await waitFor('cluster_state:ok everywhere', () => nodes.every((n) => n.view()?.clusterState() === 'ok'), 15_000);
    const key = 'k{b}';
    expect(keyHashSlot(key)).to.be.lessThan(8192); // served by a, replicated to c
    expect(await b.command(['SET', key, 'v'])).to.deep.equal({ kind: 'error', message: `MOVED ${keyHashSlot(key)} ${a.addr}` });
    expect(await a.command(['SET', key, 'v'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    expect(await a.command(['WAIT', '1', '2000'])).to.deep.equal({ kind: 'integer', value: 1 });
    await waitFor('the replica to have the key', () => c.view()?.peek(key) === 'v');
    expect(a.busStats().framesSent).to.be.greaterThan(0);
    expect(a.busStats().invalid).to.equal(0);
  });

  it('should drop frames that do not decode with the node codec and keep the bus working', async () => {
    const [a, b] = nodes;
    const before = b.busStats().invalid;
    const socket = connect(b.resp.port + 10_000, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const to = { node: b.addr, path: `/redis-${b.resp.port}`, incarnation: 0 };
    socket.write(encodeFrame({ from: null, to, message: { type: 'bus-ping', header: 'garbage' } }));
    socket.write(encodeFrame({ from: null, to: { node: 'elsewhere', path: '/x', incarnation: 0 }, message: {} }));
    socket.write(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    await waitFor('the bad frames to be counted', () => b.busStats().invalid >= before + 3);
    await waitFor('the garbage connection to be closed', () => socket.destroyed || socket.readableEnded);
    socket.destroy();
    const sent = a.busStats().framesSent;
    await waitFor('bus traffic to go on', () => a.busStats().framesSent > sent + 3);
    expect(nodes.every((n) => n.view()?.clusterState() === 'ok')).to.equal(true);
  });
});
