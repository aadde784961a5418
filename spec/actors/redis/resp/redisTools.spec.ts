import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LiveRedisCluster } from '../../../../actors/redis/resp/index.js';
import { hasBinary, startLive } from './liveKit.js';

const run = promisify(execFile);

describe('redis-cli and redis-benchmark (redis-tools) against a live troupe cluster', function () {
  this.timeout(60_000);
  const tools = hasBinary('redis-cli') && hasBinary('redis-benchmark');
  let live: LiveRedisCluster | undefined;
  before(async function () {
    if (!tools) {
      console.log('      (skipped: redis-cli / redis-benchmark not installed — apt-get install redis-tools)');
      this.skip();
    }
    live = await startLive();
  });
  after(async () => {
    await live?.close();
  });
  const port = (): string => String(live!.cluster.nodes[0].port);

  it('should set and get through redis-cli -c, following MOVED to other nodes', async () => {
    const set = await run('redis-cli', ['-c', '-p', port(), 'set', 'foo', 'bar']);
    expect(set.stdout).to.equal('OK\n');
    const get = await run('redis-cli', ['-c', '-p', port(), 'get', 'foo']);
    expect(get.stdout).to.equal('bar\n');
    const plain = await run('redis-cli', ['-p', port(), 'get', 'foo']);
    expect(plain.stdout.trim()).to.equal(`MOVED 12182 127.0.0.1:${live!.cluster.nodes[2].port}`);
  });

  it('should answer redis-cli --cluster check with every slot covered and agreement on the config', async () => {
    const { stdout } = await run('redis-cli', ['--cluster', 'check', `127.0.0.1:${port()}`]).catch((e: { stdout: string }) => e);
    expect(stdout).to.contain('[OK] All nodes agree about slots configuration.');
    expect(stdout).to.contain('[OK] All 16384 slots covered.');
  });

  it('should run a short redis-benchmark --cluster without errors', async () => {
    const { stdout, stderr } = await run('redis-benchmark', ['--cluster', '-p', port(), '-t', 'set,get', '-n', '5000', '-c', '10', '-q']);
    expect(stderr).to.not.match(/error/i);
    expect(stdout).to.match(/SET: [\d.]+ requests per second/);
    expect(stdout).to.match(/GET: [\d.]+ requests per second/);
  });

  it('should run redis-benchmark against a one-node cluster (all slots), pipelined, without errors', async () => {
    const single = await startLive({ servers: 1, replicasPerMaster: 0 });
    try {
      const { stdout, stderr } = await run('redis-benchmark', ['-p', String(single.cluster.nodes[0].port), '-t', 'set,get', '-n', '5000', '-c', '10', '-P', '16', '-q']);
      expect(stderr).to.not.match(/error/i);
      expect(stdout).to.match(/GET: [\d.]+ requests per second/);
    } finally {
      await single.close();
    }
  });
});
