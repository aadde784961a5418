import type { Offer } from '../FrameworkInfo.js';
import type { Resources } from '../Resources.js';
import type { SchedulerEvent } from '../SchedulerEvent.js';
import type { TaskStatus } from '../TaskInfo.js';

/** What turning the model's events into v1 JSON needs to know about the live server. */
export interface EventContext {
  /** The master's `MasterInfo` (sent in SUBSCRIBED). */
  readonly masterInfo: MasterInfoJson;
  /** The address given to agents in offers' `url` (simulated agents have none of their own). */
  readonly agentIp: string;
  /** The port given to agents in offers' `url` (the server uses Mesos' agent port, 5051). */
  readonly agentPort: number;
  /** The v1 uuid (base64 of 16 bytes) standing for an agent's status-update uuid. */
  v1Uuid(modelUuid: string): string;
}

/** v1 `MasterInfo` as JSON. */
export interface MasterInfoJson {
  readonly id: string;
  readonly ip: number;
  readonly port: number;
  readonly hostname: string;
  readonly version: string;
  readonly address: { readonly hostname: string; readonly ip: string; readonly port: number };
}

/** A v1 JSON object (snake_case fields, `{ value }` ids, enum names). */
export type V1Json = { readonly [key: string]: unknown };

const idJson = (value: string): V1Json => ({ value });

/**
 * The model's resources as a list of v1 `Resource`s: SCALAR cpus, mem and
 * disk (those above zero), RANGES ports; each carries its allocation role.
 *
 * @example
 * resourcesToV1(resources({ cpus: 1, ports: [[31000, 31001]] }), '*');
 * // [{ name: 'cpus', type: 'SCALAR', scalar: { value: 1 }, role: '*', allocation_info: { role: '*' } },
 * //  { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 31001 }] }, role: '*', allocation_info: { role: '*' } }]
 */
export const resourcesToV1 = (r: Resources, role: string | undefined): V1Json[] => {
  const tail = role === undefined ? { role: '*' } : { role: '*', allocation_info: { role } };
  const out: V1Json[] = [];
  for (const name of ['cpus', 'mem', 'disk'] as const) if (r[name] > 0) out.push({ name, type: 'SCALAR', scalar: { value: r[name] }, ...tail });
  if (r.ports.length > 0) out.push({ name: 'ports', type: 'RANGES', ranges: { range: r.ports.map(([begin, end]) => ({ begin, end })) }, ...tail });
  return out;
};

/** An offer as v1 JSON (`Offer`). */
export const offerToV1 = (o: Offer, ctx: EventContext): V1Json => ({
  id: idJson(o.id),
  framework_id: idJson(o.frameworkId),
  agent_id: idJson(o.agentId),
  hostname: o.hostname,
  url: { scheme: 'http', address: { hostname: o.hostname, ip: ctx.agentIp, port: ctx.agentPort }, path: '/slave(1)' },
  resources: resourcesToV1(o.resources, o.role),
  attributes: Object.entries(o.attributes).map(([name, value]) => ({ name, type: 'TEXT', text: { value } })),
  executor_ids: [],
  allocation_info: { role: o.role },
});

/**
 * A task status as v1 JSON (`TaskStatus`): the timestamp in seconds, the
 * uuid (only on updates the framework must acknowledge) as base64 of 16
 * bytes; agent-sourced statuses name the task's command executor (its id is
 * the task id, as with Mesos' command executor).
 */
export const statusToV1 = (s: TaskStatus, ctx: EventContext): V1Json => ({
  task_id: idJson(s.taskId),
  state: s.state,
  ...(s.message === undefined ? {} : { message: s.message }),
  source: s.source,
  ...(s.reason === undefined ? {} : { reason: s.reason }),
  ...(s.agentId === '' ? {} : { agent_id: idJson(s.agentId) }),
  ...(s.source === 'SOURCE_MASTER' ? {} : { executor_id: idJson(s.taskId) }),
  timestamp: s.timestampMs / 1000,
  ...(s.uuid === undefined ? {} : { uuid: ctx.v1Uuid(s.uuid) }),
});

/**
 * One model event as a v1 `Event` (scheduler.proto): SUBSCRIBED, OFFERS,
 * RESCIND, UPDATE, MESSAGE (data base64), FAILURE, ERROR, HEARTBEAT.
 *
 * @example
 * JSON.stringify(eventToV1({ type: 'rescind', offerId: 'O-e1-7' }, ctx)); // '{"type":"RESCIND","rescind":{"offer_id":{"value":"O-e1-7"}}}'
 */
export const eventToV1 = (e: SchedulerEvent, ctx: EventContext): V1Json => {
  switch (e.type) {
    case 'subscribed':
      return {
        type: 'SUBSCRIBED',
        subscribed: { framework_id: idJson(e.frameworkId), heartbeat_interval_seconds: e.heartbeatIntervalMs / 1000, master_info: ctx.masterInfo },
      };
    case 'offers':
      return { type: 'OFFERS', offers: { offers: e.offers.map((o) => offerToV1(o, ctx)) } };
    case 'rescind':
      return { type: 'RESCIND', rescind: { offer_id: idJson(e.offerId) } };
    case 'update':
      return { type: 'UPDATE', update: { status: statusToV1(e.status, ctx) } };
    case 'message':
      return { type: 'MESSAGE', message: { agent_id: idJson(e.agentId), executor_id: idJson(e.executorId), data: Buffer.from(e.data, 'utf8').toString('base64') } };
    case 'failure':
      return { type: 'FAILURE', failure: { agent_id: idJson(e.agentId) } };
    case 'error':
      return { type: 'ERROR', error: { message: e.message } };
    case 'heartbeat':
      return { type: 'HEARTBEAT' };
  }
};

/** An IPv4 address as `MasterInfo.ip` (uint32 in network byte order, as Mesos fills it). */
export const ipToUint32 = (ip: string): number => {
  const parts = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (parts === null) return 0;
  const [a, b, c, d] = parts.slice(1).map(Number);
  return ((d << 24) >>> 0) + (c << 16) + (b << 8) + a;
};
