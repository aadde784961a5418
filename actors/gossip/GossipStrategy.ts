import type { Random } from '../../lib/random/index.js';
import type { PeerView } from './PeerView.js';
import { plainRandom } from './strategies/plainRandom.js';
import { pushPull } from './strategies/pushPull.js';
import { seedBudget } from './strategies/seedBudget.js';
import { seedRule } from './strategies/seedRule.js';

/** What a node remembers about one entry version it is spreading (read-only to strategies). */
export interface Spread {
  /** Peers this node pushed this version to (kept only when the strategy `remembersTargets`). */
  readonly sentTo: ReadonlySet<string>;
  /** Peers this node received this version from: they are known to hold it. */
  readonly receivedFrom: ReadonlySet<string>;
  /** Pushes of this version so far (one per target). */
  readonly sends: number;
  /** Rounds this node has spread it. */
  readonly rounds: number;
  /** Times this version arrived again after the node had it (evidence that it is widespread). */
  readonly duplicates: number;
}

/** What a strategy may use to decide one round of one entry. */
export interface RoundContext {
  /** The node deciding. */
  readonly self: string;
  /** Its current peers. */
  readonly view: PeerView;
  /** Targets per entry per round (k). */
  readonly fanout: number;
  /** Retransmit budget per entry: `retransmitMult·⌈log10(N+1)⌉` pushes, N = cluster size. */
  readonly budget: number;
  /** The node's seeded random stream. */
  readonly random: Random;
}

/** Why a node stopped spreading an entry. */
export type RetireReason = 'all-peers-sent' | 'budget-spent' | 'widespread' | 'converged' | 'superseded' | 'no-peers';

/**
 * A strategy's decision for one entry in one round: push it to these peers,
 * or stop spreading it (the entry stays held and still served to
 * anti-entropy; only the pushing stops).
 */
export type RoundDecision =
  | { readonly type: 'push'; readonly to: ReadonlyArray<string> }
  | { readonly type: 'retire'; readonly reason: RetireReason };

/**
 * A gossip dissemination strategy: which peers get an entry this round, and
 * when to stop pushing it. Contract: `plan` is called once per round for each
 * entry the node is spreading; it must draw randomness only from
 * `round.random` (so runs replay from their seed), return distinct peers of
 * `round.view` other than `round.self`, and never mutate `spread`. An empty
 * push is allowed (nothing this round); to stop for good, retire.
 *
 * @example
 * const everyone: GossipStrategy = {
 *   name: 'flood',
 *   remembersTargets: false,
 *   plan: (_spread, round) => ({ type: 'push', to: round.view.peers() }),
 * };
 * registerStrategy(everyone);
 */
export interface GossipStrategy {
  /** The registry name, e.g. `seed+budget`. */
  readonly name: string;
  /** One line for docs and benchmark tables. */
  readonly description?: string;
  /** Whether the node must keep `spread.sentTo` (memory per target). */
  readonly remembersTargets: boolean;
  /** Decide one round of one entry. */
  plan(spread: Spread, round: RoundContext): RoundDecision;
}

const registry = new Map<string, GossipStrategy>([plainRandom, seedRule, seedBudget, pushPull()].map((s) => [s.name, s]));

/**
 * Add (or replace) a strategy, usable by name in `gossipNode({ strategy })`.
 *
 * @example
 * registerStrategy({ name: 'two-rounds', remembersTargets: false,
 *   plan: (s, r) => s.rounds >= 2 ? { type: 'retire', reason: 'budget-spent' } : { type: 'push', to: r.view.sample(r.random, r.fanout) } });
 */
export const registerStrategy = (strategy: GossipStrategy): void => {
  registry.set(strategy.name, strategy);
};

/**
 * The strategy registered under `name`.
 *
 * @example
 * getStrategy('seed').remembersTargets; // true
 */
export const getStrategy = (name: string): GossipStrategy => {
  const s = registry.get(name);
  if (s === undefined) throw new RangeError(`unknown gossip strategy '${name}' (known: ${strategyNames().join(', ')})`);
  return s;
};

/**
 * Names of every registered strategy, in registration order.
 *
 * @example
 * strategyNames(); // ['plain-random', 'seed', 'seed+budget', 'push-pull', ...]
 */
export const strategyNames = (): string[] => [...registry.keys()];
