import { createRequire } from 'node:module';
import type { Dispatcher, Envelope, Mailbox, MailboxOwner } from '../../../lib/actor/index.js';
import { createRealClock, type Clock } from '../../../lib/time/index.js';

// nact ships CommonJS without usable typings for our use; load it through require.
const nact = createRequire(import.meta.url)('nact') as {
  start: (...args: unknown[]) => NactRef;
  spawn: (parent: NactRef, f: (state: unknown, msg: unknown) => unknown, name: string) => NactRef;
  dispatch: (ref: NactRef, msg: unknown, sender?: unknown) => void;
  stop: (ref: NactRef) => void;
};

interface NactRef {
  readonly path: unknown;
}

const NO_SENDER = Object.freeze({ system: Object.freeze({ name: undefined }), path: Object.freeze({ parts: [] }), type: 'nobody' });
const DRAIN = Object.freeze({ drain: true });

/** Options of {@link BatchingNactDispatcher}. */
export interface BatchingNactDispatcherOptions {
  /** The clock actors' timers use. @default the real clock */
  clock?: Clock;
  /** Most envelopes one actor handles per nact turn before yielding to others. @default 4096 */
  maxBatch?: number;
}

let systems = 0;

/**
 * A live dispatcher on nact that hands an actor every envelope waiting in
 * its mailbox in one nact turn, instead of one envelope per event-loop
 * iteration: nact delivers each message in its own `setImmediate`, and a
 * message posted from inside one is only handled in the next iteration, so
 * a busy actor (a Redis node serving 50 clients) handles one message per
 * iteration. Mailbox semantics are unchanged: envelopes in post order, one
 * at a time, an async `process` awaited before the next. After `maxBatch`
 * envelopes it yields, so one actor cannot starve the others.
 *
 * The change it stands for belongs in lib/actor's NactDispatcher (an option
 * to drain the mailbox per turn); it lives here until then.
 *
 * @example
 * const system = createActorSystem({ dispatcher: new BatchingNactDispatcher() });
 */
export class BatchingNactDispatcher implements Dispatcher {
  readonly name = 'nact-batched';
  readonly clock: Clock;
  private readonly root: NactRef;
  private readonly nodes = new Map<string, NactRef>();
  private readonly maxBatch: number;

  constructor(options: BatchingNactDispatcherOptions = {}) {
    this.clock = options.clock ?? createRealClock();
    this.maxBatch = options.maxBatch ?? 4096;
    this.root = nact.start({ name: `troupe-batched-${++systems}` });
  }

  attach(owner: MailboxOwner, node: string, id: number): Mailbox {
    let parent = this.nodes.get(node);
    if (parent === undefined) {
      parent = nact.spawn(this.root, (s) => s, `node-${this.nodes.size + 1}`);
      this.nodes.set(node, parent);
    }
    const queue: Envelope[] = [];
    let head = 0;
    let scheduled = false;
    let closed = false;
    const maxBatch = this.maxBatch;
    const drain = async (): Promise<void> => {
      let n = 0;
      while (head < queue.length && n < maxBatch && !closed) {
        const env = queue[head];
        queue[head++] = undefined as unknown as Envelope;
        n++;
        const r = owner.process(env);
        if (r !== undefined) await r;
      }
      if (head === queue.length) {
        queue.length = 0;
        head = 0;
      } else if (head > 1024) {
        queue.splice(0, head);
        head = 0;
      }
      scheduled = false;
      if (!closed && head < queue.length) schedule();
    };
    const ref = nact.spawn(parent, () => drain(), `a${id}`);
    const schedule = (): void => {
      scheduled = true;
      nact.dispatch(ref, DRAIN, NO_SENDER);
    };
    return {
      post: (envelope) => {
        if (closed) return;
        queue.push(envelope);
        if (!scheduled) schedule();
      },
      close: () => {
        closed = true;
        queue.length = 0;
        head = 0;
        nact.stop(ref);
      },
    };
  }

  shutdown(): void {
    nact.stop(this.root);
  }
}
