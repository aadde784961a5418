import * as t from 'io-ts';
import { createActorSystem, createNactDispatcher, defineBehavior, type AnyBehavior, type ActorSystem, type Ref } from '../../../../lib/actor/index.js';
import { createSimulation, type Simulation } from '../../../../lib/sim/index.js';
import type { StoreReply, StoreRequest, StoreWatchMessage } from '../../../../actors/kubernetes/index.js';

/** An actor that records every message it gets, in arrival order (replies and watch messages alike). */
export interface Recorder {
  readonly ref: Ref<never>;
  readonly all: unknown[];
}

/**
 * One store backend under test: a way to spawn a fresh, empty store, actors
 * to talk to it, and time. The embedded store runs in a simulation (virtual
 * time); the etcd store runs live (real clock, nact dispatcher, a real etcd).
 */
export interface StoreHarness {
  readonly kind: 'embedded' | 'etcd';
  /** A fresh store on node `master` (a node that boots it again after a crash). */
  spawnStore(): Ref<StoreRequest>;
  /** The store after a crash and restart of its node (its data must survive). */
  crashAndRestartStore(): Promise<Ref<StoreRequest>>;
  /** A recorder on `node` (default: the store's node, so messages from the store arrive in send order). */
  recorder(name: string, node?: string): Recorder;
  tell(to: Ref<StoreRequest>, message: StoreRequest): void;
  /** Let the system run until `done` holds, for at most `withinMs` (virtual or real), else fail naming `what`. */
  until(what: string, done: () => boolean, withinMs?: number): Promise<void>;
  /** Let `ms` pass (virtual or real). */
  sleep(ms: number): Promise<void>;
  /** The system's dead letters so far. */
  deadLetters(): number;
  /** Actor failures (throws, rejections) so far. */
  failures(): number;
  close(): Promise<void>;
}

const recorderBehavior = (all: unknown[]) =>
  defineBehavior({
    name: 'recorder',
    protocol: t.unknown,
    init: () => undefined,
    receive: (s, message) => {
      all.push(message);
      return s;
    },
  });

/** The embedded store in a fresh simulation (seed 1, every message decoded with its codec). */
export const simHarness = (makeStore: () => AnyBehavior, seed = 1): StoreHarness => {
  const sim: Simulation = createSimulation({ seed, decodeAll: true });
  const find = (): Ref<StoreRequest> => sim.system.find('master', '/store') as Ref<StoreRequest>;
  return {
    kind: 'embedded',
    spawnStore: () => {
      sim.node('master', { boot: (n) => n.spawn(makeStore(), 'store') });
      return find();
    },
    crashAndRestartStore: async () => {
      sim.crash('master');
      sim.restart('master');
      return find();
    },
    recorder: (name, node = 'master') => {
      const all: unknown[] = [];
      return { ref: sim.spawn(recorderBehavior(all), name, { node }) as Ref<never>, all };
    },
    tell: (to, message) => sim.tell(to, message),
    until: async (what, done, withinMs = 10_000) => {
      if (!sim.runUntil(done, withinMs)) throw new Error(`no ${what} within ${withinMs} ms of virtual time (seed ${seed})`);
    },
    sleep: async (ms) => {
      sim.runFor(ms);
    },
    deadLetters: () => sim.system.deadLetters,
    failures: () => sim.system.failures,
    close: () => sim.close(),
  };
};

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A store in a live actor system (real clock, nact dispatcher, every message decoded with its codec). */
export const liveHarness = (makeStore: () => AnyBehavior, kind: StoreHarness['kind'] = 'etcd'): StoreHarness & { readonly system: ActorSystem } => {
  const system: ActorSystem = createActorSystem({ name: 'store-spec', dispatcher: createNactDispatcher(), seed: 1, decodeAll: true });
  const find = (): Ref<StoreRequest> => system.find('master', '/store') as Ref<StoreRequest>;
  return {
    kind,
    system,
    spawnStore: () => {
      system.node('master', { boot: (n) => n.spawn(makeStore(), 'store') });
      return find();
    },
    crashAndRestartStore: async () => {
      const node = system.findNode('master')!;
      node.crash();
      await pause(20);
      node.restart();
      return find();
    },
    recorder: (name, node = 'master') => {
      const all: unknown[] = [];
      return { ref: system.spawn(recorderBehavior(all), name, { node }) as Ref<never>, all };
    },
    tell: (to, message) => system.tell(to, message),
    until: async (what, done, withinMs = 10_000) => {
      const deadline = Date.now() + withinMs;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`no ${what} within ${withinMs} ms`);
        await pause(2);
      }
    },
    sleep: pause,
    deadLetters: () => system.deadLetters,
    failures: () => system.failures,
    close: () => system.shutdown(),
  };
};

const isReply = (m: unknown): m is StoreReply => typeof m === 'object' && m !== null && ((m as { type?: unknown }).type === 'store-ok' || (m as { type?: unknown }).type === 'store-error');
const isWatchMessage = (m: unknown): m is StoreWatchMessage =>
  typeof m === 'object' && m !== null && ['store-events', 'store-progress', 'store-watch-canceled'].includes(String((m as { type?: unknown }).type));

/** Replies a recorder got, in order. */
export const repliesOf = (r: Recorder): StoreReply[] => r.all.filter(isReply);

/** Watch messages a recorder got for `watchId` (all watches if omitted), in order. */
export const watchMessagesOf = (r: Recorder, watchId?: string): StoreWatchMessage[] => r.all.filter(isWatchMessage).filter((m) => watchId === undefined || m.watchId === watchId);

/**
 * A client of one store: sends requests with a recorder as `replyTo` and
 * waits for their replies (one request at a time, so the next reply is the answer).
 */
export class StoreClient {
  constructor(
    readonly h: StoreHarness,
    public store: Ref<StoreRequest>,
    readonly rec: Recorder,
  ) {}

  /** Send a request and wait for its reply. */
  async ask(make: (replyTo: Ref<StoreReply>) => StoreRequest, withinMs = 10_000): Promise<StoreReply> {
    const before = repliesOf(this.rec).length;
    this.h.tell(this.store, make(this.rec.ref as Ref<StoreReply>));
    await this.h.until(`reply from the ${this.h.kind} store`, () => repliesOf(this.rec).length > before, withinMs);
    return repliesOf(this.rec)[before];
  }

  /** Send a request and return its `store-ok` result (fail on a store-error). */
  async ok<R>(make: (replyTo: Ref<StoreReply>) => StoreRequest): Promise<R> {
    const r = await this.ask(make);
    if (r.type !== 'store-ok') throw new Error(`expected store-ok, got ${JSON.stringify(r)}`);
    return r.result as R;
  }

  /** Put one key; returns the new revision. */
  async put(key: string, value: unknown, lease?: number): Promise<number> {
    const r = await this.ok<{ revision: number }>((replyTo) => ({ type: 'txn', request: { compare: [], success: [{ op: 'put', key, value, ...(lease === undefined ? {} : { lease }) }], failure: [] }, replyTo }));
    return r.revision;
  }

  /** Delete one key or a range; returns the revision after it. */
  async del(key: string, rangeEnd?: string): Promise<number> {
    const r = await this.ok<{ revision: number }>((replyTo) => ({ type: 'txn', request: { compare: [], success: [{ op: 'delete', key, ...(rangeEnd === undefined ? {} : { rangeEnd }) }], failure: [] }, replyTo }));
    return r.revision;
  }
}

/** Wait until `rec` has `n` watch messages for `watchId`, and return them. */
export const watchMessages = async (h: StoreHarness, rec: Recorder, watchId: string, n: number, withinMs = 10_000): Promise<StoreWatchMessage[]> => {
  await h.until(`${n} watch message(s) on ${watchId}`, () => watchMessagesOf(rec, watchId).length >= n, withinMs);
  return watchMessagesOf(rec, watchId);
};
