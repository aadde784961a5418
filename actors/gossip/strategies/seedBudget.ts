import type { GossipStrategy, RoundDecision } from '../GossipStrategy.js';
import { notYetSent } from './seedRule.js';

/**
 * `seed+budget`: the seed's not-yet-sent rule with memberlist's retransmit
 * budget: each node pushes an entry at most `budget` times
 * (`retransmitMult·⌈log10(N+1)⌉`, 4·⌈log10(N+1)⌉ by default), so it stops
 * on its own without knowing global convergence.
 *
 * @example
 * gossipNode({ peers, strategy: 'seed+budget', retransmitMult: 4 });
 */
export const seedBudget: GossipStrategy = {
  name: 'seed+budget',
  description: 'the seed rule, and at most 4·⌈log10(N+1)⌉ pushes per entry per node',
  remembersTargets: true,
  plan: (spread, round): RoundDecision => {
    if (round.view.size === 0) return { type: 'retire', reason: 'no-peers' };
    const left = round.budget - spread.sends;
    if (left <= 0) return { type: 'retire', reason: 'budget-spent' };
    const to = notYetSent(spread, round, Math.min(round.fanout, left));
    return to === undefined ? { type: 'retire', reason: 'all-peers-sent' } : { type: 'push', to };
  },
};
