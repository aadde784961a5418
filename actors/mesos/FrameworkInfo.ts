import * as t from 'io-ts';
import { Resources } from './Resources.js';

/**
 * What a framework says about itself when it subscribes (v1 `FrameworkInfo`,
 * the fields this model uses). `failoverTimeoutMs` is how long the master
 * keeps its tasks after it disconnects; a partition-aware framework gets
 * TASK_UNREACHABLE instead of TASK_LOST for tasks of unreachable agents.
 *
 * @example
 * const info = frameworkInfo({ name: 'marathon', roles: ['services'], failoverTimeoutMs: 60_000 });
 */
export const FrameworkInfo = t.type({
  name: t.string,
  user: t.string,
  roles: t.array(t.string),
  failoverTimeoutMs: t.number,
  partitionAware: t.boolean,
  /** Wants TASK_KILLING before TASK_KILLED (capability TASK_KILLING_STATE). */
  taskKillingState: t.boolean,
});
export type FrameworkInfo = t.TypeOf<typeof FrameworkInfo>;

/** Build a FrameworkInfo from the fields that matter (role `*`, no failover timeout by default). */
export const frameworkInfo = (info: Partial<FrameworkInfo> & { name: string }): FrameworkInfo => ({
  user: 'root',
  roles: ['*'],
  failoverTimeoutMs: 0,
  partitionAware: false,
  taskKillingState: false,
  ...info,
});

/** Agent attributes (text values only in this model, e.g. `rack: r1`). */
export const Attributes = t.record(t.string, t.string);
export type Attributes = t.TypeOf<typeof Attributes>;

/**
 * An offer: resources of one agent allocated to one framework (for one of its
 * roles) until it accepts, declines, or the master rescinds it.
 */
export const Offer = t.type({
  id: t.string,
  frameworkId: t.string,
  agentId: t.string,
  hostname: t.string,
  role: t.string,
  resources: Resources,
  attributes: Attributes,
});
export type Offer = t.TypeOf<typeof Offer>;
