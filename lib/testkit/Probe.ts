import * as t from 'io-ts';
import { defineBehavior, type Ref } from '../actor/index.js';
import type { Simulation } from '../sim/index.js';

/** Thrown when a probe's expectation fails; names the seed and the virtual time. */
export class ProbeExpectationError extends Error {
  constructor(message: string, readonly seed: number, readonly atMs: number) {
    super(`${message} (t=${atMs}ms, seed ${seed})`);
    this.name = 'ProbeExpectationError';
  }
}

/**
 * A test actor that records what it receives, with expectations that run the
 * simulation in virtual time (Akka's TestProbe).
 *
 * @example
 * const probe = createProbe<Pong>(sim, 'probe');
 * sim.tell(server, { type: 'ping', replyTo: probe.ref });
 * expect(probe.expectMessage(100)).to.deep.equal({ type: 'pong' });
 * probe.expectNoMessage(1000);
 */
export interface Probe<M> {
  readonly ref: Ref<M>;
  /** Messages received and not yet taken by an expectation. */
  readonly queue: ReadonlyArray<M>;
  /** Every message ever received, in order. */
  readonly received: ReadonlyArray<M>;
  /**
   * Run the simulation until a message (matching `match`, if given) arrives,
   * for at most `withinMs` of virtual time; take it from the queue and return it.
   * Throws ProbeExpectationError otherwise.
   */
  expectMessage(withinMs: number, match?: (message: M) => boolean): M;
  /** Run `forMs` of virtual time and throw if any message arrived. */
  expectNoMessage(forMs: number): void;
  /** Expect `n` messages within `withinMs` and return them. */
  expectMessages(n: number, withinMs: number): M[];
}

/** Spawn a probe on `node` (default: the system's default node). */
export const createProbe = <M>(sim: Simulation, name: string, options: { node?: string } = {}): Probe<M> => {
  const queue: M[] = [];
  const received: M[] = [];
  const ref = sim.spawn(
    defineBehavior({
      name: 'probe',
      protocol: t.unknown,
      init: () => undefined,
      receive: (s, message) => {
        queue.push(message as M);
        received.push(message as M);
        return s;
      },
    }),
    name,
    options,
  ) as Ref<M>;
  const fail = (message: string): never => {
    throw new ProbeExpectationError(message, sim.seed, sim.now());
  };
  const indexOf = (match: ((m: M) => boolean) | undefined): number => (match === undefined ? (queue.length > 0 ? 0 : -1) : queue.findIndex(match));
  return {
    ref,
    queue,
    received,
    expectMessage(withinMs, match) {
      const start = sim.now();
      sim.runUntil(() => indexOf(match) >= 0, withinMs);
      const i = indexOf(match);
      if (i < 0) {
        return fail(
          `probe ${name}: no ${match === undefined ? '' : 'matching '}message within ${withinMs} ms (waited from t=${start}ms)` +
            (queue.length > 0 ? `; queued: ${JSON.stringify(queue).slice(0, 300)}` : ''),
        );
      }
      return queue.splice(i, 1)[0];
    },
    expectNoMessage(forMs) {
      sim.runFor(forMs);
      if (queue.length > 0) fail(`probe ${name}: expected no message for ${forMs} ms, got ${JSON.stringify(queue[0]).slice(0, 300)}`);
    },
    expectMessages(n, withinMs) {
      sim.runUntil(() => queue.length >= n, withinMs);
      if (queue.length < n) fail(`probe ${name}: expected ${n} messages within ${withinMs} ms, got ${queue.length}`);
      return queue.splice(0, n);
    },
  };
};
