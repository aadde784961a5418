import type { Dispatcher, Envelope, Mailbox, MailboxOwner } from '../actor/index.js';
import { createVirtualClock, type VirtualClock } from '../time/index.js';

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

  constructor(readonly clock: VirtualClock = createVirtualClock()) {}

  attach(owner: MailboxOwner): Mailbox {
    const clock = this.clock;
    return {
      post(envelope: Envelope): void {
        envelope.owner = owner;
        clock.post(envelope, 0);
      },
      close(): void {},
    };
  }

  shutdown(): void {}
}

/** Create a simulation dispatcher on a (new) virtual clock. */
export const createSimDispatcher = (clock?: VirtualClock): SimDispatcher => new SimDispatcher(clock);
