import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterConfig } from '../../actors/redis/index.js';
import { createRedisProcess } from '../../actors/redis/resp/index.js';
import { parseDispatcher } from './redis.js';
import { ExitCode, parse, parseDuration, parseInteger, UsageError, type Command } from '../Command.js';

const untilSignal = (): Promise<string> =>
  new Promise((resolve) => {
    const done = (sig: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(sig);
    };
    const onInt = done('SIGINT');
    const onTerm = done('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });

/** `troupe redis-node`: one live Redis Cluster node in this OS process (RESP on --port, cluster bus on port+10000). */
export const redisNodeCommand: Command = {
  name: 'redis-node',
  summary: 'run one live Redis Cluster node per process (bus over TCP on port+10000)',
  help: `Usage: troupe redis-node --port P [--host 127.0.0.1] [--node-timeout 15s] [--join H:P,H:P…]
                        [--dir DIR] [--requirepass PASS] [--seed N] [--dispatcher D]

Run one Redis Cluster node (the troupe node actor) in this process on the
real clock: RESP clients on --port, the cluster bus (the same bus messages
as in the simulation, io-ts encoded, length-prefixed JSON frames) on
port+10000. Nodes in other processes join with CLUSTER MEET, --join, or
\`redis-cli --cluster create\`. Runs until SIGINT or SIGTERM.

Options:
  --port P           client port (bus: P+10000) (required)
  --host H           address to announce and bind (default 127.0.0.1)
  --node-timeout D   cluster-node-timeout, e.g. 1000ms, 15s (default 15s)
  --join LIST        CLUSTER MEET these nodes at start (comma-separated host:port)
  --dir DIR          keep nodes.conf in DIR/nodes-P.json (reloaded at restart:
                     same id, epochs and slots; the keyspace is not persisted)
  --requirepass P    clients must AUTH with P
  --seed N           seed of the node's random choices (default: from pid and port)
  --dispatcher D     nact-batched (default: each actor drains its mailbox per
                     turn) or nact (one message per actor per event-loop turn)
  -h, --help         show this help`,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      'node-timeout': { type: 'string' },
      join: { type: 'string' },
      dir: { type: 'string' },
      requirepass: { type: 'string' },
      seed: { type: 'string' },
      dispatcher: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (values.port === undefined) throw new UsageError('--port is required');
    const port = parseInteger('port', values.port);
    if (port < 1 || port + 10_000 > 65_535) throw new UsageError('--port must be between 1 and 55535 (the bus listens on port+10000)');
    const join_ = (values.join ?? '').split(',').filter((s) => s !== '');
    for (const j of join_) if (!/^[^:]+:\d+$/.test(j)) throw new UsageError(`--join expects host:port, got '${j}'`);
    const file = values.dir === undefined ? undefined : join(values.dir, `nodes-${port}.json`);
    let config: ClusterConfig | undefined;
    if (file !== undefined && existsSync(file)) {
      const decoded = ClusterConfig.decode(JSON.parse(readFileSync(file, 'utf8')));
      if (decoded._tag === 'Left') throw new UsageError(`${file} is not a troupe nodes.conf`);
      config = decoded.right;
    }
    const node = await createRedisProcess({
      port,
      host: values.host,
      nodeTimeoutMs: values['node-timeout'] === undefined ? undefined : parseDuration(values['node-timeout']),
      config,
      requirepass: values.requirepass,
      seed: values.seed === undefined ? undefined : parseInteger('seed', values.seed),
      dispatcher: parseDispatcher(values.dispatcher),
    });
    let saved: unknown = undefined;
    const persist = file === undefined
      ? undefined
      : setInterval(() => {
          const c = node.savedConfig();
          if (c === saved || c === undefined) return;
          saved = c;
          mkdirSync(values.dir!, { recursive: true });
          writeFileSync(`${file}.tmp`, JSON.stringify(ClusterConfig.encode(c)));
          renameSync(`${file}.tmp`, file);
        }, 100);
    const id = node.view()?.id() ?? '?';
    io.out(`troupe redis-node ${node.addr} id ${id} bus ${port + 10_000}${config === undefined ? '' : ` (nodes.conf from ${file})`}\n`);
    for (const j of join_) {
      const i = j.lastIndexOf(':');
      const r = await node.command(['CLUSTER', 'MEET', j.slice(0, i), j.slice(i + 1)]);
      io.out(`CLUSTER MEET ${j}: ${r.kind === 'error' ? r.message : 'OK'}\n`);
    }
    const sig = await untilSignal();
    io.out(`troupe redis-node ${node.addr}: ${sig}, stopping\n`);
    if (persist !== undefined) clearInterval(persist);
    await node.close();
    return ExitCode.Ok;
  },
};
