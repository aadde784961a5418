import { readFileSync } from 'node:fs';
import type { Simulation } from '../../../lib/sim/index.js';
import { createProbe, type Probe } from '../../../lib/testkit/index.js';
import { createRedisCluster, type RedisCluster, type RedisClusterOptions, type Reply } from '../../../actors/redis/index.js';

/** A cluster in a simulation plus a probe client that sends commands and waits for replies. */
export interface TestCluster {
  readonly cluster: RedisCluster;
  readonly probe: Probe<Reply>;
  /** Send a command to a node (by address) and run the simulation until it answers (≤ 2 s). */
  cmd(addr: string, argv: string[], conn?: string): Reply;
}

/** Build a cluster (3 servers, node_timeout 1000 by default) and let it settle for `settleMs`. */
export const startCluster = (sim: Simulation, options: Partial<RedisClusterOptions> = {}, settleMs = 3_000): TestCluster => {
  const cluster = createRedisCluster(sim, { servers: 3, nodeTimeoutMs: 1000, ...options });
  const probe = createProbe<Reply>(sim, 'client', { node: 'laptop' });
  sim.runFor(settleMs);
  return {
    cluster,
    probe,
    cmd: (addr, argv, conn) => {
      sim.tell(cluster.node(addr).ref, { type: 'command', argv, replyTo: probe.ref, ...(conn === undefined ? {} : { conn }) });
      return probe.expectMessage(2_000);
    },
  };
};

/** The RESP2 bytes of a reply (to compare with the real server's samples). */
export const resp2 = (r: Reply): string => {
  switch (r.kind) {
    case 'simple':
      return `+${r.value}\r\n`;
    case 'error':
      return `-${r.message}\r\n`;
    case 'integer':
      return `:${r.value}\r\n`;
    case 'bulk':
      return r.value === null ? '$-1\r\n' : `$${Buffer.byteLength(r.value)}\r\n${r.value}\r\n`;
    case 'array':
      return r.items === null ? '*-1\r\n' : `*${r.items.length}\r\n${r.items.map(resp2).join('')}`;
  }
};

/**
 * A reply sample recorded from a real Redis 7.0.15 cluster, as RESP bytes
 * (the files spell CRLF as a literal `\\r\\n` followed by a line break or a space).
 */
export const sample = (name: string): string =>
  readFileSync(`/work/shared/reference/redis-samples/${name}`, 'latin1').replace(/\\r\\n[ \n]*/g, '\r\n');

/** Replace 40-hex node ids by a placeholder (they differ between runs and clusters). */
export const anonymize = (s: string): string => s.replace(/[0-9a-f]{40}/g, '<id>');
