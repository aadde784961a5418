import type { Random } from '../../lib/random/index.js';

/**
 * One node's view of the cluster: the peers it may gossip with. Views are
 * immutable and copy-on-write, so thousands of nodes can share one member
 * list until their views diverge (a join or leave copies the list once for
 * the node that sees it).
 *
 * @example
 * const view = PeerView.of('n1', ['n1', 'n2', 'n3']);
 * view.size;                                   // 2 (peers, not counting n1)
 * view.sample(random, 1, (p) => p === 'n2');  // ['n3']
 */
export class PeerView {
  private constructor(
    /** The node this view belongs to (never a target). */
    readonly self: string,
    private readonly members: ReadonlyArray<string>,
    private readonly index: ReadonlySet<string>,
  ) {}

  /** A view over `members` (which may include `self`); `index` is their set, when the caller shares one. */
  static of(self: string, members: ReadonlyArray<string>, index?: ReadonlySet<string>): PeerView {
    return new PeerView(self, members, index ?? new Set(members));
  }

  /** Number of peers (members other than self). */
  get size(): number {
    return this.members.length - (this.index.has(this.self) ? 1 : 0);
  }

  /** Whether `node` is a member (self included). */
  has(node: string): boolean {
    return this.index.has(node);
  }

  /** The peers, in member order (O(N): for small views and fallbacks). */
  peers(): string[] {
    return this.members.filter((m) => m !== this.self);
  }

  /** This view with `node` added (the same view when it is already a member). */
  add(node: string): PeerView {
    if (this.index.has(node)) return this;
    const members = [...this.members, node];
    return new PeerView(this.self, members, new Set(members));
  }

  /** This view without `node` (the same view when it is not a member). */
  remove(node: string): PeerView {
    if (!this.index.has(node)) return this;
    const members = this.members.filter((m) => m !== node);
    return new PeerView(this.self, members, new Set(members));
  }

  /**
   * Up to `k` distinct random peers for which `exclude` is false, in random
   * order. Draws indexes and rejects excluded ones while that is cheap (most
   * peers eligible), else filters the eligible peers once: O(k) in the common
   * case, O(N) only when `excludedCount` says most peers are excluded.
   */
  sample(random: Random, k: number, exclude?: (peer: string) => boolean, excludedCount = 0): string[] {
    if (k <= 0 || this.size === 0) return [];
    const members = this.members;
    const n = members.length;
    const eligibleGuess = this.size - excludedCount;
    if (eligibleGuess > 4 * k && eligibleGuess * 2 > this.size) {
      const chosen: string[] = [];
      for (let attempt = 0; attempt < 8 * k + 16 && chosen.length < k; attempt++) {
        const p = members[Math.floor(random.next() * n)];
        if (p === this.self || (exclude !== undefined && exclude(p)) || chosen.includes(p)) continue;
        chosen.push(p);
      }
      if (chosen.length === k) return chosen;
    }
    const eligible = members.filter((p) => p !== this.self && (exclude === undefined || !exclude(p)));
    return random.sample(eligible, k);
  }
}
