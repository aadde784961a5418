import * as t from 'io-ts';
import { refCodec } from '../../lib/actor/index.js';
import { Offer } from './FrameworkInfo.js';
import { TaskStatus } from './TaskInfo.js';

/**
 * Events the master sends to a subscribed framework (v1 scheduler `Event`):
 * SUBSCRIBED, OFFERS, RESCIND, UPDATE, MESSAGE, FAILURE, ERROR, HEARTBEAT.
 * A framework actor's protocol must accept these.
 */
export const SchedulerEvent = t.union([
  t.type({ type: t.literal('subscribed'), frameworkId: t.string, heartbeatIntervalMs: t.number, master: refCodec(), epoch: t.number }),
  t.type({ type: t.literal('offers'), offers: t.array(Offer) }),
  t.type({ type: t.literal('rescind'), offerId: t.string }),
  t.type({ type: t.literal('update'), status: TaskStatus }),
  t.type({ type: t.literal('message'), agentId: t.string, executorId: t.string, data: t.string }),
  t.type({ type: t.literal('failure'), agentId: t.string }),
  t.type({ type: t.literal('error'), message: t.string }),
  t.type({ type: t.literal('heartbeat') }),
]);
export type SchedulerEvent = t.TypeOf<typeof SchedulerEvent>;
