import type { GossipStrategy, RoundContext, RoundDecision, Spread } from '../GossipStrategy.js';

/**
 * The seed's rule: draw the k targets only among peers this node has not
 * sent this entry to yet; `undefined` when every peer has been sent it.
 */
export const notYetSent = (spread: Spread, round: RoundContext, k: number): string[] | undefined => {
  const sentTo = spread.sentTo;
  const to = round.view.sample(round.random, k, (p) => sentTo.has(p), sentTo.size);
  return to.length === 0 ? undefined : to;
};

/**
 * `seed`: the source text's rule. Per entry the node remembers whom it sent
 * it to and picks its k targets at random only among the peers it has not
 * sent it to yet; it stops when it has sent the entry to every peer or is
 * told the entry converged (`isConverged`). It cannot see what other senders
 * did, so most duplicates remain (see docs/gossip.md).
 *
 * @example
 * gossipNode({ peers, strategy: 'seed' });
 */
export const seedRule: GossipStrategy = {
  name: 'seed',
  description: 'k random peers not yet sent this entry; stops when all were sent it (or told it converged)',
  remembersTargets: true,
  plan: (spread, round): RoundDecision => {
    if (round.view.size === 0) return { type: 'retire', reason: 'no-peers' };
    const to = notYetSent(spread, round, round.fanout);
    return to === undefined ? { type: 'retire', reason: 'all-peers-sent' } : { type: 'push', to };
  },
};
