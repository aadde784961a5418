import { redisStringByteLength } from './RedisString.js';
import type { Keyspace } from './Keyspace.js';
import { Errors, type Reply } from './Reply.js';

/** What a command handler sees: the node's keyspace, its clock, and the replication stream. */
export interface CommandEnv {
  readonly keyspace: Keyspace;
  /** Current time on the node's clock (ms). */
  readonly now: number;
  /**
   * Append a (rewritten, deterministic) write to the replication stream —
   * e.g. `SET k v EX 10` is replicated as `SET k v PXAT <abs>`. Handlers call
   * it only when they changed the keyspace.
   */
  propagate(argv: ReadonlyArray<string>): void;
}

/** Where a command's keys are: Redis's (first, last, step) key spec; `last < 0` counts from the end. */
export interface KeySpec {
  readonly first: number;
  readonly last: number;
  readonly step: number;
}

/**
 * A command of the pure command table (keyspace commands: no cluster or
 * connection state). Contract: `run` is called only with `argv.length`
 * allowed by `arity` (Redis's convention: `n` exactly n words, `-n` at least
 * n, the name included); it returns the reply, mutates only `env.keyspace`,
 * and calls `env.propagate` for every change replicas must apply.
 */
export interface CommandSpec {
  /** Lower-case name, e.g. `get`. */
  readonly name: string;
  readonly arity: number;
  /** Writes are refused on replicas and replicated from masters. */
  readonly write: boolean;
  /** Key positions; undefined for key-less commands (PING, DBSIZE). */
  readonly keys?: KeySpec;
  readonly run: (env: CommandEnv, argv: ReadonlyArray<string>) => Reply;
}

/** Whether `argv` has a number of words `spec.arity` allows. */
export const arityOk = (spec: { readonly arity: number }, argv: ReadonlyArray<string>): boolean =>
  spec.arity >= 0 ? argv.length === spec.arity : argv.length >= -spec.arity;

// ---------------------------------------------------------------- argument helpers

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

/**
 * A Redis integer argument (no spaces, no `+`, no leading zeros). Values
 * beyond ±2^53 are refused: the model keeps numbers as JS numbers.
 */
export const parseInteger = (s: string): number | undefined => {
  if (!INTEGER.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
};

/** Length in bytes of a Redis string (what STRLEN and APPEND count): see `RedisString` for the byte rule. */
export const byteLength = (s: string): number => redisStringByteLength(s);
