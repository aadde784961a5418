import type { Clock } from '../time/index.js';
import type { Envelope, MailboxOwner } from './Envelope.js';

/** An actor's mailbox as the dispatcher provides it. */
export interface Mailbox {
  /** Queue an envelope; the owner's `process` gets it later, in order, one at a time. */
  post(envelope: Envelope): void;
  /** Release the mailbox; nothing is posted after this. */
  close(): void;
}

/**
 * What delivers messages. troupe owns the actor semantics (behaviour, context,
 * supervision, timers, ask, death watch, trace); a dispatcher only runs each
 * actor's mailbox. Two implementations: nact (live, real time) and the
 * simulation (one deterministic event queue on a virtual clock).
 *
 * Contract: `process` is never called again for a mailbox before the previous
 * call returned (or its promise settled), and envelopes reach it in post order.
 */
export interface Dispatcher {
  /** The clock actors of this dispatcher use. */
  readonly clock: Clock;
  /** Short name for traces and errors (`nact`, `simulation`). */
  readonly name: string;
  /** Create a mailbox for a new actor on `node`; `id` is unique in the system. */
  attach(owner: MailboxOwner, node: string, id: number): Mailbox;
  /** Release everything (stop the nact system). */
  shutdown(): void;
}

/**
 * How messages between nodes travel. The default delivers at once; lib/network
 * implements a simulated network (latency, loss, partitions) and later real TCP.
 */
export interface Transport {
  /**
   * Carry `envelope` from node `from` to node `to` and call `deliver` when it
   * arrives (zero or more times: loss and duplication are allowed). A
   * transport that drops it reports the drop itself through the system.
   */
  send(envelope: Envelope, from: string, to: string, deliver: (envelope: Envelope) => void): void;
}

/** The transport of a single machine: every message arrives at once. */
export const directTransport: Transport = {
  send: (envelope, _from, _to, deliver) => deliver(envelope),
};
