import type { GossipStrategy, RoundDecision } from '../GossipStrategy.js';

/** Options of the `push-pull` strategy. */
export interface PushPullOptions {
  /** Stop pushing an entry after it arrived this many more times (it is widespread). @default 2 */
  duplicatesToStop?: number;
  /** Registry name. @default 'push-pull' */
  name?: string;
}

/** The defaults of {@link pushPull}. */
export const PUSH_PULL_DEFAULTS: Required<PushPullOptions> = { duplicatesToStop: 2, name: 'push-pull' };

/**
 * `push-pull`: a short push phase, then pull. Pushes go only to peers not
 * known to hold the entry (neither sent it by this node nor heard from with
 * it); a node stops pushing once the entry has reached it `duplicatesToStop`
 * more times (Demers et al.'s "lose interest" counter: duplicates mean most
 * peers have it) or its retransmit budget is spent. The few nodes the push
 * phase misses get the entry by the periodic push-pull anti-entropy (digest
 * exchange with one random peer), which every node runs; so the push phase
 * can stop early and spend far fewer messages than a full budget.
 *
 * @example
 * registerStrategy(pushPull({ duplicatesToStop: 3, name: 'push-pull-3' }));
 */
export const pushPull = (options: PushPullOptions = {}): GossipStrategy => {
  const { duplicatesToStop, name } = { ...PUSH_PULL_DEFAULTS, ...options };
  if (!(duplicatesToStop >= 1)) throw new RangeError(`duplicatesToStop must be >= 1, got ${duplicatesToStop}`);
  return {
    name,
    description: `push to peers not known to hold it until it arrives ${duplicatesToStop} more times or the budget is spent; anti-entropy pulls the rest`,
    remembersTargets: true,
    plan: (spread, round): RoundDecision => {
      if (round.view.size === 0) return { type: 'retire', reason: 'no-peers' };
      if (spread.duplicates >= duplicatesToStop) return { type: 'retire', reason: 'widespread' };
      const left = round.budget - spread.sends;
      if (left <= 0) return { type: 'retire', reason: 'budget-spent' };
      const { sentTo, receivedFrom } = spread;
      const known = sentTo.size + receivedFrom.size;
      const to = round.view.sample(round.random, Math.min(round.fanout, left), (p) => sentTo.has(p) || receivedFrom.has(p), known);
      return to.length === 0 ? { type: 'retire', reason: 'all-peers-sent' } : { type: 'push', to };
    },
  };
};
