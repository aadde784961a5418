import type { BackoffOptions } from './Backoff.js';

/**
 * Which children restart when one fails (Erlang/OTP's restart strategies):
 * - `one-for-one`: only the failed child.
 * - `one-for-all`: every child of the supervisor.
 * - `rest-for-one`: the failed child and every child started after it.
 * - `replica-group`: the children form a replicated group (one primary, the
 *   rest replicas, each reporting a replication offset). When the primary
 *   terminates, the replica with the highest offset is promoted instead of
 *   restarting an empty primary; failed replicas restart one-for-one.
 */
export type RestartStrategy = 'one-for-one' | 'one-for-all' | 'rest-for-one' | 'replica-group';

/**
 * When a child is restarted (Erlang's child restart types):
 * - `permanent`: always, even after it stopped itself normally.
 * - `transient`: only after a failure (a throw or a rejected promise).
 * - `temporary`: never; a failure stops it.
 */
export type ChildRestart = 'permanent' | 'transient' | 'temporary';

/** How an actor supervises its children. */
export interface SupervisionOptions {
  /** @default 'one-for-one' */
  strategy?: RestartStrategy;
  /**
   * Restart intensity: at most `maxRestarts` restarts within `withinMs`;
   * one more and the supervisor stops all its children and fails itself
   * (escalation to its own supervisor).
   * @default 3
   */
  maxRestarts?: number;
  /** @default 5000 */
  withinMs?: number;
  /** Delay restarts with exponential backoff. @default no delay */
  backoff?: BackoffOptions;
  /**
   * replica-group only: what becomes of a primary that was replaced by a
   * promoted replica — restarted as a replica of the new primary (as a Redis
   * master that comes back), or stopped.
   * @default 'rejoin-as-replica'
   */
  demotedPrimary?: 'rejoin-as-replica' | 'stop';
}

/** Supervision options with every default filled in. */
export interface ResolvedSupervision {
  readonly strategy: RestartStrategy;
  readonly maxRestarts: number;
  readonly withinMs: number;
  readonly backoff: BackoffOptions | undefined;
  readonly demotedPrimary: 'rejoin-as-replica' | 'stop';
}

/** The defaults: one-for-one, 3 restarts in 5 s, no backoff. */
export const defaultSupervision: ResolvedSupervision = {
  strategy: 'one-for-one',
  maxRestarts: 3,
  withinMs: 5000,
  backoff: undefined,
  demotedPrimary: 'rejoin-as-replica',
};

/** Fill in the defaults of partial supervision options. */
export const resolveSupervision = (options: SupervisionOptions | undefined): ResolvedSupervision =>
  options === undefined
    ? defaultSupervision
    : {
        strategy: options.strategy ?? defaultSupervision.strategy,
        maxRestarts: options.maxRestarts ?? defaultSupervision.maxRestarts,
        withinMs: options.withinMs ?? defaultSupervision.withinMs,
        backoff: options.backoff,
        demotedPrimary: options.demotedPrimary ?? defaultSupervision.demotedPrimary,
      };

/**
 * The children a strategy restarts when `failed` fails, given the children in
 * start order. replica-group restarts only the failed child (promotion is
 * decided separately, see {@link choosePrimary}).
 */
export const restartSet = <C>(strategy: RestartStrategy, children: ReadonlyArray<C>, failed: C): C[] => {
  switch (strategy) {
    case 'one-for-all':
      return children.slice();
    case 'rest-for-one': {
      const i = children.indexOf(failed);
      return i < 0 ? [failed] : children.slice(i);
    }
    case 'one-for-one':
    case 'replica-group':
      return [failed];
  }
};

/** Whether a child of this restart type is restarted after it terminated. */
export const shouldRestart = (restart: ChildRestart, failed: boolean): boolean =>
  restart === 'permanent' || (restart === 'transient' && failed);
