import type { Dispatcher, Envelope, Mailbox, MailboxOwner } from '../actor/index.js';
import { createVirtualClock, type ClockTask, type VirtualClock } from '../time/index.js';

/**
 * One actor's mailbox in a simulation: a FIFO of envelopes and a single task
 * on the virtual clock. While the mailbox has mail, its task is queued; each
 * time it fires it hands one envelope to the actor and, if more are waiting,
 * queues itself again behind everything the actor just sent — one message per
 * turn, as nact's mailboxes do, and no allocation per message.
 */
class SimMailbox implements Mailbox, ClockTask {
  at = 0;
  seq = 0;
  heapIndex = -1;
  inQueue = 0;
  stale = 0;
  private queue: Envelope[] = [];
  private head = 0;
  private scheduled = false;

  constructor(
    private readonly clock: VirtualClock,
    private readonly owner: MailboxOwner,
    private readonly running: { depth: number },
  ) {}

  post(envelope: Envelope): void {
    // Mail that lands on an idle mailbox during an event in which no actor is
    // handling a message (a timer firing, a network delivery landing) is
    // handled in that same event: one event per message instead of two. Mail
    // sent from inside a handler, or by code outside the simulation's run
    // (a test's tell), always waits its turn: no handler runs inside another.
    if (this.running.depth === 0 && this.clock.isFiring && !this.scheduled && this.head >= this.queue.length) {
      this.deliver(envelope);
      return;
    }
    this.queue.push(envelope);
    if (!this.scheduled) {
      this.scheduled = true;
      this.clock.post(this, 0);
    }
  }

  private deliver(envelope: Envelope): void {
    this.running.depth++;
    try {
      void this.owner.process(envelope);
    } finally {
      this.running.depth--;
    }
  }

  close(): void {
    // Nothing to release: mail still queued goes to the owner, which reports it undeliverable (it is stopped).
  }

  fire(): void {
    this.scheduled = false;
    const queue = this.queue;
    if (this.head >= queue.length) return;
    const envelope = queue[this.head];
    queue[this.head++] = undefined as unknown as Envelope;
    if (this.head === queue.length) {
      queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > queue.length) {
      queue.splice(0, this.head);
      this.head = 0;
    }
    this.deliver(envelope);
    if (this.head < this.queue.length && !this.scheduled) {
      this.scheduled = true;
      this.clock.post(this, 0);
    }
  }

  /** Envelopes waiting (for diagnostics). */
  get size(): number {
    return this.queue.length - this.head;
  }
}

/**
 * The simulation dispatcher: every mailbox posts onto one virtual clock, the
 * deterministic event queue ordered by (virtual time, sequence). Nothing runs
 * until the clock is stepped; no event-loop turn per message.
 *
 * @example
 * const dispatcher = createSimDispatcher();
 * const system = createActorSystem({ dispatcher, seed: 7 });
 * dispatcher.clock.runAll(10_000);
 */
export class SimDispatcher implements Dispatcher {
  readonly name = 'simulation';
  /** How many handlers are on the stack (0 or 1: handlers never nest). */
  private readonly running = { depth: 0 };

  constructor(readonly clock: VirtualClock = createVirtualClock()) {}

  attach(owner: MailboxOwner): Mailbox {
    return new SimMailbox(this.clock, owner, this.running);
  }

  shutdown(): void {}
}

/** Create a simulation dispatcher on a (new) virtual clock. */
export const createSimDispatcher = (clock?: VirtualClock): SimDispatcher => new SimDispatcher(clock);
