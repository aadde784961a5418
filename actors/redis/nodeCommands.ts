import * as E from 'fp-ts/Either';
import type { Ref } from '../../lib/actor/index.js';
import { clusterCommand } from './clusterCommand.js';
import { arityOk, parseInteger, type CommandEnv } from './CommandSpec.js';
import { commandKeys, commandNameOf, lookupCommand, lookupLowerCommand } from './commandTable.js';
import type { RedisCommand } from './protocol.js';
import type { ConnState, RedisServer } from './RedisServer.js';
import type { MigrateRestore } from './replProtocol.js';
import { Errors, OK, array, bulk, bulkArray, error, integer, simple, type Reply } from './Reply.js';
import { routeCommand } from './routing.js';

const connFor = (server: RedisServer, id: string | undefined): ConnState | undefined => {
  if (id === undefined) return undefined;
  let c = server.conns.get(id);
  if (c === undefined) server.conns.set(id, (c = { readonly: false, asking: false, writeOffset: 0 }));
  return c;
};

const envOf = (server: RedisServer): CommandEnv => {
  const env = server.env;
  env.now = server.now();
  return env;
};

const WAIT_ON_REPLICA =
  'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.';

/** WAIT numreplicas timeout: block until that many replicas acknowledged this connection's last write. */
const waitCommand = (server: RedisServer, argv: ReadonlyArray<string>, conn: ConnState | undefined, replyTo: Ref<Reply>): Reply | undefined => {
  if (argv.length !== 3) return Errors.arity('wait');
  if (server.myself.isReplica) return error(WAIT_ON_REPLICA);
  const n = parseInteger(argv[1]);
  const timeout = parseInteger(argv[2]);
  if (n === undefined || timeout === undefined) return Errors.notInteger;
  if (timeout < 0) return error('ERR timeout is negative');
  server.repl.wait(conn?.writeOffset ?? server.repl.offset, n, timeout, replyTo);
  return undefined;
};

/**
 * MIGRATE host port key|"" db timeout [COPY] [REPLACE] [KEYS k…]: move keys
 * to another node (RESTORE on the target, then DEL here). Like Redis, the
 * node serves no other client until the target answered or the timeout.
 */
const migrateCommand = (server: RedisServer, argv: ReadonlyArray<string>, conn: ConnState | undefined, replyTo: Ref<Reply>): Reply | undefined => {
  if (argv.length < 6) return Errors.arity('migrate');
  const port = parseInteger(argv[2]);
  const db = parseInteger(argv[4]);
  const timeout = parseInteger(argv[5]);
  if (port === undefined || db === undefined || timeout === undefined) return Errors.notInteger;
  let copy = false;
  let replace = false;
  let keys = [argv[3]];
  for (let i = 6; i < argv.length; i++) {
    const o = argv[i].toUpperCase();
    if (o === 'COPY') copy = true;
    else if (o === 'REPLACE') replace = true;
    else if (o === 'KEYS') {
      if (argv[3] !== '') return error('ERR When using MIGRATE KEYS option, the key argument must be set to the empty string');
      keys = argv.slice(i + 1);
      break;
    } else return Errors.syntax;
  }
  const now = server.now();
  const existing = keys.filter((k) => server.keyspace.lookup(k, now) !== undefined);
  if (existing.length === 0) return simple('NOKEY');
  const target = server.opts.directory.resolve(`${argv[1]}:${port}`);
  if (target === undefined) return error('IOERR error or timeout connecting to the client');
  const entries = server.keyspace.dump(now, existing);
  const id = server.nextRequestId++;
  server.migration = { id, keys: existing, copy, replyTo, conn };
  server.ctx.ask(
    target,
    (to: Ref<Reply>): MigrateRestore => ({ type: 'migrate-restore', entries, replace, replyTo: to }),
    timeout > 0 ? timeout : 1000,
    (r) => ({ type: 'migrate-done', id, reply: E.isRight(r) ? r.right : null }),
  );
  return undefined;
};

/** MIGRATE's target answered (or timed out). */
export const onMigrateDone = (server: RedisServer, id: number, reply: Reply | null): void => {
  const m = server.migration;
  if (m === undefined || m.id !== id) return;
  server.migration = undefined;
  if (reply === null) server.reply(m.replyTo, error('IOERR error or timeout reading to target instance'));
  else if (reply.kind === 'error') server.reply(m.replyTo, error(`ERR Target instance replied with error: ${reply.message}`));
  else {
    if (!m.copy) {
      const now = server.now();
      for (const k of m.keys) server.keyspace.del(k, now);
      server.repl.propagate(['DEL', ...m.keys]);
      if (m.conn !== undefined) m.conn.writeOffset = server.repl.offset;
    }
    server.reply(m.replyTo, OK);
  }
  drainHeld(server);
};

/** The target side of MIGRATE: RESTORE-ASKING of every key, answering OK or the first error. */
export const onMigrateRestore = (server: RedisServer, msg: MigrateRestore): void => {
  const spec = lookupCommand('restore')!;
  for (const e of msg.entries) {
    const route = routeCommand(server.cluster, server.keyspace, server.now(), { keys: [e.key], write: true, readonly: false, asking: true });
    if (route.kind === 'redirect') {
      server.reply(msg.replyTo, route.reply);
      return;
    }
    if (server.myself.isReplica) {
      server.reply(msg.replyTo, Errors.readonly);
      return;
    }
    const payload = JSON.stringify({ type: e.type, value: e.value });
    const argv = ['RESTORE', e.key, String(e.expireAt ?? 0), payload, ...(msg.replace ? ['REPLACE'] : []), ...(e.expireAt === null ? [] : ['ABSTTL'])];
    const r = spec.run(envOf(server), argv);
    if (r.kind === 'error') {
      server.reply(msg.replyTo, r);
      return;
    }
  }
  server.reply(msg.replyTo, OK);
};

/** INFO's sections in Redis's order (`INFO` alone, `default`, `all` and `everything` print them all). */
const INFO_SECTIONS = ['server', 'clients', 'persistence', 'stats', 'replication', 'cluster', 'keyspace'] as const;

/**
 * INFO [section…]: the fields clients and tools read (role, replication
 * offsets, `loading:0`, cluster_enabled, keyspace), by section; an unknown
 * section prints nothing, as in Redis.
 */
const infoText = (server: RedisServer, argv: ReadonlyArray<string>): string => {
  const asked = argv.slice(1).map((a) => a.toLowerCase());
  const all = asked.length === 0 || asked.some((a) => a === 'default' || a === 'all' || a === 'everything');
  const out: string[] = [];
  for (const section of INFO_SECTIONS) {
    if (!all && !asked.includes(section)) continue;
    if (out.length > 0) out.push('');
    out.push(`# ${section[0].toUpperCase()}${section.slice(1)}`, ...infoSection(server, section));
  }
  return out.length === 0 ? '' : `${out.join('\r\n')}\r\n`;
};

const infoSection = (server: RedisServer, section: (typeof INFO_SECTIONS)[number]): string[] => {
  const me = server.myself;
  const uptimeS = Math.floor((server.now() - server.startedAt) / 1000);
  switch (section) {
    case 'server':
      return [
        'redis_version:7.0.15',
        'redis_git_sha1:00000000',
        'redis_mode:cluster',
        'os:troupe actor model',
        'arch_bits:64',
        `run_id:${server.runId}`,
        `tcp_port:${server.opts.port}`,
        `uptime_in_seconds:${uptimeS}`,
        `uptime_in_days:${Math.floor(uptimeS / 86400)}`,
        'hz:10',
      ];
    case 'clients':
      return [`connected_clients:${server.conns.size}`, `cluster_connections:${Math.max(0, server.cluster.list.length - 1) * 2}`, `blocked_clients:${server.waits.size + (server.migration === undefined ? 0 : 1)}`];
    case 'persistence':
      return ['loading:0', 'async_loading:0', 'rdb_changes_since_last_save:0', 'rdb_bgsave_in_progress:0', 'aof_enabled:0'];
    case 'stats':
      return [`total_commands_processed:${server.commandsProcessed}`, `instantaneous_ops_per_sec:0`, `expired_keys:0`];
    case 'replication': {
      const lines: string[] = [];
      if (me.isMaster) {
        lines.push('role:master', `connected_slaves:${server.repl.replicas.size}`);
        let i = 0;
        for (const r of server.repl.replicas.values()) {
          const [ip, port] = r.addr.split(':');
          lines.push(`slave${i++}:ip=${ip},port=${port},state=online,offset=${Math.max(0, r.ackOffset)},lag=${Math.round((server.now() - r.ackTime) / 1000)}`);
        }
      } else {
        const master = server.cluster.masterOf(me);
        const [ip, port] = (master?.addr ?? ':').split(':');
        lines.push('role:slave', `master_host:${ip}`, `master_port:${port}`, `master_link_status:${server.repl.state === 'connected' ? 'up' : 'down'}`, `slave_repl_offset:${server.repl.offset}`);
      }
      lines.push(`master_replid:${server.repl.replid}`, `master_replid2:${server.repl.replid2}`, `master_repl_offset:${server.repl.offset}`, `second_repl_offset:${server.repl.secondReplidOffset}`);
      return lines;
    }
    case 'cluster':
      return ['cluster_enabled:1'];
    case 'keyspace':
      return server.keyspace.size > 0 ? [`db0:keys=${server.keyspace.size},expires=${server.keyspace.expiring},avg_ttl=0`] : [];
  }
};

/** The redis.conf parameters a node honours, as CONFIG GET prints them. */
const configParams = (server: RedisServer): Array<[string, string]> => {
  const o = server.opts;
  return [
    ['port', String(o.port)],
    ['cluster-enabled', 'yes'],
    ['cluster-node-timeout', String(o.nodeTimeoutMs)],
    ['cluster-require-full-coverage', o.requireFullCoverage ? 'yes' : 'no'],
    ['cluster-allow-replica-migration', o.allowReplicaMigration ? 'yes' : 'no'],
    ['cluster-replica-validity-factor', String(o.replicaValidityFactor)],
    ['repl-ping-replica-period', String(o.replPingReplicaPeriodMs / 1000)],
    ['repl-timeout', String(o.replTimeoutMs / 1000)],
    ['repl-backlog-size', String(o.replBacklogBytes)],
    ['save', ''],
    ['appendonly', 'no'],
    ['databases', '1'],
  ];
};

/** Redis's glob for CONFIG GET patterns: `*`, `?` (case-insensitive). */
const globRegExp = (pattern: string): RegExp =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');

/** CONFIG GET pattern…: matching parameters as a flat name/value array; CONFIG SET is refused (the model's config is fixed at start). */
const configCommand = (server: RedisServer, argv: ReadonlyArray<string>): Reply => {
  if (argv.length < 2) return Errors.arity('config');
  const sub = argv[1].toUpperCase();
  if (sub === 'GET') {
    if (argv.length < 3) return Errors.arity('config|get');
    const patterns = argv.slice(2).map(globRegExp);
    return bulkArray(configParams(server).filter(([k]) => patterns.some((p) => p.test(k))).flat());
  }
  if (sub === 'SET') return error('ERR CONFIG SET is not supported: the node was configured at start');
  if (sub === 'RESETSTAT') return OK;
  return Errors.unknownSubcommand('config', argv[1]);
};

/** ROLE: `[master, offset, [[ip, port, offset]…]]` or `[slave, ip, port, state, offset]`. */
const roleReply = (server: RedisServer): Reply => {
  const me = server.myself;
  if (me.isMaster) {
    return array([
      bulk('master'),
      integer(server.repl.offset),
      array([...server.repl.replicas.values()].map((r) => array([bulk(r.addr.split(':')[0]), bulk(r.addr.split(':')[1]), bulk(String(Math.max(0, r.ackOffset)))]))),
    ]);
  }
  const [ip, port] = (server.cluster.masterOf(me)?.addr ?? ':0').split(':');
  const state = server.repl.state === 'connected' ? 'connected' : 'connect';
  return array([bulk('slave'), bulk(ip), integer(Number(port)), bulk(state), integer(server.repl.offset)]);
};

/** Run a keyspace command with the cluster checks. Undefined: the command was held (writes paused). */
const keyspaceCommand = (server: RedisServer, msg: RedisCommand, name: string, conn: ConnState | undefined): Reply | undefined => {
  const argv = msg.argv;
  const spec = lookupLowerCommand(name);
  if (spec === undefined) return Errors.unknownCommand(argv);
  if (!arityOk(spec, argv)) return Errors.arity(spec.name);
  const keys = commandKeys(spec, argv);
  if (keys.length > 0) {
    const route = routeCommand(server.cluster, server.keyspace, server.now(), {
      keys,
      write: spec.write,
      readonly: msg.readonly === true || (conn?.readonly ?? false),
      asking: msg.asking === true || (conn?.asking ?? false),
    });
    if (route.kind === 'redirect') return route.reply;
  }
  if (spec.write && server.myself.isReplica) return Errors.readonly;
  if (spec.write && server.writesPaused) {
    server.held.push(msg);
    return undefined;
  }
  const reply = spec.run(envOf(server), argv);
  if (spec.write && conn !== undefined) conn.writeOffset = server.repl.offset;
  return reply;
};

/**
 * Handle a client command (Redis's processCommand in cluster mode):
 * connection commands (READONLY, READWRITE, ASKING), CLUSTER, WAIT,
 * MIGRATE, INFO, ROLE, then keyspace commands through the cluster checks.
 */
export const processCommand = (server: RedisServer, msg: RedisCommand): void => {
  if (server.migration !== undefined) {
    server.held.push(msg);
    return;
  }
  const argv = msg.argv;
  if (argv.length === 0) return;
  const conn = connFor(server, msg.conn);
  server.commandsProcessed++;
  const name = commandNameOf(argv[0]);
  let reply: Reply | undefined;
  switch (name) {
    case 'cluster':
      reply = clusterCommand(server, argv);
      break;
    case 'readonly':
    case 'readwrite':
      if (argv.length !== 1) reply = Errors.arity(name);
      else {
        if (conn !== undefined) conn.readonly = name === 'readonly';
        reply = OK;
      }
      break;
    case 'asking':
      if (conn !== undefined) conn.asking = true;
      reply = OK;
      server.reply(msg.replyTo, reply);
      return;
    case 'wait':
      reply = waitCommand(server, argv, conn, msg.replyTo);
      break;
    case 'migrate':
      reply = migrateCommand(server, argv, conn, msg.replyTo);
      break;
    case 'info':
      reply = bulk(infoText(server, argv));
      break;
    case 'role':
      reply = roleReply(server);
      break;
    case 'config':
      reply = configCommand(server, argv);
      break;
    case 'select':
      reply = argv.length !== 2 ? Errors.arity('select') : argv[1] === '0' ? OK : Errors.selectInCluster;
      break;
    case 'quit':
      reply = OK;
      if (msg.conn !== undefined) server.conns.delete(msg.conn);
      break;
    default:
      reply = keyspaceCommand(server, msg, name, conn);
  }
  if (conn !== undefined) conn.asking = false;
  if (reply !== undefined) server.reply(msg.replyTo, reply);
};

/** Run the commands held during a MIGRATE or a write pause, once neither holds them any more. */
export const drainHeld = (server: RedisServer): void => {
  if (server.held.length === 0 || server.migration !== undefined || server.writesPaused) return;
  const held = server.held.splice(0);
  for (const m of held) processCommand(server, m);
};
