import { defineBehavior, sameRef, type AnyRef } from '../../lib/actor/index.js';
import { LeaseMsg, type RegistryEntry } from './LeaseProtocol.js';

interface ReplicaState {
  holder: AnyRef | null;
  expiresAt: number;
  /** Highest epoch granted or written here (persisted). */
  epoch: number;
  lastTtlMs: number;
  registry: Map<string, RegistryEntry>;
}

const DISK_KEY = 'mesos-lease-replica';

interface Persisted {
  epoch: number;
  lastTtlMs: number;
  registry: RegistryEntry[];
}

/** Whether `a` was written after `b` (higher epoch, then higher sequence). */
export const newerEntry = (a: RegistryEntry, b: RegistryEntry | undefined): boolean =>
  b === undefined || a.epoch > b.epoch || (a.epoch === b.epoch && a.seq > b.seq);

/**
 * One replica of the lease store that stands in for ZooKeeper. A candidate
 * master is the leader while a majority of replicas grant it the lease:
 *
 * - a replica grants the lease to a new holder only when the last lease
 *   expired on its own clock and the candidate proposes a higher epoch than
 *   any it has seen, so any two leaders' grant majorities share a replica and
 *   epochs rise with each new leader;
 * - the holder renews with the same epoch before expiry (the master counts its
 *   lease from before it asked, so it steps down before any replica would
 *   grant someone else);
 * - registry writes are fenced: a replica refuses writes below its epoch.
 *
 * The epoch, the last TTL and the registry are persisted (node disk). After a
 * restart the replica grants nothing for one TTL: it may have granted a lease
 * it no longer remembers.
 *
 * @example
 * sim.node('zk1', { boot: (n) => n.spawn(LeaseReplica, 'lease') });
 */
export const LeaseReplica = defineBehavior({
  name: 'mesos-lease-replica',
  protocol: LeaseMsg,
  init: (ctx): ReplicaState => {
    const saved = ctx.disk.get(DISK_KEY) as Persisted | undefined;
    if (saved === undefined) return { holder: null, expiresAt: 0, epoch: 0, lastTtlMs: 0, registry: new Map() };
    return {
      holder: null,
      expiresAt: ctx.now() + saved.lastTtlMs,
      epoch: saved.epoch,
      lastTtlMs: saved.lastTtlMs,
      registry: new Map(saved.registry.map((e) => [e.agentId, e])),
    };
  },
  receive: (s, msg, ctx) => {
    const now = ctx.now();
    const persist = (): void => {
      ctx.disk.set(DISK_KEY, { epoch: s.epoch, lastTtlMs: s.lastTtlMs, registry: [...s.registry.values()] } satisfies Persisted);
    };
    switch (msg.type) {
      case 'acquire': {
        const sameHolder = s.holder !== null && sameRef(s.holder, msg.candidate);
        const granted = (s.expiresAt <= now || sameHolder) && (msg.epoch > s.epoch || (msg.renew && msg.epoch === s.epoch && sameHolder));
        const renewal = granted && sameHolder;
        if (granted) {
          s.holder = msg.candidate;
          s.expiresAt = now + msg.ttlMs;
          s.epoch = msg.epoch;
          s.lastTtlMs = Math.max(s.lastTtlMs, msg.ttlMs);
          persist();
        }
        ctx.tell(msg.replyTo, {
          type: 'lease-reply',
          replica: ctx.node,
          attempt: msg.attempt,
          granted,
          epoch: s.epoch,
          registry: granted && !renewal ? [...s.registry.values()] : [],
        });
        return s;
      }
      case 'release':
        if (s.holder !== null && sameRef(s.holder, msg.candidate)) {
          s.holder = null;
          s.expiresAt = now;
        }
        return s;
      case 'write': {
        const ok = msg.epoch >= s.epoch;
        if (ok) {
          for (const e of msg.entries) if (newerEntry(e, s.registry.get(e.agentId))) s.registry.set(e.agentId, e);
          persist();
        }
        ctx.tell(msg.replyTo, { type: 'write-ack', replica: ctx.node, writeId: msg.writeId, ok });
        return s;
      }
      case 'who-leads':
        ctx.tell(msg.replyTo, { type: 'leader-is', replica: ctx.node, leader: s.holder !== null && s.expiresAt > now ? s.holder : null, epoch: s.epoch });
        return s;
    }
  },
});
