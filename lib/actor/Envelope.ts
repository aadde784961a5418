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

/** What a Timer envelope carries: which timer fired, and which arming of it. */
export interface TimerTick {
  readonly key: string;
  readonly gen: number;
}

/**
 * A message in flight with its metadata: sender, ids for the trace (message
 * id, the id of the message being handled when it was sent), and the sender's
 * Lamport clock. Kept small (it is allocated per message): dispatchers that
 * need more (the simulation's clock tasks) wrap it.
 */
export class Envelope {
  /** The ref the sender addressed. */
  to: AnyRef | undefined = undefined;

  constructor(
    readonly kind: EnvelopeKind,
    /** The message; for Timer envelopes a {@link TimerTick}. */
    readonly message: unknown,
    readonly sender: AnyRef | undefined,
    /** Message id, unique in the system (0 for internal envelopes). */
    readonly id: number,
    /** Id of the message the sender was handling (0 = none). */
    readonly cause: number,
    /** Sender's Lamport clock at send. */
    readonly lamport: number,
  ) {}

  /** A fresh envelope with the same content and ids (a duplicated network packet). */
  copy(): Envelope {
    const e = new Envelope(this.kind, this.message, this.sender, this.id, this.cause, this.lamport);
    e.to = this.to;
    return e;
  }
}
