import type { CommandEnv, CommandSpec } from './CommandSpec.js';
import { Errors, NIL, array, bulk, integer, type Reply } from './Reply.js';

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;

/** The hash at a key: a map, undefined (missing), or WRONGTYPE. */
const getHash = (env: CommandEnv, key: string): Map<string, string> | undefined | Reply => {
  const v = env.keyspace.lookup(key, env.now);
  if (v === undefined) return undefined;
  return v.type === 'hash' ? v.value : Errors.wrongType;
};

const isMap = (h: Map<string, string> | undefined | Reply): h is Map<string, string> => h instanceof Map;

const hset: CommandSpec = {
  name: 'hset',
  arity: -4,
  write: true,
  keys: ONE_KEY,
  run: (env, argv) => {
    if (argv.length % 2 !== 0) return Errors.arity('hset');
    const h = getHash(env, argv[1]);
    if (h !== undefined && !isMap(h)) return h;
    const map = h ?? new Map<string, string>();
    let added = 0;
    for (let i = 2; i < argv.length; i += 2) {
      if (!map.has(argv[i])) added++;
      map.set(argv[i], argv[i + 1]);
    }
    if (h === undefined) env.keyspace.set(argv[1], { type: 'hash', value: map });
    env.propagate(argv);
    return integer(added);
  },
};

const hget: CommandSpec = {
  name: 'hget',
  arity: 3,
  write: false,
  keys: ONE_KEY,
  run: (env, argv) => {
    const h = getHash(env, argv[1]);
    if (h === undefined) return NIL;
    return isMap(h) ? bulk(h.get(argv[2]) ?? null) : h;
  },
};

const hdel: CommandSpec = {
  name: 'hdel',
  arity: -3,
  write: true,
  keys: ONE_KEY,
  run: (env, argv) => {
    const h = getHash(env, argv[1]);
    if (h === undefined) return integer(0);
    if (!isMap(h)) return h;
    let n = 0;
    for (const f of argv.slice(2)) if (h.delete(f)) n++;
    if (h.size === 0) env.keyspace.del(argv[1], env.now);
    if (n > 0) env.propagate(argv);
    return integer(n);
  },
};

const hgetall: CommandSpec = {
  name: 'hgetall',
  arity: 2,
  write: false,
  keys: ONE_KEY,
  run: (env, argv) => {
    const h = getHash(env, argv[1]);
    if (h === undefined) return array([]);
    if (!isMap(h)) return h;
    const items: Reply[] = [];
    for (const [f, v] of h) items.push(bulk(f), bulk(v));
    return array(items);
  },
};

const hlen: CommandSpec = {
  name: 'hlen',
  arity: 2,
  write: false,
  keys: ONE_KEY,
  run: (env, argv) => {
    const h = getHash(env, argv[1]);
    if (h === undefined) return integer(0);
    return isMap(h) ? integer(h.size) : h;
  },
};

/** Hash commands: HSET, HGET, HDEL, HGETALL, HLEN. */
export const hashCommands: ReadonlyArray<CommandSpec> = [hset, hget, hdel, hgetall, hlen];
