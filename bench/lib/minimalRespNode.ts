/**
 * The Node floor of bench:resp: the least a Redis node written for Node's
 * `net` sockets does per request, with no framework — no actors, no codecs,
 * no cluster state machine — so the benchmark can show what Node itself
 * costs next to redis-server on the same machine, and how much of the rest
 * is troupe's.
 *
 * Per request it reads from a socket, splits RESP arrays, checks the key's
 * hash slot (CRC16, hash tags) against the slots it owns, runs SET / GET on
 * a Map and writes the reply; a master sends each write's bytes to its
 * replica over one TCP connection, written once per event-loop turn as
 * Redis does, and the replica parses and applies them. Enough of CLUSTER
 * NODES / SLOTS, CONFIG, PING and INFO for redis-benchmark --cluster. It is
 * a baseline, not a server: no expiry, no failover, no bounds on input.
 *
 *   node --import tsx bench/lib/minimalRespNode.ts --ports P[,P…] --topology T
 *
 * T lists the cluster as `port:role:firstSlot-lastSlot[:masterPort]`,
 * comma-separated (role m or r; a replica names its master's port and no
 * slots); a lone `port:m:0-16383` is one node. This process serves the
 * nodes of --ports (several: one event loop, like `troupe redis`). A master
 * hands its stream to a replica in the same process directly, and
 * otherwise over TCP to the replica's port + 10000.
 */
import { connect, createServer, type Socket } from 'node:net';

interface Member {
  readonly port: number;
  readonly master: boolean;
  readonly from: number;
  readonly to: number;
  readonly masterPort: number;
}

const arg = (name: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`--${name} is required`);
  return process.argv[i + 1];
};

const topology: Member[] = arg('topology')
  .split(',')
  .map((m) => {
    const [p, role, slots, masterPort] = m.split(':');
    const [from, to] = role === 'm' ? slots.split('-').map(Number) : [-1, -1];
    return { port: Number(p), master: role === 'm', from, to, masterPort: Number(masterPort || -1) };
  });
const idOf = (p: number): string => p.toString(16).padStart(40, '0');

// ------------------------------------------------------------ hash slots

const CRC_TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let c = i << 8;
  for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
  CRC_TABLE[i] = c;
}

/** The hash slot of a key held as a latin1 string (one char per byte), hash tags honoured. */
const slotOf = (key: string): number => {
  let from = 0;
  let to = key.length;
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) {
      from = open + 1;
      to = close;
    }
  }
  let crc = 0;
  for (let i = from; i < to; i++) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >> 8) ^ key.charCodeAt(i)) & 0xff];
  return crc & 16383;
};

// ------------------------------------------------------------ replies

const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;

const clusterNodes = (port: number): string =>
  topology
    .map((m) => {
      const flags = `${m.port === port ? 'myself,' : ''}${m.master ? 'master' : 'slave'}`;
      const slots = m.master ? ` ${m.from}-${m.to}` : '';
      return `${idOf(m.port)} 127.0.0.1:${m.port}@${m.port + 10_000} ${flags} ${m.master ? '-' : idOf(m.masterPort)} 0 0 1 connected${slots}`;
    })
    .join('\n') + '\n';

const clusterSlots = (): string => {
  const masters = topology.filter((m) => m.master);
  const node = (m: Member): string => `*4\r\n${bulk('127.0.0.1')}:${m.port}\r\n${bulk(idOf(m.port))}*0\r\n`;
  return `*${masters.length}\r\n${masters
    .map((m) => {
      const replicas = topology.filter((r) => r.masterPort === m.port);
      return `*${2 + 1 + replicas.length}\r\n:${m.from}\r\n:${m.to}\r\n${node(m)}${replicas.map(node).join('')}`;
    })
    .join('')}`;
};

/**
 * Split complete RESP arrays off the front of `buf` (latin1: one char per
 * byte); calls `each(argv, frame)` for every one, returns the unread rest.
 */
const split = (buf: string, each: (argv: string[], frame: string) => void): string => {
  let pos = 0;
  for (;;) {
    if (pos >= buf.length || buf.charCodeAt(pos) !== 0x2a) break;
    const head = buf.indexOf('\r\n', pos);
    if (head < 0) break;
    const count = Number(buf.slice(pos + 1, head));
    let at = head + 2;
    const argv: string[] = [];
    for (let i = 0; i < count; i++) {
      const e = buf.indexOf('\r\n', at);
      if (e < 0) return buf.slice(pos);
      const len = Number(buf.slice(at + 1, e));
      if (buf.length < e + 2 + len + 2) return buf.slice(pos);
      argv.push(buf.slice(e + 2, e + 2 + len));
      at = e + 4 + len;
    }
    each(argv, buf.slice(pos, at));
    pos = at;
  }
  return pos === 0 ? buf : buf.slice(pos);
};

// ------------------------------------------------------------ a node

/** Where a master's stream goes: a replica in this process, or a socket to another. */
interface Link {
  send(frames: string): void;
}

interface FloorNode {
  /** Apply a master's stream (replica). */
  apply(frames: string): void;
}

const local = new Map<number, FloorNode>();

const startNode = (port: number): FloorNode => {
  const me = topology.find((m) => m.port === port)!;
  const data = new Map<string, string>();
  let link: Link | undefined;
  let pending: string[] = [];

  const flushReplica = (): void => {
    if (link !== undefined && pending.length > 0) link.send(pending.join(''));
    pending = [];
  };

  const propagate = (frame: string): void => {
    if (link === undefined) return;
    if (pending.length === 0) setImmediate(flushReplica);
    pending.push(frame);
  };

  /** Run one command; its reply. `frame` is the request's own bytes (what a replica is sent). */
  const run = (argv: string[], frame: string): string => {
    const name = argv[0].toUpperCase();
    if (name === 'SET' || name === 'GET') {
      if (argv.length < 2) return '-ERR wrong number of arguments\r\n';
      const slot = slotOf(argv[1]);
      if (!me.master || slot < me.from || slot > me.to) {
        const owner = topology.find((m) => m.master && slot >= m.from && slot <= m.to)!;
        return `-MOVED ${slot} 127.0.0.1:${owner.port}\r\n`;
      }
      if (name === 'GET') {
        const v = data.get(argv[1]);
        return v === undefined ? '$-1\r\n' : bulk(v);
      }
      if (argv.length < 3) return '-ERR wrong number of arguments\r\n';
      data.set(argv[1], argv[2]);
      propagate(frame);
      return '+OK\r\n';
    }
    if (name === 'PING') return '+PONG\r\n';
    if (name === 'CONFIG') return '*0\r\n';
    if (name === 'CLUSTER') {
      const sub = (argv[1] ?? '').toUpperCase();
      if (sub === 'NODES') return bulk(clusterNodes(port));
      if (sub === 'SLOTS') return clusterSlots();
      if (sub === 'INFO') return bulk('cluster_state:ok\r\n');
      if (sub === 'MYID') return bulk(idOf(port));
    }
    if (name === 'INFO') return bulk(`# Server\r\nredis_version:7.0.0-node-floor\r\n# Replication\r\nrole:${me.master ? 'master' : 'slave'}\r\n# Keyspace\r\ndb0:keys=${data.size}\r\n`);
    return `-ERR unknown command '${argv[0]}'\r\n`;
  };

  createServer({ noDelay: true }, (socket) => {
    let rest = '';
    let out = '';
    const collect = (argv: string[], frame: string): void => {
      out += run(argv, frame);
    };
    socket.on('data', (chunk: Buffer) => {
      rest = split(rest + chunk.toString('latin1'), collect);
      if (out.length > 0) socket.write(out, 'latin1');
      out = '';
    });
    socket.on('error', () => undefined);
  }).listen(port, '127.0.0.1');

  let streamRest = '';
  const applyOne = (argv: string[]): void => {
    if (argv[0].toUpperCase() === 'SET') data.set(argv[1], argv[2]);
  };
  const node: FloorNode = {
    apply: (frames) => {
      streamRest = split(streamRest + frames, applyOne);
    },
  };

  const r = me.master ? topology.find((m) => m.masterPort === port) : undefined;
  if (r !== undefined && ports.includes(r.port)) {
    // Same process: the replica takes the stream in a call (as troupe's one-process cluster passes a message).
    link = { send: (frames) => local.get(r.port)!.apply(frames) };
  } else if (r !== undefined) {
    const dial = (): void => {
      const s = connect({ host: '127.0.0.1', port: r.port + 10_000, noDelay: true });
      s.on('connect', () => (link = { send: (frames) => void s.write(frames, 'latin1') }));
      s.on('error', () => undefined);
      s.on('close', () => {
        link = undefined;
        setTimeout(dial, 100);
      });
    };
    dial();
  } else if (!me.master) {
    createServer({ noDelay: true }, (stream) => {
      stream.on('data', (chunk: Buffer) => node.apply(chunk.toString('latin1')));
      stream.on('error', () => undefined);
    }).listen(port + 10_000, '127.0.0.1');
  }
  return node;
};

const ports = arg('ports').split(',').map(Number);
for (const p of ports) local.set(p, startNode(p));
