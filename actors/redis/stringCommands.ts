import { byteLength, parseInteger, type CommandEnv, type CommandSpec } from './CommandSpec.js';
import { Errors, NIL, OK, bulk, integer, type Reply } from './Reply.js';

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;

/** The string value of a key: a string, undefined (missing), or WRONGTYPE. */
const getString = (env: CommandEnv, key: string): string | undefined | Reply => {
  const v = env.keyspace.lookup(key, env.now);
  if (v === undefined) return undefined;
  return v.type === 'string' ? v.value : Errors.wrongType;
};

interface SetOptions {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  /** Absolute expiry time, when an expiry option was given. */
  expireAt: number | undefined;
}

/** SET without options. */
const PLAIN_SET: Readonly<SetOptions> = Object.freeze({ nx: false, xx: false, get: false, keepTtl: false, expireAt: undefined });

/** Parse SET's options (`argv[3..]`) as Redis does: one expiry, NX xor XX. */
const parseSetOptions = (env: CommandEnv, argv: ReadonlyArray<string>): SetOptions | Reply => {
  const o: SetOptions = { nx: false, xx: false, get: false, keepTtl: false, expireAt: undefined };
  let expiry: string | undefined;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toUpperCase();
    if (opt === 'NX' && !o.xx) o.nx = true;
    else if (opt === 'XX' && !o.nx) o.xx = true;
    else if (opt === 'GET') o.get = true;
    else if (opt === 'KEEPTTL' && expiry === undefined) {
      o.keepTtl = true;
      expiry = opt;
    } else if ((opt === 'EX' || opt === 'PX' || opt === 'EXAT' || opt === 'PXAT') && expiry === undefined && i + 1 < argv.length) {
      expiry = opt;
      const n = parseInteger(argv[++i]);
      if (n === undefined) return Errors.notInteger;
      if (n <= 0) return Errors.invalidExpire('set');
      o.expireAt = opt === 'EX' ? env.now + n * 1000 : opt === 'PX' ? env.now + n : opt === 'EXAT' ? n * 1000 : n;
    } else return Errors.syntax;
  }
  return o;
};

const set: CommandSpec = {
  name: 'set',
  arity: -3,
  write: true,
  keys: ONE_KEY,
  run: (env, argv) => {
    const [, key, value] = argv;
    const o = argv.length === 3 ? PLAIN_SET : parseSetOptions(env, argv);
    if ('kind' in o) return o;
    const current = env.keyspace.lookup(key, env.now);
    const exists = current !== undefined;
    if (o.get && exists && current.type !== 'string') return Errors.wrongType;
    const oldReply = o.get ? bulk(exists && current.type === 'string' ? current.value : null) : undefined;
    if ((o.nx && exists) || (o.xx && !exists)) return oldReply ?? NIL;
    env.keyspace.set(key, { type: 'string', value }, o.keepTtl ? 'keep' : o.expireAt);
    env.propagate(o.expireAt !== undefined ? ['SET', key, value, 'PXAT', String(o.expireAt)] : o.keepTtl ? ['SET', key, value, 'KEEPTTL'] : ['SET', key, value]);
    return oldReply ?? OK;
  },
};

const setWithExpiry = (name: 'setex' | 'psetex', unitMs: number): CommandSpec => ({
  name,
  arity: 4,
  write: true,
  keys: ONE_KEY,
  run: (env, argv) => {
    const n = parseInteger(argv[2]);
    if (n === undefined) return Errors.notInteger;
    if (n <= 0) return Errors.invalidExpire(name);
    const at = env.now + n * unitMs;
    env.keyspace.set(argv[1], { type: 'string', value: argv[3] }, at);
    env.propagate(['SET', argv[1], argv[3], 'PXAT', String(at)]);
    return OK;
  },
});

const get: CommandSpec = {
  name: 'get',
  arity: 2,
  write: false,
  keys: ONE_KEY,
  run: (env, argv) => {
    const v = getString(env, argv[1]);
    return typeof v === 'object' ? v : bulk(v ?? null);
  },
};

const incrBy = (name: string, sign: 1 | -1, fixed: number | undefined): CommandSpec => ({
  name,
  arity: fixed === undefined ? 3 : 2,
  write: true,
  keys: ONE_KEY,
  run: (env, argv) => {
    const by = fixed ?? parseInteger(argv[2]);
    if (by === undefined) return Errors.notInteger;
    const old = getString(env, argv[1]);
    if (typeof old === 'object') return old;
    const cur = old === undefined ? 0 : parseInteger(old);
    if (cur === undefined) return Errors.notInteger;
    const next = cur + sign * by;
    if (!Number.isSafeInteger(next)) return Errors.overflow;
    env.keyspace.set(argv[1], { type: 'string', value: String(next) }, 'keep');
    env.propagate(argv);
    return integer(next);
  },
});

const append: CommandSpec = {
  name: 'append',
  arity: 3,
  write: true,
  keys: ONE_KEY,
  run: (env, argv) => {
    const old = getString(env, argv[1]);
    if (typeof old === 'object') return old;
    const next = (old ?? '') + argv[2];
    env.keyspace.set(argv[1], { type: 'string', value: next }, 'keep');
    env.propagate(argv);
    return integer(byteLength(next));
  },
};

const strlen: CommandSpec = {
  name: 'strlen',
  arity: 2,
  write: false,
  keys: ONE_KEY,
  run: (env, argv) => {
    const v = getString(env, argv[1]);
    return typeof v === 'object' ? v : integer(v === undefined ? 0 : byteLength(v));
  },
};

const mget: CommandSpec = {
  name: 'mget',
  arity: -2,
  write: false,
  keys: { first: 1, last: -1, step: 1 },
  run: (env, argv) => ({
    kind: 'array',
    items: argv.slice(1).map((k) => {
      const v = env.keyspace.lookup(k, env.now);
      return bulk(v?.type === 'string' ? v.value : null);
    }),
  }),
};

const mset: CommandSpec = {
  name: 'mset',
  arity: -3,
  write: true,
  keys: { first: 1, last: -1, step: 2 },
  run: (env, argv) => {
    if (argv.length % 2 === 0) return Errors.arity('mset');
    for (let i = 1; i < argv.length; i += 2) env.keyspace.set(argv[i], { type: 'string', value: argv[i + 1] });
    env.propagate(argv);
    return OK;
  },
};

const setnx: CommandSpec = {
  name: 'setnx',
  arity: 3,
  write: true,
  keys: ONE_KEY,
  run: (env, argv) => {
    if (env.keyspace.lookup(argv[1], env.now) !== undefined) return integer(0);
    env.keyspace.set(argv[1], { type: 'string', value: argv[2] });
    env.propagate(['SET', argv[1], argv[2]]);
    return integer(1);
  },
};

/** String commands: GET, SET (EX/PX/EXAT/PXAT/NX/XX/KEEPTTL/GET), SETNX, SETEX, PSETEX, INCR, DECR, INCRBY, DECRBY, APPEND, STRLEN, MGET, MSET. */
export const stringCommands: ReadonlyArray<CommandSpec> = [
  get,
  set,
  setnx,
  setWithExpiry('setex', 1000),
  setWithExpiry('psetex', 1),
  incrBy('incr', 1, 1),
  incrBy('decr', -1, 1),
  incrBy('incrby', 1, undefined),
  incrBy('decrby', -1, undefined),
  append,
  strlen,
  mget,
  mset,
];
