import { encodeEvent, type TraceEvent } from '../trace/index.js';

/**
 * A property of the cluster that must hold during a run. `check` returns true
 * (or undefined) when it holds, and false or a message saying what is wrong
 * when it does not.
 *
 * @example
 * sim.invariant('one leader', () => leaders().length <= 1 || `leaders: ${leaders()}`);
 */
export interface Invariant {
  readonly name: string;
  readonly check: () => boolean | string | undefined | void;
  /** Check every `everyMs` of virtual time instead of after every event. @default after every event */
  readonly everyMs?: number;
}

/**
 * Thrown by a simulation run when an invariant fails: says which, when, with
 * which seed, and the last trace events that led there.
 */
export class InvariantViolation extends Error {
  constructor(
    readonly invariant: string,
    readonly detail: string,
    readonly seed: number,
    readonly atMs: number,
    readonly recent: ReadonlyArray<TraceEvent>,
  ) {
    super(
      [
        `invariant '${invariant}' violated at t=${atMs}ms (seed ${seed}): ${detail}`,
        `replay with seed ${seed}`,
        ...(recent.length > 0 ? [`last ${recent.length} trace events:`, ...recent.map((e) => `  ${encodeEvent(e)}`)] : []),
      ].join('\n'),
    );
    this.name = 'InvariantViolation';
  }
}
