import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { defineBehavior, refCodec, type ActorContext, type Behavior, type Ref } from '../../lib/actor/index.js';
import { commandKeys, lookupCommand } from './commandTable.js';
import { SLOTS, keyHashSlot } from './hashSlot.js';
import type { RedisCommand } from './protocol.js';
import type { RedisDirectory } from './RedisServer.js';
import { Reply, error, redirectOf } from './Reply.js';

/** What the cluster client answers: the final reply, how many replicas acknowledged it (WAIT), where and after how many attempts. */
export const ClusterClientReply = t.type({
  reply: Reply,
  /** Replicas that acknowledged the write (when `waitReplicas` was asked), else null. */
  acked: t.union([t.number, t.null]),
  /** The node that answered last. */
  node: t.union([t.string, t.null]),
  attempts: t.number,
});
/** What the cluster client answers. */
export type ClusterClientReply = t.TypeOf<typeof ClusterClientReply>;

/**
 * Ask the cluster client to run a command on the right node. With
 * `waitReplicas`, a successful write is followed by `WAIT waitReplicas
 * waitTimeoutMs` on the same connection.
 */
export const ClientRequest = t.intersection([
  t.type({ type: t.literal('request'), argv: t.readonlyArray(t.string), replyTo: refCodec<ClusterClientReply>() }),
  t.partial({ waitReplicas: t.number, waitTimeoutMs: t.number }),
]);
/** A request to the cluster client. */
export type ClientRequest = t.TypeOf<typeof ClientRequest>;

const Attempt = t.type({ type: t.literal('attempt'), id: t.number, seq: t.number, reply: t.union([Reply, t.null]) });
const Retry = t.type({ type: t.literal('retry'), id: t.number });
const SlotsReply = t.type({ type: t.literal('slots-reply'), reply: t.union([Reply, t.null]) });
const RefreshTick = t.type({ type: t.literal('refresh-tick') });

/** The cluster client's mailbox. */
export const ClusterClientMsg = t.union([ClientRequest, Attempt, Retry, SlotsReply, RefreshTick]);
/** The cluster client's mailbox. */
export type ClusterClientMsg = t.TypeOf<typeof ClusterClientMsg>;

/** Options of {@link clusterClient} (ioredis-like). */
export interface ClusterClientOptions {
  /** Addresses to learn the slot map from. */
  seeds: ReadonlyArray<string>;
  directory: RedisDirectory;
  /** Redirections (MOVED, ASK, retries) before giving up. @default 16 */
  maxRedirections?: number;
  /** First retry delay after TRYAGAIN; doubles per retry. @default 100 */
  retryDelayOnTryAgainMs?: number;
  /** First retry delay after CLUSTERDOWN; doubles per retry. @default 100 */
  retryDelayOnClusterDownMs?: number;
  /** First retry delay after a node did not answer; doubles per retry. @default 100 */
  retryDelayOnFailoverMs?: number;
  /** Largest retry delay. @default 2000 */
  maxRetryDelayMs?: number;
  /** How long to wait for one node's answer. @default 1000 */
  commandTimeoutMs?: number;
}

/** Defaults of {@link ClusterClientOptions}. */
export const CLUSTER_CLIENT_DEFAULTS = {
  maxRedirections: 16,
  retryDelayOnTryAgainMs: 100,
  retryDelayOnClusterDownMs: 100,
  retryDelayOnFailoverMs: 100,
  maxRetryDelayMs: 2000,
  commandTimeoutMs: 1000,
} as const;

interface Pending {
  readonly req: ClientRequest;
  readonly slot: number | undefined;
  /** Redirects and retries so far. */
  redirects: number;
  attempts: number;
  /** Retries after errors (for the backoff). */
  retries: number;
  /** Where the next attempt goes (a one-off ASK target, or the slot map). */
  askTo: string | undefined;
  /** Current phase: the command, then the WAIT on the same node. */
  phase: 'command' | 'wait';
  node: string | undefined;
  commandReply: Reply | undefined;
  seq: number;
  lastError: string;
}

interface ClientState {
  /** Master address of every slot (ioredis's plain 16384-entry array). */
  readonly slots: Array<string | undefined>;
  readonly pending: Map<number, Pending>;
  nextId: number;
  refreshing: boolean;
  refreshAgain: boolean;
  known: string[];
}


/** Parse a CLUSTER SLOTS reply into `[start, end, masterAddr]` triples. */
export const parseClusterSlots = (reply: Reply): Array<[number, number, string]> | undefined => {
  if (reply.kind !== 'array' || reply.items === null) return undefined;
  const out: Array<[number, number, string]> = [];
  for (const r of reply.items) {
    if (r.kind !== 'array' || r.items === null || r.items.length < 3) return undefined;
    const [a, b, m] = r.items;
    if (a.kind !== 'integer' || b.kind !== 'integer' || m.kind !== 'array' || m.items === null || m.items.length < 2) return undefined;
    const [host, port] = m.items;
    if (host.kind !== 'bulk' || host.value === null || port.kind !== 'integer') return undefined;
    out.push([a.value, b.value, `${host.value}:${port.value}`]);
  }
  return out;
};

/**
 * A cluster-aware client as an actor (ioredis Cluster semantics): it keeps a
 * 16384-entry slot → master map learned with CLUSTER SLOTS, sends each
 * command to its slot's master, follows MOVED (patch the map, retry at once,
 * refresh the map in the background) and ASK (one-off ASKING to the target),
 * retries TRYAGAIN, CLUSTERDOWN and unanswered nodes with exponential
 * backoff, and gives up after `maxRedirections`.
 *
 * @example
 * const client = sim.spawn(clusterClient({ seeds: ['127.0.0.1:30001'], directory: cluster.directory }), 'client', { node: 'app' });
 * sim.tell(client, { type: 'request', argv: ['SET', 'k', 'v'], replyTo: probe.ref, waitReplicas: 1, waitTimeoutMs: 100 });
 */
export const clusterClient = (options: ClusterClientOptions): Behavior<ClusterClientMsg, ClientState> => {
  const o = { ...CLUSTER_CLIENT_DEFAULTS, ...options };
  if (o.seeds.length === 0) throw new RangeError('a cluster client needs at least one seed');

  const refresh = (s: ClientState, ctx: ActorContext<ClusterClientMsg>): void => {
    if (s.refreshing) {
      s.refreshAgain = true;
      return;
    }
    const addr = ctx.random.pick(s.known);
    const ref = o.directory.resolve(addr);
    if (ref === undefined) return;
    s.refreshing = true;
    ctx.ask(
      ref,
      (replyTo: Ref<Reply>): RedisCommand => ({ type: 'command', argv: ['CLUSTER', 'SLOTS'], replyTo }),
      o.commandTimeoutMs,
      (r) => ({ type: 'slots-reply', reply: E.isRight(r) ? r.right : null }),
    );
  };

  const send = (s: ClientState, ctx: ActorContext<ClusterClientMsg>, id: number, p: Pending): void => {
    const target = p.askTo ?? (p.phase === 'wait' ? p.node : undefined) ?? (p.slot === undefined ? undefined : s.slots[p.slot]) ?? ctx.random.pick(s.known);
    const ref = o.directory.resolve(target);
    p.node = target;
    p.attempts++;
    const seq = ++p.seq;
    if (ref === undefined) {
      ctx.tell(ctx.self, { type: 'attempt', id, seq, reply: null });
      return;
    }
    const asking = p.askTo !== undefined && p.phase === 'command';
    const argv = p.phase === 'wait' ? ['WAIT', String(p.req.waitReplicas ?? 0), String(p.req.waitTimeoutMs ?? 0)] : p.req.argv;
    ctx.ask(
      ref,
      (replyTo: Ref<Reply>): RedisCommand => ({ type: 'command', argv, replyTo, conn: `${ctx.node}${ctx.path}`, ...(asking ? { asking: true } : {}) }),
      o.commandTimeoutMs + (p.phase === 'wait' ? (p.req.waitTimeoutMs ?? 0) : 0),
      (r) => ({ type: 'attempt', id, seq, reply: E.isRight(r) ? r.right : null }),
    );
  };

  const finish = (s: ClientState, ctx: ActorContext<ClusterClientMsg>, id: number, p: Pending, reply: Reply, acked: number | null): void => {
    s.pending.delete(id);
    ctx.timers.cancel(`retry-${id}`);
    ctx.tell(p.req.replyTo, { reply, acked, node: p.node ?? null, attempts: p.attempts });
  };

  const retryLater = (s: ClientState, ctx: ActorContext<ClusterClientMsg>, id: number, p: Pending, baseMs: number, why: string): void => {
    p.lastError = why;
    if (++p.redirects > o.maxRedirections) {
      finish(s, ctx, id, p, error(`ERR Too many Cluster redirections. (last error: ${why})`), null);
      return;
    }
    const delay = Math.min(o.maxRetryDelayMs, baseMs * 2 ** p.retries++);
    ctx.timers.startSingleTimer(`retry-${id}`, { type: 'retry', id }, delay);
  };

  return defineBehavior<ClusterClientMsg, ClientState>({
    name: 'redis-cluster-client',
    protocol: ClusterClientMsg,
    init: (ctx) => {
      const s: ClientState = { slots: new Array(SLOTS).fill(undefined), pending: new Map(), nextId: 1, refreshing: false, refreshAgain: false, known: [...o.seeds] };
      refresh(s, ctx);
      return s;
    },
    receive: (s, msg, ctx) => {
      switch (msg.type) {
        case 'request': {
          const spec = lookupCommand(msg.argv[0] ?? '');
          const keys = spec === undefined ? [] : commandKeys(spec, msg.argv);
          const id = s.nextId++;
          const p: Pending = {
            req: msg,
            slot: keys.length > 0 ? keyHashSlot(keys[0]) : undefined,
            redirects: 0,
            attempts: 0,
            retries: 0,
            askTo: undefined,
            phase: 'command',
            node: undefined,
            commandReply: undefined,
            seq: 0,
            lastError: '',
          };
          s.pending.set(id, p);
          send(s, ctx, id, p);
          return s;
        }
        case 'retry': {
          const p = s.pending.get(msg.id);
          if (p !== undefined) send(s, ctx, msg.id, p);
          return s;
        }
        case 'attempt': {
          const p = s.pending.get(msg.id);
          if (p === undefined || msg.seq !== p.seq) return s;
          const r = msg.reply;
          if (r === null) {
            p.askTo = undefined;
            refresh(s, ctx);
            retryLater(s, ctx, msg.id, p, o.retryDelayOnFailoverMs, `no answer from ${p.node}`);
            return s;
          }
          if (r.kind === 'error') {
            const to = redirectOf(r);
            if (to !== undefined) {
              if (++p.redirects > o.maxRedirections) {
                finish(s, ctx, msg.id, p, error(`ERR Too many Cluster redirections. (last error: ${r.message})`), null);
                return s;
              }
              if (to.kind === 'MOVED') {
                s.slots[to.slot] = to.addr;
                if (!s.known.includes(to.addr)) s.known.push(to.addr);
                p.askTo = undefined;
                p.phase = 'command';
                refresh(s, ctx);
              } else p.askTo = to.addr;
              send(s, ctx, msg.id, p);
              return s;
            }
            if (r.message.startsWith('TRYAGAIN')) {
              retryLater(s, ctx, msg.id, p, o.retryDelayOnTryAgainMs, r.message);
              return s;
            }
            if (r.message.startsWith('CLUSTERDOWN')) {
              p.askTo = undefined;
              p.phase = 'command';
              refresh(s, ctx);
              retryLater(s, ctx, msg.id, p, o.retryDelayOnClusterDownMs, r.message);
              return s;
            }
          }
          if (p.phase === 'command' && p.req.waitReplicas !== undefined && r.kind !== 'error') {
            p.commandReply = r;
            p.phase = 'wait';
            p.askTo = undefined;
            send(s, ctx, msg.id, p);
            return s;
          }
          if (p.phase === 'wait') finish(s, ctx, msg.id, p, p.commandReply!, r.kind === 'integer' ? r.value : 0);
          else finish(s, ctx, msg.id, p, r, null);
          return s;
        }
        case 'slots-reply': {
          s.refreshing = false;
          const parsed = msg.reply === null ? undefined : parseClusterSlots(msg.reply);
          if (parsed !== undefined && parsed.length > 0) {
            // Slots missing from the answer keep their last known owner: a redirect will correct them.
            for (const [a, b, addr] of parsed) {
              for (let i = a; i <= b; i++) s.slots[i] = addr;
              if (!s.known.includes(addr)) s.known.push(addr);
            }
          }
          if (s.refreshAgain) {
            s.refreshAgain = false;
            refresh(s, ctx);
          }
          return s;
        }
        case 'refresh-tick':
          refresh(s, ctx);
          return s;
      }
    },
  });
};
