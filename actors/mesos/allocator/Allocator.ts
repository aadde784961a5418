import type { Random } from '../../../lib/random/index.js';
import type { Resources } from '../Resources.js';

/** Scalar limits of a role's quota (missing kinds are unlimited). */
export interface QuotaLimit {
  readonly cpus?: number;
  readonly mem?: number;
  readonly disk?: number;
}

/** One decision of an allocation cycle: offer `resources` of `agentId` to `frameworkId` for `role`. */
export interface Allocation {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly resources: Resources;
}

/** Resources a framework already holds on an agent (its tasks, when an agent re-registers). */
export interface AgentUse {
  readonly frameworkId: string;
  readonly role: string;
  readonly resources: Resources;
}

/**
 * An allocation policy: the master tells it what exists and what changed, and
 * asks it, every allocation interval and after events, which free resources
 * to offer to whom. It is plain synchronous code with no clock or actor of its
 * own: `now` and `random` come in as arguments, so a policy is unit-tested
 * table-driven and benchmarked on its own.
 *
 * Contract (what every policy must keep):
 * - it never allocates more of an agent than its total minus what is
 *   allocated (offered or in use) there: after `allocate`, for every agent,
 *   the sum of allocations plus earlier holdings ≤ total;
 * - it never allocates to a framework that is inactive, or suppressed for the
 *   role, or whose filter for that agent covers the resources and is unexpired;
 * - it never takes a role over its quota limit;
 * - `recoverResources` gives back exactly what was allocated (offers declined
 *   or rescinded, resources of finished tasks).
 */
export interface Allocator {
  /** The policy's registry name. */
  readonly name: string;
  /** Add an agent, with what frameworks already use there. */
  addAgent(agentId: string, total: Resources, used?: ReadonlyArray<AgentUse>): void;
  /** Remove an agent and everything allocated on it. */
  removeAgent(agentId: string): void;
  /** Add a framework subscribed to `roles` (active unless `active: false`). */
  addFramework(frameworkId: string, roles: ReadonlyArray<string>, options?: { active?: boolean }): void;
  /** Remove a framework (its allocations must have been recovered or their agents removed). */
  removeFramework(frameworkId: string): void;
  /** Let a (re-)connected framework receive offers again. */
  activateFramework(frameworkId: string): void;
  /** Stop offering to a disconnected framework (its allocations stay). */
  deactivateFramework(frameworkId: string): void;
  /** Give back resources allocated to a framework; a `refuseMs` > 0 filters them for it on that agent until `now + refuseMs`. */
  recoverResources(frameworkId: string, agentId: string, role: string, resources: Resources, refuseMs: number, now: number): void;
  /** Account resources as allocated outside a cycle (e.g. tasks reported by a re-registering agent). */
  addAllocated(frameworkId: string, agentId: string, role: string, resources: Resources): void;
  /** Stop offering to the framework for these roles (all its roles when omitted). */
  suppress(frameworkId: string, roles?: ReadonlyArray<string>): void;
  /** Clear the framework's filters and un-suppress these roles (all when omitted). */
  revive(frameworkId: string, roles?: ReadonlyArray<string>): void;
  /** Set a role's weight (default 1). */
  setWeight(role: string, weight: number): void;
  /** Set or clear (undefined) a role's quota limit. */
  setQuota(role: string, limit: QuotaLimit | undefined): void;
  /** One allocation cycle over every agent (in a random order when `random` is given). */
  allocate(now: number, random?: Random): Allocation[];
  /** What is free on an agent (undefined for an unknown agent). */
  available(agentId: string): Resources | undefined;
  /** Weighted dominant share of a role (its whole subtree). */
  roleShare(role: string): number;
  /** Dominant share of a framework over all its roles. */
  frameworkShare(frameworkId: string): number;
}

/** Options every policy factory accepts. */
export interface AllocatorOptions {
  /** Role weights. @default every role 1 */
  readonly weights?: Readonly<Record<string, number>>;
  /** Quota limits by role. @default none */
  readonly quotas?: Readonly<Record<string, QuotaLimit>>;
}

/** Builds a policy instance. */
export type AllocatorFactory = (options: AllocatorOptions) => Allocator;

const registry = new Map<string, AllocatorFactory>();

/**
 * Register an allocation policy by name (replacing one of the same name).
 *
 * @example
 * registerAllocator('my-policy', (options) => new MyAllocator(options));
 * const cluster = bootMesosCluster(sim.system, { allocator: 'my-policy' });
 */
export const registerAllocator = (name: string, factory: AllocatorFactory): void => {
  registry.set(name, factory);
};

/**
 * Create a registered policy. Throws a RangeError for an unknown name.
 *
 * @example
 * const drf = createAllocator('drf', { weights: { prod: 2 } });
 */
export const createAllocator = (name: string, options: AllocatorOptions = {}): Allocator => {
  const factory = registry.get(name);
  if (factory === undefined) throw new RangeError(`unknown allocator '${name}' (known: ${allocatorNames().join(', ')})`);
  return factory(options);
};

/** Names of every registered policy. */
export const allocatorNames = (): string[] => [...registry.keys()];
