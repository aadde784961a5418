/**
 * Timers and limits of a Mesos cluster. Defaults are Mesos' own (1.x master
 * and agent flags); specs and the live server shorten them to keep runs fast.
 */
export interface MesosConfig {
  /** How often the allocator runs a full cycle (`--allocation_interval`). @default 1000 */
  allocationIntervalMs: number;
  /** Master → agent ping period and timeout (`--agent_ping_timeout`). @default 15000 */
  agentPingTimeoutMs: number;
  /** Missed pings before an agent is unreachable (`--max_agent_ping_timeouts`). @default 5 */
  maxAgentPingTimeouts: number;
  /** At most one agent removal per this span (`--agent_removal_rate_limit`; 0 = no limit). @default 0 */
  agentRemovalIntervalMs: number;
  /** After a master fail-over, agents of the registry that did not re-register by then are unreachable (`--agent_reregister_timeout`). @default 600000 */
  agentReregisterTimeoutMs: number;
  /** Heartbeat period to subscribed frameworks (v1 API: 15 s). @default 15000 */
  heartbeatIntervalMs: number;
  /** Filter length of a DECLINE without `refuse_seconds` (Mesos: 5 s). @default 5000 */
  defaultRefuseMs: number;
  /** Longest filter honoured (365 days). @default 31536000000 */
  maxRefuseMs: number;
  /** Rescind offers not answered in this time (`--offer_timeout`; 0 = never). @default 0 */
  offerTimeoutMs: number;
  /** Agent: first retry of an unacknowledged status update (Mesos: 10 s, doubling). @default 10000 */
  statusUpdateRetryMs: number;
  /** Agent: longest retry interval of a status update (Mesos: 10 min). @default 600000 */
  statusUpdateRetryMaxMs: number;
  /** Agents: first (re-)registration backoff after a new leader is detected (`--registration_backoff_factor`). @default 1000 */
  registrationBackoffMs: number;
  /** Agents: largest registration backoff (Mesos: 1 min). @default 60000 */
  registrationBackoffMaxMs: number;
  /** Lease store: length of the leader lease (stands in for the ZooKeeper session timeout). @default 10000 */
  leaseTtlMs: number;
  /** Masters renew (or try to take) the lease this often. @default 3000 */
  leaseRenewMs: number;
  /** Agents and frameworks ask the lease store who leads this often. @default 2000 */
  detectIntervalMs: number;
  /** Agent: time from launch to TASK_STARTING, and again to TASK_RUNNING. @default 100 */
  taskStartMs: number;
  /** Frameworks' default `failover_timeout` (Mesos: 0 s — removed at once). @default 0 */
  failoverTimeoutMs: number;
}

/** Mesos' defaults. */
export const MESOS_DEFAULTS: Readonly<MesosConfig> = Object.freeze({
  allocationIntervalMs: 1000,
  agentPingTimeoutMs: 15_000,
  maxAgentPingTimeouts: 5,
  agentRemovalIntervalMs: 0,
  agentReregisterTimeoutMs: 600_000,
  heartbeatIntervalMs: 15_000,
  defaultRefuseMs: 5000,
  maxRefuseMs: 365 * 24 * 3600 * 1000,
  offerTimeoutMs: 0,
  statusUpdateRetryMs: 10_000,
  statusUpdateRetryMaxMs: 600_000,
  registrationBackoffMs: 1000,
  registrationBackoffMaxMs: 60_000,
  leaseTtlMs: 10_000,
  leaseRenewMs: 3000,
  detectIntervalMs: 2000,
  taskStartMs: 100,
  failoverTimeoutMs: 0,
});

/**
 * Timers scaled for fast simulations and live specs: the same ratios as
 * Mesos, roughly 10–15× shorter (agents unreachable after 3 × 1 s).
 */
export const FAST_MESOS: Readonly<MesosConfig> = Object.freeze({
  ...MESOS_DEFAULTS,
  allocationIntervalMs: 200,
  agentPingTimeoutMs: 1000,
  maxAgentPingTimeouts: 3,
  agentReregisterTimeoutMs: 10_000,
  heartbeatIntervalMs: 1000,
  defaultRefuseMs: 1000,
  statusUpdateRetryMs: 500,
  statusUpdateRetryMaxMs: 4000,
  registrationBackoffMs: 100,
  registrationBackoffMaxMs: 2000,
  leaseTtlMs: 2000,
  leaseRenewMs: 500,
  detectIntervalMs: 500,
  taskStartMs: 20,
});

/**
 * Fill a partial config from Mesos' defaults.
 *
 * @example
 * const config = mesosConfig({ allocationIntervalMs: 200 });
 */
export const mesosConfig = (overrides: Partial<MesosConfig> = {}, base: Readonly<MesosConfig> = MESOS_DEFAULTS): MesosConfig => ({ ...base, ...overrides });
