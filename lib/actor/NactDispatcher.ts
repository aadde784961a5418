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
}

let systems = 0;

/**
 * The sender passed to nact: troupe carries the real sender in its envelope,
 * and without one nact allocates a fresh `Nobody` per message.
 */
const NO_SENDER = Object.freeze({ system: Object.freeze({ name: undefined }), path: Object.freeze({ parts: [] }), type: 'nobody' });

/**
 * The live dispatcher: each troupe actor is a nact actor, and nact's mailbox
 * delivers its messages in real time (one event-loop turn per message).
 *
 * troupe keeps its own tree, supervision and names; in nact every actor of a
 * troupe node is a child of one nact actor for that node, named by a
 * sequential id. That keeps nact's per-message cost flat (nact copies the
 * receiving actor's children map per message, and troupe actors have no nact
 * children) and never reuses a nact path.
 *
 * @example
 * const system = createActorSystem({ dispatcher: createNactDispatcher() });
 */
export class NactDispatcher implements Dispatcher {
  readonly name = 'nact';
  readonly clock: Clock;
  private readonly root: NactRef;
  private readonly nodes = new Map<string, NactRef>();

  constructor(options: NactDispatcherOptions = {}) {
    this.clock = options.clock ?? createRealClock();
    this.root = nact.start({ name: `troupe-${++systems}` });
  }

  attach(owner: MailboxOwner, node: string, id: number): Mailbox {
    let parent = this.nodes.get(node);
    if (parent === undefined) {
      parent = nact.spawn(this.root, (s) => s, `node-${this.nodes.size + 1}`);
      this.nodes.set(node, parent);
    }
    const ref = nact.spawn(parent, (_state, msg) => owner.process(msg as Envelope), `a${id}`);
    return {
      post: (envelope) => nact.dispatch(ref, envelope, NO_SENDER),
      close: () => nact.stop(ref),
    };
  }

  shutdown(): void {
    nact.stop(this.root);
  }
}

/** Create the nact (live) dispatcher. */
export const createNactDispatcher = (options: NactDispatcherOptions = {}): NactDispatcher => new NactDispatcher(options);
