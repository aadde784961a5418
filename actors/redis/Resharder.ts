import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { defineBehavior, type ActorContext, type Behavior, type Ref } from '../../lib/actor/index.js';
import type { RedisCommand, RedisNodeMsg } from './protocol.js';
import type { RedisDirectory } from './RedisServer.js';
import { Reply } from './Reply.js';

/** Options of {@link resharder}. */
export interface ResharderOptions {
  directory: RedisDirectory;
  /** Address of the master giving the slots. */
  source: string;
  /** Address of the master taking them. */
  target: string;
  /** Slots to move, in order. */
  slots: ReadonlyArray<number>;
  /** Every master, told the new owner at the end of each slot (as redis-cli does). */
  masters: ReadonlyArray<string>;
  /** Keys per MIGRATE. @default 10 */
  pipeline?: number;
  /** MIGRATE timeout. @default 5000 */
  migrateTimeoutMs?: number;
  /** Called when done (or failed), for scenario checks. */
  onDone?: (result: { moved: number; error: string | undefined }) => void;
}

const StepResult = t.type({ type: t.literal('step'), reply: t.union([Reply, t.null]) });
type StepResult = t.TypeOf<typeof StepResult>;

interface ResharderState {
  slotIndex: number;
  phase: 'importing' | 'migrating' | 'getkeys' | 'migrate' | 'setslot';
  setslotIndex: number;
  ids: Map<string, string>;
  moved: number;
}

/**
 * Moves hash slots between two masters the way `redis-cli --cluster
 * reshard` does: per slot, SETSLOT IMPORTING on the target, MIGRATING on the
 * source, GETKEYSINSLOT + MIGRATE until the slot is empty, then SETSLOT NODE
 * on the target, the source and every other master. Clients meanwhile get ASK
 * (and TRYAGAIN) for keys already moved.
 *
 * @example
 * sim.spawn(resharder({ directory, source: a, target: b, slots: [0, 1, 2], masters }), 'reshard', { node: 'admin' });
 */
export const resharder = (options: ResharderOptions): Behavior<StepResult, ResharderState> => {
  const pipeline = options.pipeline ?? 10;
  const [targetHost, targetPort] = options.target.split(':');
  const order = [options.target, options.source, ...options.masters.filter((m) => m !== options.target && m !== options.source)];

  const call = (ctx: ActorContext<StepResult>, addr: string, argv: string[]): void => {
    const ref = options.directory.resolve(addr) as Ref<RedisNodeMsg>;
    ctx.ask(ref, (replyTo: Ref<Reply>): RedisCommand => ({ type: 'command', argv, replyTo }), (options.migrateTimeoutMs ?? 5000) + 1000, (r) => ({
      type: 'step',
      reply: E.isRight(r) ? r.right : null,
    }));
  };

  const fail = (s: ResharderState, ctx: ActorContext<StepResult>, why: string): ResharderState => {
    ctx.milestone('reshard-failed', { slot: options.slots[s.slotIndex], phase: s.phase, error: why });
    options.onDone?.({ moved: s.moved, error: why });
    ctx.stopSelf();
    return s;
  };

  const startSlot = (s: ResharderState, ctx: ActorContext<StepResult>): ResharderState => {
    if (s.slotIndex >= options.slots.length) {
      ctx.milestone('reshard-done', { moved: s.moved });
      options.onDone?.({ moved: s.moved, error: undefined });
      ctx.stopSelf();
      return s;
    }
    const slot = options.slots[s.slotIndex];
    call(ctx, options.target, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', s.ids.get(options.source)!]);
    return { ...s, phase: 'importing' };
  };

  return defineBehavior<StepResult, ResharderState>({
    name: 'redis-resharder',
    protocol: StepResult,
    init: (ctx) => {
      // First learn the ids of source and target.
      call(ctx, options.source, ['CLUSTER', 'MYID']);
      return { slotIndex: -2, phase: 'importing', setslotIndex: 0, ids: new Map(), moved: 0 };
    },
    receive: (s, msg, ctx) => {
      const r = msg.reply;
      if (r === null) return fail(s, ctx, 'no answer');
      if (s.slotIndex === -2 || s.slotIndex === -1) {
        if (r.kind !== 'bulk' || r.value === null) return fail(s, ctx, 'CLUSTER MYID failed');
        s.ids.set(s.slotIndex === -2 ? options.source : options.target, r.value);
        if (s.slotIndex === -2) {
          call(ctx, options.target, ['CLUSTER', 'MYID']);
          return { ...s, slotIndex: -1 };
        }
        return startSlot({ ...s, slotIndex: 0 }, ctx);
      }
      if (r.kind === 'error') return fail(s, ctx, r.message);
      const slot = String(options.slots[s.slotIndex]);
      switch (s.phase) {
        case 'importing':
          call(ctx, options.source, ['CLUSTER', 'SETSLOT', slot, 'MIGRATING', s.ids.get(options.target)!]);
          return { ...s, phase: 'migrating' };
        case 'migrating':
        case 'migrate':
          call(ctx, options.source, ['CLUSTER', 'GETKEYSINSLOT', slot, String(pipeline)]);
          return { ...s, phase: 'getkeys' };
        case 'getkeys': {
          const keys = r.kind === 'array' && r.items !== null ? r.items.map((i) => (i.kind === 'bulk' ? (i.value ?? '') : '')) : [];
          if (keys.length === 0) {
            call(ctx, order[0], ['CLUSTER', 'SETSLOT', slot, 'NODE', s.ids.get(options.target)!]);
            return { ...s, phase: 'setslot', setslotIndex: 0 };
          }
          call(ctx, options.source, ['MIGRATE', targetHost, targetPort, '', '0', String(options.migrateTimeoutMs ?? 5000), 'KEYS', ...keys]);
          return { ...s, phase: 'migrate' };
        }
        case 'setslot': {
          const next = s.setslotIndex + 1;
          if (next < order.length) {
            call(ctx, order[next], ['CLUSTER', 'SETSLOT', slot, 'NODE', s.ids.get(options.target)!]);
            return { ...s, setslotIndex: next };
          }
          return startSlot({ ...s, slotIndex: s.slotIndex + 1, moved: s.moved + 1 }, ctx);
        }
      }
    },
  });
};
