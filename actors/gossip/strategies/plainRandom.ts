import type { GossipStrategy } from '../GossipStrategy.js';

/**
 * `plain-random`: every round, push each entry to k peers drawn uniformly at
 * random (maybe the same peers again, maybe peers that sent it here). It has
 * no stopping rule of its own: it stops only when told the entry converged
 * (`isConverged` option) or it has no peers. The baseline of every table.
 *
 * @example
 * gossipNode({ peers, strategy: 'plain-random', isConverged: monitor.isConverged });
 */
export const plainRandom: GossipStrategy = {
  name: 'plain-random',
  description: 'k uniform random peers every round; stops only when told the entry converged',
  remembersTargets: false,
  plan: (_spread, round) => {
    if (round.view.size === 0) return { type: 'retire', reason: 'no-peers' };
    return { type: 'push', to: round.view.sample(round.random, round.fanout) };
  },
};
