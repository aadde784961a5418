import { createRequire } from 'node:module';
import { createRealClock, type Clock } from '../time/index.js';
import type { Dispatcher, Mailbox } from './Dispatcher.js';
import type { Envelope, MailboxOwner } from './Envelope.js';

// nact ships CommonJS without usable typings for our use; load it through require.
const nact = createRequire(import.meta.url)('nact') as {
  start: (...args: unknown[]) => NactRef;
  spawn: (parent: NactRef, f: (state: unknown, msg: unknown, ctx: unknown) => unknown, name: string) => NactRef;
  dispatch: (ref: NactRef, msg: unknown, sender?: unknown) => void;
  stop: (ref: NactRef) => void;
};

interface NactRef {
  readonly path: unknown;
}

/** Options of the nact dispatcher. */
export interface NactDispatcherOptions {
  /** The clock actors' timers use. @default the real clock */
  clock?: Clock;
  /**
   * Most envelopes an actor handles in one nact turn. nact runs every
   * message in its own `setImmediate`, and a message posted while one runs
   * waits for the next event-loop iteration, so with `1` (nact's own
   * mailbox, one envelope per nact message) a busy actor handles one
   * envelope per iteration — the interleaving of actors the simulation
   * produces, which spec/lib/sim/conformance checks. Above 1, troupe keeps
   * the queue and sends nact one "drain" message whenever the queue turns
   * non-empty; its turn hands the actor every envelope waiting (those
   * posted meanwhile included), up to this many, then yields to the other
   * actors: far more throughput for a busy actor (the Redis front door uses
   * 4096), but actors no longer interleave message by message. Ordering
   * per mailbox and one-at-a-time delivery (an async `process` awaited
   * before the next) hold either way.
   * @default 1
   */
  envelopesPerTurn?: number;
}

/** Defaults of {@link NactDispatcherOptions}. */
export const NACT_DISPATCHER_DEFAULTS = {
  envelopesPerTurn: 1,
} as const;

/** A turn size for actors that serve many clients (what `envelopesPerTurn` > 1 is for): drain up to this many. */
export const DRAINING_ENVELOPES_PER_TURN = 4096;

let systems = 0;

/**
 * The sender passed to nact: troupe carries the real sender in its envelope,
 * and without one nact allocates a fresh `Nobody` per message.
 */
const NO_SENDER = Object.freeze({ system: Object.freeze({ name: undefined }), path: Object.freeze({ parts: [] }), type: 'nobody' });
/** The one message a draining mailbox sends nact: "run my queue". */
const DRAIN = Object.freeze({ drain: true });

/**
 * The live dispatcher: each troupe actor is a nact actor, and nact runs its
 * turns in real time on the event loop. By default every envelope is a nact
 * message of its own; with `envelopesPerTurn` above 1 an actor's turn
 * drains its mailbox (see {@link NactDispatcherOptions.envelopesPerTurn}).
 *
 * troupe keeps its own tree, supervision and names; in nact every actor of a
 * troupe node is a child of one nact actor for that node, named by a
 * sequential id. That keeps nact's per-message cost flat (nact copies the
 * receiving actor's children map per message, and troupe actors have no nact
 * children) and never reuses a nact path.
 *
 * @example
 * const system = createActorSystem({ dispatcher: createNactDispatcher() });
 * const busy = createActorSystem({ dispatcher: createNactDispatcher({ envelopesPerTurn: DRAINING_ENVELOPES_PER_TURN }) });
 */
export class NactDispatcher implements Dispatcher {
  readonly name = 'nact';
  readonly clock: Clock;
  /** Most envelopes an actor handles per nact turn (1: nact's own mailbox). */
  readonly envelopesPerTurn: number;
  private readonly root: NactRef;
  private readonly nodes = new Map<string, NactRef>();

  constructor(options: NactDispatcherOptions = {}) {
    this.clock = options.clock ?? createRealClock();
    const perTurn = options.envelopesPerTurn ?? NACT_DISPATCHER_DEFAULTS.envelopesPerTurn;
    if (!Number.isInteger(perTurn) || perTurn < 1) throw new RangeError(`envelopesPerTurn must be an integer ≥ 1, got ${perTurn}`);
    this.envelopesPerTurn = perTurn;
    this.root = nact.start({ name: `troupe-${++systems}` });
  }

  attach(owner: MailboxOwner, node: string, id: number): Mailbox {
    let parent = this.nodes.get(node);
    if (parent === undefined) {
      parent = nact.spawn(this.root, (s) => s, `node-${this.nodes.size + 1}`);
      this.nodes.set(node, parent);
    }
    if (this.envelopesPerTurn === 1) {
      const ref = nact.spawn(parent, (_state, msg) => owner.process(msg as Envelope), `a${id}`);
      return {
        post: (envelope) => nact.dispatch(ref, envelope, NO_SENDER),
        close: () => nact.stop(ref),
      };
    }
    return new DrainingMailbox(owner, parent, id, this.envelopesPerTurn);
  }

  shutdown(): void {
    nact.stop(this.root);
  }
}

/**
 * A mailbox whose nact turn runs every waiting envelope (up to `perTurn`):
 * troupe holds the queue (a ring buffer, reused without reallocation), nact
 * gets one DRAIN message per non-empty spell.
 */
class DrainingMailbox implements Mailbox {
  private ring: Array<Envelope | undefined> = new Array(16);
  private mask = 15;
  private head = 0;
  private size = 0;
  /** A DRAIN message is on its way to nact (or its turn is running). */
  private scheduled = false;
  private closed = false;
  private readonly ref: NactRef;

  constructor(
    private readonly owner: MailboxOwner,
    parent: NactRef,
    id: number,
    private readonly perTurn: number,
  ) {
    this.ref = nact.spawn(parent, () => this.drain(0), `a${id}`);
  }

  post(envelope: Envelope): void {
    if (this.closed) return;
    if (this.size > this.mask) this.grow();
    this.ring[(this.head + this.size) & this.mask] = envelope;
    this.size++;
    if (!this.scheduled) {
      this.scheduled = true;
      nact.dispatch(this.ref, DRAIN, NO_SENDER);
    }
  }

  close(): void {
    this.closed = true;
    this.ring = [];
    this.size = 0;
    nact.stop(this.ref);
  }

  private grow(): void {
    const next: Array<Envelope | undefined> = new Array(this.ring.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = this.ring[(this.head + i) & this.mask];
    this.ring = next;
    this.mask = next.length - 1;
    this.head = 0;
  }

  private take(): Envelope {
    const env = this.ring[this.head]!;
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return env;
  }

  /**
   * One nact turn: run the waiting envelopes in order; an async `process` is
   * awaited before the next (the turn goes on in its continuation, and nact
   * awaits the returned promise).
   */
  private drain(done: number): void | Promise<void> {
    const owner = this.owner;
    let n = done;
    while (this.size > 0 && n < this.perTurn && !this.closed) {
      n++;
      const r = owner.process(this.take());
      if (r !== undefined) return r.then(() => this.drain(n));
    }
    if (this.closed) return;
    if (this.size === 0) {
      this.scheduled = false;
      return;
    }
    // The turn hit its limit: another one, after the other actors'.
    nact.dispatch(this.ref, DRAIN, NO_SENDER);
  }
}

/**
 * Create the nact (live) dispatcher.
 *
 * @example
 * const system = createActorSystem({ dispatcher: createNactDispatcher({ envelopesPerTurn: 4096 }) });
 */
export const createNactDispatcher = (options: NactDispatcherOptions = {}): NactDispatcher => new NactDispatcher(options);
