import type { ClockTask } from '../time/index.js';
import type { AnyRef } from './Ref.js';

/** What an envelope carries. */
export const enum EnvelopeKind {
  /** A message for `receive`. */
  User = 0,
  /** A lifecycle signal for `onSignal`. */
  Signal = 1,
  /** A timer's message; stale ones (cancelled, replaced, older generation) are discarded. */
  Timer = 2,
  /** Internal: take the next message from the stash (after a restart or an async receive). */
  Drain = 3,
  /** Internal: the last envelope a stopped actor's mailbox sees; the mailbox closes after it. */
  Poison = 4,
}

/** Something a mailbox hands envelopes to, one at a time. */
export interface MailboxOwner {
  process(envelope: Envelope): void | Promise<void>;
}

/**
 * A message in flight with its metadata: sender, ids for the trace
 * (message id, the id of the message being handled when it was sent), and the
 * sender's Lamport clock. It doubles as a virtual-clock task, so a simulation
 * delivers it without allocating anything else.
 */
export class Envelope implements ClockTask {
  at = 0;
  seq = 0;
  heapIndex = -1;
  inQueue = 0;
  stale = 0;
  /** Set by the mailbox that carries it in a simulation. */
  owner: MailboxOwner | undefined = undefined;
  /** The ref the sender addressed (user messages). */
  to: AnyRef | undefined = undefined;
  /** Timer envelopes: the timer's key and generation. */
  timerKey: string | undefined = undefined;
  timerGen = 0;

  constructor(
    readonly kind: EnvelopeKind,
    readonly message: unknown,
    readonly sender: AnyRef | undefined,
    /** Message id, unique in the system (0 for internal envelopes). */
    readonly id: number,
    /** Id of the message the sender was handling (0 = none). */
    readonly cause: number,
    /** Sender's Lamport clock at send. */
    readonly lamport: number,
    /** The incarnation the sender addressed. */
    readonly incarnation: number,
  ) {}

  /** A fresh envelope with the same content and ids (a duplicated network packet). */
  copy(): Envelope {
    const e = new Envelope(this.kind, this.message, this.sender, this.id, this.cause, this.lamport, this.incarnation);
    e.to = this.to;
    e.timerKey = this.timerKey;
    e.timerGen = this.timerGen;
    return e;
  }

  fire(): void {
    const owner = this.owner;
    if (owner !== undefined) void owner.process(this);
  }
}
