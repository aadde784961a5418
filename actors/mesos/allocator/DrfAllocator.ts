import type { Random } from '../../../lib/random/index.js';
import { add, contains, isAllocatable, subtract, type Resources } from '../Resources.js';
import { registerAllocator, type AgentUse, type Allocation, type Allocator, type AllocatorOptions, type QuotaLimit } from './Allocator.js';

/** Mutable scalar triple (the hot path avoids allocating Resources objects). */
interface Scalars {
  cpus: number;
  mem: number;
  disk: number;
}

const zero = (): Scalars => ({ cpus: 0, mem: 0, disk: 0 });

interface Filter {
  readonly resources: Resources;
  readonly expiresAt: number;
}

interface FrameworkEntry {
  readonly id: string;
  readonly seq: number;
  readonly roles: string[];
  active: boolean;
  readonly suppressed: Set<string>;
  /** Allocation (offered + used) per role, and its share in that role. */
  readonly byRole: Map<string, Scalars>;
  readonly shareByRole: Map<string, number>;
  readonly filters: Map<string, Filter[]>;
}

interface RoleNode {
  readonly name: string;
  readonly seq: number;
  readonly parent: RoleNode | undefined;
  readonly children: RoleNode[];
  readonly childByName: Map<string, RoleNode>;
  weight: number;
  quota: QuotaLimit | undefined;
  /** Allocation of the whole subtree and of this role's own frameworks. */
  readonly alloc: Scalars;
  readonly own: Scalars;
  share: number;
  ownShare: number;
  readonly frameworks: FrameworkEntry[];
}

interface AgentEntry {
  readonly id: string;
  readonly total: Resources;
  free: Resources;
  /** framework → role → allocated resources. */
  readonly held: Map<string, Map<string, Resources>>;
}

/** How siblings are ordered: weighted dominant share (DRF) or arrival order (FIFO). */
export type SiblingOrder = 'drf' | 'fifo';

/** What a walk of the role tree chose. */
interface Pick {
  readonly fw: FrameworkEntry;
  readonly role: string;
  readonly resources: Resources;
}

const INFINITE: Scalars = Object.freeze({ cpus: Infinity, mem: Infinity, disk: Infinity }) as Scalars;

/**
 * Weighted DRF over hierarchical roles, after Mesos' hierarchical allocator:
 * every cycle visits the agents (shuffled), and offers each agent's free
 * resources to the framework chosen by walking the role tree — at each level
 * the child (or the role's own frameworks) with the lowest weighted dominant
 * share that can take them, then within the role the framework with the
 * lowest share there. Offered resources count as allocated, so shares move
 * within a cycle. Quota limits cap what a role subtree may hold (an offer is
 * cut down to the headroom); refusal filters, suppression and inactive
 * frameworks are skipped.
 *
 * @example
 * const drf = new DrfAllocator();
 * drf.addAgent('a1', resources({ cpus: 4, mem: 4096 }));
 * drf.addFramework('f1', ['analytics']);
 * drf.allocate(0); // [{ frameworkId: 'f1', agentId: 'a1', role: 'analytics', resources: … }]
 */
export class DrfAllocator implements Allocator {
  readonly name: string;
  private readonly root: RoleNode;
  private readonly roles = new Map<string, RoleNode>();
  private readonly frameworks = new Map<string, FrameworkEntry>();
  private readonly agents = new Map<string, AgentEntry>();
  private readonly total: Scalars = zero();
  private seq = 0;

  constructor(options: AllocatorOptions = {}, private readonly order: SiblingOrder = 'drf') {
    this.name = order;
    this.root = this.newNode('', undefined);
    for (const [role, w] of Object.entries(options.weights ?? {})) this.setWeight(role, w);
    for (const [role, q] of Object.entries(options.quotas ?? {})) this.setQuota(role, q);
  }

  // ---------------------------------------------------------------- roles

  private newNode(name: string, parent: RoleNode | undefined): RoleNode {
    return { name, seq: this.seq++, parent, children: [], childByName: new Map(), weight: 1, quota: undefined, alloc: zero(), own: zero(), share: 0, ownShare: 0, frameworks: [] };
  }

  private role(name: string): RoleNode {
    let node = this.roles.get(name);
    if (node !== undefined) return node;
    if (name === '' || name.startsWith('/') || name.endsWith('/') || name.includes('//')) throw new RangeError(`invalid role '${name}'`);
    const cut = name.lastIndexOf('/');
    const parent = cut < 0 ? this.root : this.role(name.slice(0, cut));
    node = this.newNode(name, parent);
    parent.children.push(node);
    parent.childByName.set(name, node);
    this.roles.set(name, node);
    return node;
  }

  setWeight(role: string, weight: number): void {
    if (!(weight > 0)) throw new RangeError(`weight of '${role}' must be > 0, got ${weight}`);
    const node = this.role(role);
    node.weight = weight;
    this.refreshShares(node);
  }

  setQuota(role: string, limit: QuotaLimit | undefined): void {
    this.role(role).quota = limit;
  }

  // ---------------------------------------------------------------- frameworks

  addFramework(frameworkId: string, roles: ReadonlyArray<string>, options: { active?: boolean } = {}): void {
    if (this.frameworks.has(frameworkId)) {
      const fw = this.frameworks.get(frameworkId)!;
      fw.active = options.active ?? true;
      return;
    }
    if (roles.length === 0) throw new RangeError(`framework ${frameworkId} has no role`);
    const fw: FrameworkEntry = {
      id: frameworkId,
      seq: this.seq++,
      roles: [...roles],
      active: options.active ?? true,
      suppressed: new Set(),
      byRole: new Map(),
      shareByRole: new Map(),
      filters: new Map(),
    };
    for (const r of roles) {
      this.role(r).frameworks.push(fw);
      fw.byRole.set(r, zero());
      fw.shareByRole.set(r, 0);
    }
    this.frameworks.set(frameworkId, fw);
  }

  removeFramework(frameworkId: string): void {
    const fw = this.frameworks.get(frameworkId);
    if (fw === undefined) return;
    for (const agent of this.agents.values()) {
      const held = agent.held.get(frameworkId);
      if (held === undefined) continue;
      for (const [role, r] of held) this.release(agent, fw, role, r);
      agent.held.delete(frameworkId);
    }
    for (const r of fw.roles) {
      const node = this.role(r);
      node.frameworks.splice(node.frameworks.indexOf(fw), 1);
    }
    this.frameworks.delete(frameworkId);
  }

  activateFramework(frameworkId: string): void {
    const fw = this.frameworks.get(frameworkId);
    if (fw !== undefined) fw.active = true;
  }

  deactivateFramework(frameworkId: string): void {
    const fw = this.frameworks.get(frameworkId);
    if (fw !== undefined) fw.active = false;
  }

  suppress(frameworkId: string, roles?: ReadonlyArray<string>): void {
    const fw = this.frameworks.get(frameworkId);
    if (fw !== undefined) for (const r of roles ?? fw.roles) fw.suppressed.add(r);
  }

  revive(frameworkId: string, roles?: ReadonlyArray<string>): void {
    const fw = this.frameworks.get(frameworkId);
    if (fw === undefined) return;
    for (const r of roles ?? fw.roles) fw.suppressed.delete(r);
    fw.filters.clear();
  }

  // ---------------------------------------------------------------- agents

  addAgent(agentId: string, total: Resources, used: ReadonlyArray<AgentUse> = []): void {
    if (this.agents.has(agentId)) this.removeAgent(agentId);
    const agent: AgentEntry = { id: agentId, total, free: total, held: new Map() };
    this.agents.set(agentId, agent);
    this.total.cpus += total.cpus;
    this.total.mem += total.mem;
    this.total.disk += total.disk;
    this.refreshAll();
    for (const u of used) this.addAllocated(u.frameworkId, agentId, u.role, u.resources);
  }

  removeAgent(agentId: string): void {
    const agent = this.agents.get(agentId);
    if (agent === undefined) return;
    for (const [fid, held] of agent.held) {
      const fw = this.frameworks.get(fid);
      if (fw !== undefined) for (const [role, r] of held) this.release(agent, fw, role, r);
      fw?.filters.delete(agentId);
    }
    this.agents.delete(agentId);
    this.total.cpus -= agent.total.cpus;
    this.total.mem -= agent.total.mem;
    this.total.disk -= agent.total.disk;
    this.refreshAll();
  }

  available(agentId: string): Resources | undefined {
    return this.agents.get(agentId)?.free;
  }

  // ---------------------------------------------------------------- accounting

  addAllocated(frameworkId: string, agentId: string, role: string, resources: Resources): void {
    const agent = this.agents.get(agentId);
    const fw = this.frameworks.get(frameworkId);
    if (agent === undefined || fw === undefined) throw new Error(`addAllocated: unknown ${agent === undefined ? `agent ${agentId}` : `framework ${frameworkId}`}`);
    if (!fw.byRole.has(role)) throw new Error(`addAllocated: framework ${frameworkId} is not in role ${role}`);
    this.take(agent, fw, role, resources);
  }

  recoverResources(frameworkId: string, agentId: string, role: string, resources: Resources, refuseMs: number, now: number): void {
    const agent = this.agents.get(agentId);
    const fw = this.frameworks.get(frameworkId);
    if (agent === undefined || fw === undefined) return;
    const held = agent.held.get(frameworkId)?.get(role);
    if (held === undefined) return;
    const back = contains(held, resources) ? resources : held;
    const left = subtract(held, back);
    const byRole = agent.held.get(frameworkId)!;
    if (isEmptyScalars(left) && left.ports.length === 0) byRole.delete(role);
    else byRole.set(role, left);
    if (byRole.size === 0) agent.held.delete(frameworkId);
    this.release(agent, fw, role, back);
    if (refuseMs > 0) {
      const list = (fw.filters.get(agentId) ?? []).filter((f) => f.expiresAt > now);
      list.push({ resources: back, expiresAt: now + refuseMs });
      fw.filters.set(agentId, list);
    }
  }

  /** Allocate `r` of `agent` to `fw` in `role`. */
  private take(agent: AgentEntry, fw: FrameworkEntry, role: string, r: Resources): void {
    agent.free = subtract(agent.free, r);
    let byRole = agent.held.get(fw.id);
    if (byRole === undefined) agent.held.set(fw.id, (byRole = new Map()));
    const prev = byRole.get(role);
    byRole.set(role, prev === undefined ? r : add(prev, r));
    this.shift(fw, role, r, 1);
  }

  /** Give `r` back to `agent`'s free pool (the caller fixed `held`). */
  private release(agent: AgentEntry, fw: FrameworkEntry, role: string, r: Resources): void {
    agent.free = add(agent.free, r);
    this.shift(fw, role, r, -1);
  }

  private shift(fw: FrameworkEntry, role: string, r: Resources, sign: 1 | -1): void {
    const s = fw.byRole.get(role)!;
    s.cpus += sign * r.cpus;
    s.mem += sign * r.mem;
    s.disk += sign * r.disk;
    fw.shareByRole.set(role, this.share(s));
    const node = this.role(role);
    node.own.cpus += sign * r.cpus;
    node.own.mem += sign * r.mem;
    node.own.disk += sign * r.disk;
    node.ownShare = this.share(node.own) / node.weight;
    for (let n: RoleNode | undefined = node; n !== undefined && n !== this.root; n = n.parent) {
      n.alloc.cpus += sign * r.cpus;
      n.alloc.mem += sign * r.mem;
      n.alloc.disk += sign * r.disk;
      n.share = this.share(n.alloc) / n.weight;
    }
  }

  private share(s: Scalars): number {
    const t = this.total;
    let x = 0;
    if (t.cpus > 0) x = s.cpus / t.cpus;
    if (t.mem > 0 && s.mem / t.mem > x) x = s.mem / t.mem;
    if (t.disk > 0 && s.disk / t.disk > x) x = s.disk / t.disk;
    return x;
  }

  private refreshShares(node: RoleNode): void {
    node.share = this.share(node.alloc) / node.weight;
    node.ownShare = this.share(node.own) / node.weight;
  }

  /** The cluster total changed: every share changes. */
  private refreshAll(): void {
    for (const node of this.roles.values()) this.refreshShares(node);
    for (const fw of this.frameworks.values()) for (const [role, s] of fw.byRole) fw.shareByRole.set(role, this.share(s));
  }

  roleShare(role: string): number {
    return this.roles.get(role)?.share ?? 0;
  }

  frameworkShare(frameworkId: string): number {
    const fw = this.frameworks.get(frameworkId);
    if (fw === undefined) return 0;
    const s = zero();
    for (const x of fw.byRole.values()) {
      s.cpus += x.cpus;
      s.mem += x.mem;
      s.disk += x.disk;
    }
    return this.share(s);
  }

  // ---------------------------------------------------------------- the cycle

  allocate(now: number, random?: Random): Allocation[] {
    const out: Allocation[] = [];
    const ids = [...this.agents.keys()];
    const order = random === undefined ? ids : random.shuffle(ids);
    for (const id of order) {
      const agent = this.agents.get(id)!;
      for (let guard = 0; guard <= this.frameworks.size && isAllocatable(agent.free); guard++) {
        const pick = this.pick(agent, this.root, INFINITE, now);
        if (pick === undefined) break;
        this.take(agent, pick.fw, pick.role, pick.resources);
        out.push({ frameworkId: pick.fw.id, agentId: agent.id, role: pick.role, resources: pick.resources });
      }
    }
    return out;
  }

  /** Walk the role tree under `node` for the framework that gets `agent`'s free resources (capped by quota headroom). */
  private pick(agent: AgentEntry, node: RoleNode, cap: Scalars, now: number): Pick | undefined {
    // Candidates: the children, and the role's own frameworks as one virtual leaf that wins ties.
    // Hot path (every agent of every cycle): a closure-free minimum scan; sort only if the minimum fails.
    const children = node.children;
    const fifo = this.order === 'fifo';
    const hasOwn = node.frameworks.length > 0;
    let best: RoleNode | undefined;
    let bestScore = Infinity;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      const sc = fifo ? c.seq : c.share;
      if (sc < bestScore || (sc === bestScore && best !== undefined && c.seq < best.seq) || best === undefined) {
        best = c;
        bestScore = sc;
      }
    }
    if (best === undefined && !hasOwn) return undefined;
    const ownScore = hasOwn ? (fifo ? node.seq : node.ownShare) : Infinity;
    const ownFirst = hasOwn && (best === undefined || ownScore <= bestScore);
    const first = ownFirst ? this.pickFramework(agent, node, cap, now) : this.pickChild(agent, best!, cap, now);
    if (first !== undefined) return first;
    const rest: Array<RoleNode | undefined> = children.filter((c) => ownFirst || c !== best);
    if (hasOwn && !ownFirst) rest.push(undefined);
    if (rest.length === 0) return undefined;
    const score = (c: RoleNode | undefined): number => (c === undefined ? ownScore : fifo ? c.seq : c.share);
    rest.sort((a, b) => score(a) - score(b) || (a === undefined ? -1 : b === undefined ? 1 : a.seq - b.seq));
    for (const c of rest) {
      const r = c === undefined ? this.pickFramework(agent, node, cap, now) : this.pickChild(agent, c, cap, now);
      if (r !== undefined) return r;
    }
    return undefined;
  }

  private pickChild(agent: AgentEntry, child: RoleNode, cap: Scalars, now: number): Pick | undefined {
    const childCap = headroom(child, cap);
    return childCap === undefined ? undefined : this.pick(agent, child, childCap, now);
  }

  private pickFramework(agent: AgentEntry, node: RoleNode, cap: Scalars, now: number): Pick | undefined {
    const fws = node.frameworks;
    const free = agent.free;
    const offer: Resources = {
      cpus: Math.min(free.cpus, cap.cpus),
      mem: Math.min(free.mem, cap.mem),
      disk: Math.min(free.disk, cap.disk),
      ports: free.ports,
    };
    if (!isAllocatable(offer)) return undefined;
    const role = node.name;
    const fifo = this.order === 'fifo';
    const eligible = (fw: FrameworkEntry): boolean => fw.active && !fw.suppressed.has(role) && !this.filtered(fw, agent.id, offer, now);
    if (fws.length === 1) return eligible(fws[0]) ? { fw: fws[0], role, resources: offer } : undefined;
    const order = fws.slice().sort((a, b) => (fifo ? a.seq - b.seq : a.shareByRole.get(role)! - b.shareByRole.get(role)! || a.seq - b.seq));
    for (const fw of order) if (eligible(fw)) return { fw, role, resources: offer };
    return undefined;
  }

  private filtered(fw: FrameworkEntry, agentId: string, offer: Resources, now: number): boolean {
    const list = fw.filters.get(agentId);
    if (list === undefined) return false;
    let live = 0;
    let hit = false;
    for (const f of list) {
      if (f.expiresAt <= now) continue;
      live++;
      if (!hit && contains(f.resources, offer)) hit = true;
    }
    if (live === 0) fw.filters.delete(agentId);
    return hit;
  }
}

const isEmptyScalars = (r: Resources): boolean => r.cpus < 1e-9 && r.mem < 1e-9 && r.disk < 1e-9;

/** The cap below `node` given its quota limit and the cap above it; undefined when nothing fits. */
const headroom = (node: RoleNode, cap: Scalars): Scalars | undefined => {
  const q = node.quota;
  if (q === undefined) return cap;
  const out: Scalars = {
    cpus: Math.min(cap.cpus, q.cpus === undefined ? Infinity : q.cpus - node.alloc.cpus),
    mem: Math.min(cap.mem, q.mem === undefined ? Infinity : q.mem - node.alloc.mem),
    disk: Math.min(cap.disk, q.disk === undefined ? Infinity : q.disk - node.alloc.disk),
  };
  if (out.cpus < 0.01 && out.mem < 32) return undefined;
  return { cpus: Math.max(0, out.cpus), mem: Math.max(0, out.mem), disk: Math.max(0, out.disk) };
};

registerAllocator('drf', (options) => new DrfAllocator(options, 'drf'));
registerAllocator('fifo', (options) => new DrfAllocator(options, 'fifo'));
