import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { defineBehavior, type Behavior, type Ref } from '../../lib/actor/index.js';
import type { ClusterClientMsg, ClusterClientReply } from './ClusterClient.js';

/**
 * What a write workload observed: per key, the highest sequence number the
 * cluster acknowledged with WAIT (at least `waitReplicas` replicas) and the
 * highest it answered OK; counts of outcomes. The scenario checks read it.
 */
export interface WriteLog {
  /** key → highest sequence acknowledged by ≥ waitReplicas replicas. */
  readonly acked: Map<string, number>;
  /** key → highest sequence answered OK. */
  readonly written: Map<string, number>;
  requests: number;
  ok: number;
  /** Errors by their first word (CLUSTERDOWN, ERR…), and timeouts. */
  readonly errors: Map<string, number>;
}

/** An empty write log. */
export const createWriteLog = (): WriteLog => ({ acked: new Map(), written: new Map(), requests: 0, ok: 0, errors: new Map() });

/** Options of {@link redisWorkload}. */
export interface WorkloadOptions {
  client: Ref<ClusterClientMsg>;
  log: WriteLog;
  /** Time between writes. @default 20 */
  intervalMs?: number;
  /** Keys to write: a number n (`key:0`…`key:n-1`) or a list. @default 1000 */
  keys?: number | ReadonlyArray<string>;
  /** WAIT for this many replicas after each write (0: no WAIT). @default 1 */
  waitReplicas?: number;
  /** WAIT timeout. @default 200 */
  waitTimeoutMs?: number;
  /** Stop writing after this time on the node's clock. @default never */
  stopAtMs?: number;
}

const WorkloadMsg = t.union([
  t.type({ type: t.literal('tick') }),
  t.type({ type: t.literal('done'), key: t.string, seq: t.number, reply: t.union([t.unknown, t.null]) }),
]);
type WorkloadMsg = t.TypeOf<typeof WorkloadMsg>;

interface WorkloadState {
  seq: number;
  /** Keys with a write in flight: one write per key at a time, so a key's writes complete in sequence order. */
  readonly inFlight: Set<string>;
}

const bump = (m: Map<string, number>, key: string, seq: number): void => {
  if ((m.get(key) ?? -1) < seq) m.set(key, seq);
};

/**
 * A write workload through a cluster client: every `intervalMs` it sets a
 * random key (one write per key at a time) to the next sequence number
 * (then WAITs for replicas) and
 * records what was acknowledged in the shared {@link WriteLog}.
 *
 * @example
 * const log = createWriteLog();
 * sim.spawn(redisWorkload({ client, log, waitReplicas: 1 }), 'workload', { node: 'app' });
 */
export const redisWorkload = (options: WorkloadOptions): Behavior<WorkloadMsg, WorkloadState> => {
  const interval = options.intervalMs ?? 20;
  const keys = options.keys ?? 1000;
  const keyAt = (i: number): string => (typeof keys === 'number' ? `key:${i}` : keys[i]);
  const keyCount = typeof keys === 'number' ? keys : keys.length;
  const waitReplicas = options.waitReplicas ?? 1;
  const log = options.log;
  return defineBehavior<WorkloadMsg, WorkloadState>({
    name: 'redis-workload',
    protocol: WorkloadMsg,
    init: (ctx) => {
      ctx.timers.startPeriodicTimer('tick', { type: 'tick' }, interval);
      return { seq: 0, inFlight: new Set() };
    },
    receive: (s, msg, ctx) => {
      if (msg.type === 'tick') {
        if (options.stopAtMs !== undefined && ctx.now() >= options.stopAtMs) {
          ctx.timers.cancel('tick');
          return s;
        }
        const key = keyAt(ctx.random.int(0, keyCount - 1));
        if (s.inFlight.has(key)) return s;
        s.inFlight.add(key);
        const seq = ++s.seq;
        log.requests++;
        ctx.ask(
          options.client,
          (replyTo: Ref<ClusterClientReply>) => ({
            type: 'request' as const,
            argv: ['SET', key, String(seq)],
            replyTo,
            ...(waitReplicas > 0 ? { waitReplicas, waitTimeoutMs: options.waitTimeoutMs ?? 200 } : {}),
          }),
          120_000,
          (r) => ({ type: 'done', key, seq, reply: E.isRight(r) ? r.right : null }),
        );
        return s;
      }
      s.inFlight.delete(msg.key);
      const r = msg.reply as ClusterClientReply | null;
      if (r === null) {
        log.errors.set('timeout', (log.errors.get('timeout') ?? 0) + 1);
        return s;
      }
      if (r.reply.kind === 'error') {
        const word = r.reply.message.split(' ')[0];
        log.errors.set(word, (log.errors.get(word) ?? 0) + 1);
        return s;
      }
      log.ok++;
      bump(log.written, msg.key, msg.seq);
      if (waitReplicas > 0 && (r.acked ?? 0) >= waitReplicas) bump(log.acked, msg.key, msg.seq);
      return s;
    },
  });
};
