import { createControlServer, createLiveRedisCluster, serverName, type LiveDispatcher, type LiveNodeStatus } from '../../actors/redis/resp/index.js';
import { ExitCode, parse, parseDuration, parseInteger, UsageError, type Command, type Io } from '../Command.js';

/** Resolves at the first SIGINT or SIGTERM (or when `stop` is called, for specs). */
const untilSignal = (): Promise<string> =>
  new Promise((resolve) => {
    const on = (sig: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(sig);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });

/** `--dispatcher`: nact or nact-batched. */
export const parseDispatcher = (text: string | undefined): LiveDispatcher | undefined => {
  if (text === undefined || text === 'nact' || text === 'nact-batched') return text;
  throw new UsageError(`--dispatcher must be nact or nact-batched, got '${text}'`);
};

const formatStatus = (nodes: ReadonlyArray<LiveNodeStatus>): string =>
  nodes.map((n) => `  ${n.addr.padEnd(16)} ${n.server.padEnd(4)} ${n.id.slice(0, 12)}…  ${n.role.padEnd(7)} state:${n.state.padEnd(4)} slots:${n.slots}`).join('\n');

/** `troupe redis`: a live Redis Cluster of node actors in this process, on real RESP ports. */
export const redisCommand: Command = {
  name: 'redis',
  summary: 'serve a live Redis Cluster (node actors) to real Redis clients',
  help: `Usage: troupe redis [--servers 3] [--port 30001] [--replicas 1] [--node-timeout 15s]
                   [--bind 127.0.0.1] [--requirepass PASS] [--control-port N] [--seed N]
                   [--dispatcher nact-batched|nact]

Start a Redis Cluster of node actors in this process, on the real clock:
server i hosts master i and the replica of master i-1 (the source text's
layout); every Redis node answers RESP2/RESP3 on its own port (masters on
port, port+1…, then the replicas), so redis-cli -c, redis-benchmark and
ioredis work against it. Prints the nodes, waits for cluster_state:ok, and
runs until Ctrl-C (SIGINT) or SIGTERM.

Options:
  --servers N        physical servers (troupe nodes) (default 3)
  --port P           port of the first node (default 30001)
  --replicas R       replicas per master (default 1)
  --node-timeout D   cluster-node-timeout, e.g. 1000ms, 15s (default 15s)
  --bind ADDR        address of every port (default 127.0.0.1)
  --requirepass P    clients must AUTH with P
  --control-port N   serve the control API on 127.0.0.1:N (see troupe redis-ctl):
                     crash/restart a server, partition servers, status
  --seed N           seed of node ids and random choices (default 1)
  --dispatcher D     nact-batched (default: each actor drains its mailbox per
                     turn) or nact (one message per actor per event-loop turn)
  -h, --help         show this help`,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      servers: { type: 'string' },
      port: { type: 'string' },
      replicas: { type: 'string' },
      'node-timeout': { type: 'string' },
      bind: { type: 'string' },
      requirepass: { type: 'string' },
      'control-port': { type: 'string' },
      seed: { type: 'string' },
      dispatcher: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const servers = values.servers === undefined ? 3 : parseInteger('servers', values.servers);
    const basePort = values.port === undefined ? 30001 : parseInteger('port', values.port);
    const replicas = values.replicas === undefined ? 1 : parseInteger('replicas', values.replicas);
    if (servers < 1) throw new UsageError('--servers must be at least 1');
    if (replicas < 0) throw new UsageError('--replicas must be ≥ 0');
    const nodeTimeoutMs = values['node-timeout'] === undefined ? 15_000 : parseDuration(values['node-timeout']);
    const live = await createLiveRedisCluster({
      servers,
      replicasPerMaster: replicas,
      basePort,
      nodeTimeoutMs,
      bind: values.bind,
      requirepass: values.requirepass,
      seed: values.seed === undefined ? 1 : parseInteger('seed', values.seed),
      dispatcher: parseDispatcher(values.dispatcher),
    });
    const control = values['control-port'] === undefined ? undefined : await createControlServer(live, parseInteger('control-port', values['control-port']));
    io.out(`troupe redis: ${servers} servers, ${live.cluster.nodes.length} nodes, node_timeout ${nodeTimeoutMs} ms\n${formatStatus(live.status())}\n`);
    if (control !== undefined) io.out(`control: http://127.0.0.1:${control.port} (troupe redis-ctl --control-port ${control.port} status|crash N|restart N|partition A,B C|heal)\n`);
    const signal = untilSignal();
    const ready = await Promise.race([waitForOk(live.status), signal.then(() => false)]);
    if (ready) io.out('cluster_state:ok on every node — try: redis-cli -c -p ' + basePort + ' set foo bar\n');
    const sig = ready ? await signal : 'signal';
    io.out(`troupe redis: ${sig}, stopping\n`);
    await control?.close();
    await live.close();
    return ExitCode.Ok;
  },
};

const waitForOk = (status: () => LiveNodeStatus[]): Promise<boolean> =>
  new Promise((resolve) => {
    const poll = setInterval(() => {
      const s = status();
      if (s.every((n) => n.state === 'ok')) {
        clearInterval(poll);
        resolve(true);
      }
    }, 100);
    poll.unref();
  });

/** `troupe redis-ctl`: drive the control API of a running `troupe redis --control-port N`. */
export const redisCtlCommand: Command = {
  name: 'redis-ctl',
  summary: 'crash/restart/partition servers of a running `troupe redis`',
  help: `Usage: troupe redis-ctl --control-port N <status | crash S | restart S | partition A,B C[,D…] | heal>

Talk to the control API of \`troupe redis --control-port N\` (127.0.0.1 only).
S is a server name (s2) or its number (2). partition takes two or more
groups of servers; each group reaches only its own members until heal.

Options:
  --control-port N   port of the control API (required)
  --json             print the raw JSON answer
  -h, --help         show this help`,
  async run(args, io) {
    const { values, positionals } = parse(args, { 'control-port': { type: 'string' }, json: { type: 'boolean' } });
    if (values['control-port'] === undefined) throw new UsageError('--control-port is required');
    const port = parseInteger('control-port', values['control-port']);
    const [action, ...rest] = positionals;
    let method = 'POST';
    let path: string;
    switch (action) {
      case 'status':
        method = 'GET';
        path = '/status';
        break;
      case 'crash':
      case 'restart':
        if (rest.length !== 1) throw new UsageError(`${action} takes one server`);
        path = `/${action}/${encodeURIComponent(serverName(rest[0]))}`;
        break;
      case 'partition':
        if (rest.length < 2) throw new UsageError('partition takes two or more groups, e.g. partition 1 2,3');
        path = `/partition/${rest.map((g) => encodeURIComponent(g)).join('/')}`;
        break;
      case 'heal':
        path = '/heal';
        break;
      default:
        throw new UsageError(action === undefined ? 'missing action' : `unknown action '${action}'`);
    }
    return ctl(io, port, method, path, values.json === true);
  },
};

const ctl = async (io: Io, port: number, method: string, path: string, json: boolean): Promise<number> => {
  let body: { ok: boolean; error?: string; nodes?: LiveNodeStatus[] };
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
    body = (await res.json()) as typeof body;
  } catch (err) {
    io.err(`troupe redis-ctl: cannot reach 127.0.0.1:${port}: ${err instanceof Error ? err.message : String(err)}\n`);
    return ExitCode.Failed;
  }
  if (json) io.out(`${JSON.stringify(body)}\n`);
  else if (!body.ok) io.err(`troupe redis-ctl: ${body.error}\n`);
  else if (body.nodes !== undefined) io.out(`${formatStatus(body.nodes)}\n`);
  else io.out(`ok ${path.slice(1)}\n`);
  return body.ok ? ExitCode.Ok : ExitCode.Failed;
};
export { redisNodeCommand } from './redisNode.js';
