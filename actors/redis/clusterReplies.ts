import { NodeFlags } from './busProtocol.js';
import type { ClusterNode } from './ClusterState.js';
import { SLOTS } from './hashSlot.js';
import type { RedisServer } from './RedisServer.js';
import { array, bulk, integer, type Reply } from './Reply.js';
import { formatSlotRanges } from './SlotRanges.js';

// Module-level alias: hot paths read flag bits without going through the import binding.
const Flags: typeof NodeFlags = NodeFlags;

// A module-level copy: hot loops read it as a local binding.
const SLOT_COUNT: number = SLOTS;

const hostPort = (addr: string): [string, number] => {
  const i = addr.lastIndexOf(':');
  return [addr.slice(0, i), Number(addr.slice(i + 1))];
};

/** The flags column of CLUSTER NODES (`myself,master`, `slave`, `master,fail?`…). */
export const formatNodeFlags = (flags: number): string => {
  const out: string[] = [];
  if (flags & Flags.MYSELF) out.push('myself');
  if (flags & Flags.MASTER) out.push('master');
  if (flags & Flags.REPLICA) out.push('slave');
  if (flags & Flags.PFAIL) out.push('fail?');
  if (flags & Flags.FAIL) out.push('fail');
  if (flags & Flags.HANDSHAKE) out.push('handshake');
  if (flags & Flags.NOADDR) out.push('noaddr');
  if (flags & Flags.NOFAILOVER) out.push('nofailover');
  return out.length === 0 ? 'noflags' : out.join(',');
};

const linkConnected = (server: RedisServer, n: ClusterNode): boolean =>
  n === server.myself || n.pingSent === 0 || server.now() - n.pingSent <= server.opts.nodeTimeoutMs / 2;

/** CLUSTER NODES: one line per node, `\n`-terminated, as Redis prints them. */
export const clusterNodesText = (server: RedisServer): string => {
  const cs = server.cluster;
  const lines: string[] = [];
  for (const n of cs.list) {
    const [host, port] = hostPort(n.addr);
    const epoch = n.isReplica ? (cs.masterOf(n)?.configEpoch ?? n.configEpoch) : n.configEpoch;
    let line = `${n.id} ${host}:${port}@${port + 10000} ${formatNodeFlags(n.flags)} ${n.masterId ?? '-'} ${Math.round(n.pingSent)} ${n === server.myself ? 0 : Math.round(n.pongReceived)} ${epoch} ${linkConnected(server, n) ? 'connected' : 'disconnected'}`;
    const ranges = n.isMaster ? formatSlotRanges(cs.rangesOf(n)) : [];
    if (ranges.length > 0) line += ` ${ranges.join(' ')}`;
    if (n === server.myself) {
      for (const [slot, to] of cs.migrating) line += ` [${slot}->-${to.id}]`;
      for (const [slot, from] of cs.importing) line += ` [${slot}-<-${from.id}]`;
    }
    lines.push(line);
  }
  return lines.map((l) => `${l}\n`).join('');
};

const nodeEntry = (n: ClusterNode): Reply => {
  const [host, port] = hostPort(n.addr);
  return array([bulk(host), integer(port), bulk(n.id), array([])]);
};

/**
 * CLUSTER SLOTS: per contiguous range of one master, `[start, end, master,
 * replicas…]`, each node `[ip, port, id, []]`; replicas that are failing or
 * have not replicated anything yet (offset 0) are left out, as Redis does.
 */
export const clusterSlotsReply = (server: RedisServer): Reply => {
  const cs = server.cluster;
  const entries: Array<[number, Reply]> = [];
  for (const m of cs.list) {
    if (m.numSlots === 0) continue;
    const replicas = m.replicas.filter((r) => !r.failed && (r === server.myself ? server.repl.offset !== 0 : r.replOffset !== 0));
    for (const [a, b] of cs.rangesOf(m)) entries.push([a, array([integer(a), integer(b), nodeEntry(m), ...replicas.map(nodeEntry)])]);
  }
  entries.sort((x, y) => x[0] - y[0]);
  return array(entries.map(([, r]) => r));
};

/** CLUSTER SHARDS (RESP2 shape): per master, its slot ranges and its nodes with role, offset and health. */
export const clusterShardsReply = (server: RedisServer): Reply => {
  const cs = server.cluster;
  const masters = cs.list.filter((n) => n.isMaster);
  return array(
    masters.map((m) => {
      const slots = cs.rangesOf(m).flatMap(([a, b]) => [integer(a), integer(b)]);
      const nodes = [m, ...m.replicas].map((n) => {
        const [host, port] = hostPort(n.addr);
        const offset = n === server.myself ? server.repl.offset : n.replOffset;
        const health = n.failed ? 'fail' : n.isReplica && offset === 0 ? 'loading' : 'online';
        return array([
          bulk('id'), bulk(n.id), bulk('port'), integer(port), bulk('ip'), bulk(host), bulk('endpoint'), bulk(host),
          bulk('role'), bulk(n.isMaster ? 'master' : 'replica'), bulk('replication-offset'), integer(offset), bulk('health'), bulk(health),
        ]);
      });
      return array([bulk('slots'), array(slots), bulk('nodes'), array(nodes)]);
    }),
  );
};

/** CLUSTER INFO: `\r\n`-separated fields as Redis prints them. */
export const clusterInfoText = (server: RedisServer): string => {
  const cs = server.cluster;
  let assigned = 0;
  let pfail = 0;
  let fail = 0;
  for (let s = 0; s < SLOT_COUNT; s++) {
    const o = cs.slots[s];
    if (o === undefined) continue;
    assigned++;
    if (o.failed) fail++;
    else if (o.timedOut) pfail++;
  }
  const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
  const name = (type: string): string => type.replace('bus-', '').replace('auth-request', 'auth-req').replace('auth-ack', 'auth-ack');
  const lines = [
    `cluster_state:${cs.state}`,
    `cluster_slots_assigned:${assigned}`,
    `cluster_slots_ok:${assigned - pfail - fail}`,
    `cluster_slots_pfail:${pfail}`,
    `cluster_slots_fail:${fail}`,
    `cluster_known_nodes:${cs.list.length}`,
    `cluster_size:${cs.size}`,
    `cluster_current_epoch:${cs.currentEpoch}`,
    `cluster_my_epoch:${cs.myself.isReplica ? (cs.masterOf(cs.myself)?.configEpoch ?? 0) : cs.myself.configEpoch}`,
    ...Object.entries(server.sent).map(([t, n]) => `cluster_stats_messages_${name(t)}_sent:${n}`),
    `cluster_stats_messages_sent:${sum(server.sent)}`,
    ...Object.entries(server.received).map(([t, n]) => `cluster_stats_messages_${name(t)}_received:${n}`),
    `cluster_stats_messages_received:${sum(server.received)}`,
    'total_cluster_links_buffer_limit_exceeded:0',
  ];
  return `${lines.join('\r\n')}\r\n`;
};
