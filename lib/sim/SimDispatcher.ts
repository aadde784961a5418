import type { Dispatcher, Envelope, Mailbox, MailboxOwner } from '../actor/index.js';
import { createVirtualClock, type ClockTask, type VirtualClock } from '../time/index.js';

/** One envelope on its way into one mailbox: a task on the virtual clock. */
class Delivery implements ClockTask {
  at = 0;
  seq = 0;
  heapIndex = -1;
  inQueue = 0;
  stale = 0;

  constructor(
    private readonly owner: MailboxOwner,
    private readonly envelope: Envelope,
  ) {}

  fire(): void {
    void this.owner.process(this.envelope);
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

  constructor(readonly clock: VirtualClock = createVirtualClock()) {}

  attach(owner: MailboxOwner): Mailbox {
    const clock = this.clock;
    return {
      post(envelope: Envelope): void {
        clock.post(new Delivery(owner, envelope), 0);
      },
      close(): void {},
    };
  }

  shutdown(): void {}
}

/** Create a simulation dispatcher on a (new) virtual clock. */
export const createSimDispatcher = (clock?: VirtualClock): SimDispatcher => new SimDispatcher(clock);
