import * as t from 'io-ts';
import { redisStringByteLength, redisStringFromBytes, redisStringToBytes } from './RedisString.js';

/**
 * A reply of a Redis node, typed (RESP2 shapes; RESP3 maps and verbatim
 * strings can be added as new kinds). The RESP front door serializes it;
 * errors carry Redis's exact words (`MOVED 3999 127.0.0.1:30002`).
 */
export type Reply =
  | { readonly kind: 'simple'; readonly value: string }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'bulk'; readonly value: string | null }
  | { readonly kind: 'array'; readonly items: ReadonlyArray<Reply> | null };

/** io-ts codec of {@link Reply} (recursive through arrays). */
export const Reply: t.Type<Reply, unknown> = t.recursion('Reply', () =>
  t.union([
    t.readonly(t.type({ kind: t.literal('simple'), value: t.string })),
    t.readonly(t.type({ kind: t.literal('error'), message: t.string })),
    t.readonly(t.type({ kind: t.literal('integer'), value: t.number })),
    t.readonly(t.type({ kind: t.literal('bulk'), value: t.union([t.string, t.null]) })),
    t.readonly(t.type({ kind: t.literal('array'), items: t.union([t.readonlyArray(Reply), t.null]) })),
  ]),
) as t.Type<Reply, unknown>;

/** `+OK`. */
export const OK: Reply = Object.freeze({ kind: 'simple', value: 'OK' });
/** A nil bulk string. */
export const NIL: Reply = Object.freeze({ kind: 'bulk', value: null });

/** A simple string reply. */
export const simple = (value: string): Reply => ({ kind: 'simple', value });
/** An error reply: the message starts with its code (`ERR`, `MOVED`, `WRONGTYPE`…). */
export const error = (message: string): Reply => ({ kind: 'error', message });
/** An integer reply. */
export const integer = (value: number): Reply => ({ kind: 'integer', value });
/** A bulk string reply (`null` = nil). */
export const bulk = (value: string | null): Reply => ({ kind: 'bulk', value });
/** An array reply (`null` = nil array). */
export const array = (items: ReadonlyArray<Reply> | null): Reply => ({ kind: 'array', items });
/** An array of bulk strings. */
export const bulkArray = (values: ReadonlyArray<string | null>): Reply => array(values.map(bulk));

/**
 * A string as C's `%.<max>s` prints it: up to its first NUL byte, at most
 * `maxBytes` bytes (a cut through a multi-byte character leaves raw bytes).
 */
const cString = (s: string, maxBytes: number): string => {
  const nul = s.indexOf('\0');
  const t = nul < 0 ? s : s.slice(0, nul);
  if (t.length <= maxBytes && redisStringByteLength(t) <= maxBytes) return t;
  return redisStringFromBytes(redisStringToBytes(t).subarray(0, maxBytes));
};

/** Redis's error words, exactly. */
export const Errors = {
  /** `MOVED slot host:port`. */
  moved: (slot: number, addr: string): Reply => error(`MOVED ${slot} ${addr}`),
  /** `ASK slot host:port`. */
  ask: (slot: number, addr: string): Reply => error(`ASK ${slot} ${addr}`),
  crossSlot: error("CROSSSLOT Keys in request don't hash to the same slot"),
  clusterDown: error('CLUSTERDOWN The cluster is down'),
  slotUnbound: error('CLUSTERDOWN Hash slot not served'),
  tryAgain: error('TRYAGAIN Multiple keys request during rehashing of slot'),
  readonly: error("READONLY You can't write against a read only replica."),
  wrongType: error('WRONGTYPE Operation against a key holding the wrong kind of value'),
  syntax: error('ERR syntax error'),
  notInteger: error('ERR value is not an integer or out of range'),
  overflow: error('ERR increment or decrement would overflow'),
  selectInCluster: error('ERR SELECT is not allowed in cluster mode'),
  /** `ERR wrong number of arguments for 'get' command`. */
  arity: (command: string): Reply => error(`ERR wrong number of arguments for '${command.toLowerCase()}' command`),
  /**
   * `ERR unknown command 'foo', with args beginning with: 'a' ` — formatted
   * as Redis's C code does: the name and each argument end at a NUL byte,
   * the name is cut at 128 bytes and the arguments stop once 128 bytes are
   * listed.
   */
  unknownCommand: (argv: ReadonlyArray<string>): Reply => {
    let args = '';
    let argsBytes = 0;
    for (let i = 1; i < argv.length && argsBytes < 128; i++) {
      const a = cString(argv[i], 128 - argsBytes);
      args += `'${a}' `;
      argsBytes += redisStringByteLength(a) + 3;
    }
    return error(`ERR unknown command '${cString(argv[0] ?? '', 128)}', with args beginning with: ${args}`);
  },
  /** `ERR unknown subcommand 'x'. Try CLUSTER HELP.` */
  unknownSubcommand: (command: string, sub: string): Reply =>
    error(`ERR unknown subcommand '${sub}'. Try ${command.toUpperCase()} HELP.`),
  invalidExpire: (command: string): Reply => error(`ERR invalid expire time in '${command.toLowerCase()}' command`),
} as const;

/** Whether a reply is an error (optionally with this code, e.g. `MOVED`). */
export const isError = (reply: Reply, code?: string): reply is { kind: 'error'; message: string } =>
  reply.kind === 'error' && (code === undefined || reply.message === code || reply.message.startsWith(`${code} `));

/** Where a cluster node sent a command: `MOVED` (the slot lives at `addr` now) or `ASK` (this key only, mid-migration: send ASKING first). */
export interface Redirect {
  readonly kind: 'MOVED' | 'ASK';
  readonly slot: number;
  /** `host:port` of the node to ask. */
  readonly addr: string;
}

const REDIRECT = /^(MOVED|ASK) (\d+) (\S+)$/;

/**
 * The redirect an error reply carries, or undefined for any other reply.
 *
 * @example
 * redirectOf(error('MOVED 3999 127.0.0.1:30002')); // { kind: 'MOVED', slot: 3999, addr: '127.0.0.1:30002' }
 * redirectOf(OK);                                   // undefined
 */
export const redirectOf = (reply: Reply): Redirect | undefined => {
  if (reply.kind !== 'error') return undefined;
  const m = REDIRECT.exec(reply.message);
  return m === null ? undefined : { kind: m[1] as Redirect['kind'], slot: Number(m[2]), addr: m[3] };
};
