import { parseInteger, type CommandEnv, type CommandSpec } from './CommandSpec.js';
import { dumpValue, restoreValue, type DumpedEntry } from './Keyspace.js';
import { Errors, OK, bulk, error, integer, simple, type Reply } from './Reply.js';

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const ALL_KEYS = { first: 1, last: -1, step: 1 } as const;

const del: CommandSpec = {
  name: 'del',
  arity: -2,
  write: true,
  keys: ALL_KEYS,
  run: (env, argv) => {
    const deleted: string[] = [];
    for (const k of argv.slice(1)) if (env.keyspace.del(k, env.now)) deleted.push(k);
    if (deleted.length > 0) env.propagate(['DEL', ...deleted]);
    return integer(deleted.length);
  },
};

const exists: CommandSpec = {
  name: 'exists',
  arity: -2,
  write: false,
  keys: ALL_KEYS,
  run: (env, argv) => integer(argv.slice(1).filter((k) => env.keyspace.lookup(k, env.now) !== undefined).length),
};

/** Set an absolute expiry as Redis does: a time already past deletes the key (on masters). */
const expireKey = (env: CommandEnv, key: string, at: number): Reply => {
  if (env.keyspace.lookup(key, env.now) === undefined) return integer(0);
  if (at <= env.now && env.keyspace.expireKeys) {
    env.keyspace.del(key, env.now);
    env.propagate(['DEL', key]);
    return integer(1);
  }
  env.keyspace.setExpire(key, at);
  env.propagate(['PEXPIREAT', key, String(at)]);
  return integer(1);
};

const expire = (name: string, toAbsolute: (n: number, now: number) => number): CommandSpec => ({
  name,
  arity: 3,
  write: true,
  keys: ONE_KEY,
  run: (env, argv) => {
    const n = parseInteger(argv[2]);
    if (n === undefined) return Errors.notInteger;
    return expireKey(env, argv[1], toAbsolute(n, env.now));
  },
});

const ttl = (name: string, ms: boolean): CommandSpec => ({
  name,
  arity: 2,
  write: false,
  keys: ONE_KEY,
  run: (env, argv) => {
    if (env.keyspace.lookup(argv[1], env.now) === undefined) return integer(-2);
    const at = env.keyspace.expireAt(argv[1]);
    if (at === undefined) return integer(-1);
    const left = Math.max(0, at - env.now);
    return integer(ms ? left : Math.floor((left + 500) / 1000));
  },
});

const persist: CommandSpec = {
  name: 'persist',
  arity: 2,
  write: true,
  keys: ONE_KEY,
  run: (env, argv) => {
    if (env.keyspace.lookup(argv[1], env.now) === undefined || !env.keyspace.persist(argv[1])) return integer(0);
    env.propagate(argv);
    return integer(1);
  },
};

const type: CommandSpec = {
  name: 'type',
  arity: 2,
  write: false,
  keys: ONE_KEY,
  run: (env, argv) => simple(env.keyspace.lookup(argv[1], env.now)?.type ?? 'none'),
};

const dbsize: CommandSpec = {
  name: 'dbsize',
  arity: 1,
  write: false,
  run: (env) => integer(env.keyspace.size),
};

const flushall: CommandSpec = {
  name: 'flushall',
  arity: -1,
  write: true,
  run: (env) => {
    env.keyspace.flush();
    env.propagate(['FLUSHALL']);
    return OK;
  },
};

const ping: CommandSpec = {
  name: 'ping',
  arity: -1,
  write: false,
  run: (_env, argv) => (argv.length > 2 ? Errors.arity('ping') : argv.length === 2 ? bulk(argv[1]) : simple('PONG')),
};

/**
 * DUMP's payload in the model: the value as JSON (`{"type":"string","value":"v"}`),
 * standing in for Redis's RDB-serialized value.
 */
const dump: CommandSpec = {
  name: 'dump',
  arity: 2,
  write: false,
  keys: ONE_KEY,
  run: (env, argv) => {
    const v = env.keyspace.lookup(argv[1], env.now);
    if (v === undefined) return bulk(null);
    const e = dumpValue(argv[1], v, null);
    return bulk(JSON.stringify({ type: e.type, value: e.value }));
  },
};

const parsePayload = (key: string, payload: string, expireAt: number | null): DumpedEntry | undefined => {
  try {
    const p = JSON.parse(payload) as { type?: unknown; value?: unknown };
    if (p.type === 'string' && typeof p.value === 'string') return { key, type: 'string', value: p.value, expireAt };
    if (p.type === 'hash' && Array.isArray(p.value) && p.value.every((f) => Array.isArray(f) && f.length === 2 && f.every((x) => typeof x === 'string'))) {
      return { key, type: 'hash', value: p.value as Array<[string, string]>, expireAt };
    }
  } catch {
    return undefined;
  }
  return undefined;
};

/** RESTORE key ttl payload [REPLACE] [ABSTTL]: what MIGRATE sends to its target (payload as DUMP makes it). */
const restore: CommandSpec = {
  name: 'restore',
  arity: -4,
  write: true,
  keys: ONE_KEY,
  run: (env, argv) => {
    const [, key, ttlArg, payload] = argv;
    let replace = false;
    let absTtl = false;
    for (const opt of argv.slice(4)) {
      const o = opt.toUpperCase();
      if (o === 'REPLACE') replace = true;
      else if (o === 'ABSTTL') absTtl = true;
      else return Errors.syntax;
    }
    const ttl = parseInteger(ttlArg);
    if (ttl === undefined) return Errors.notInteger;
    if (ttl < 0) return error('ERR Invalid TTL value, must be >= 0');
    if (!replace && env.keyspace.lookup(key, env.now) !== undefined) return error('BUSYKEY Target key name already exists.');
    const expireAt = ttl === 0 ? null : absTtl ? ttl : env.now + ttl;
    const entry = parsePayload(key, payload, expireAt);
    if (entry === undefined) return error('ERR DUMP payload version or checksum are wrong');
    if (expireAt !== null && expireAt <= env.now && env.keyspace.expireKeys) {
      env.keyspace.del(key, env.now);
      return OK;
    }
    env.keyspace.set(key, restoreValue(entry), expireAt ?? undefined);
    env.propagate(['RESTORE', key, String(expireAt ?? 0), payload, 'REPLACE', ...(expireAt === null ? [] : ['ABSTTL'])]);
    return OK;
  },
};

const echo: CommandSpec = { name: 'echo', arity: 2, write: false, run: (_env, argv) => bulk(argv[1]) };

/** Key commands: DEL, EXISTS, EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, PERSIST, TYPE, DBSIZE, FLUSHALL, PING, ECHO, DUMP, RESTORE. */
export const keyCommands: ReadonlyArray<CommandSpec> = [
  del,
  exists,
  expire('expire', (n, now) => now + n * 1000),
  expire('pexpire', (n, now) => now + n),
  expire('expireat', (n) => n * 1000),
  expire('pexpireat', (n) => n),
  ttl('ttl', false),
  ttl('pttl', true),
  persist,
  type,
  dbsize,
  flushall,
  ping,
  echo,
  dump,
  restore,
];
