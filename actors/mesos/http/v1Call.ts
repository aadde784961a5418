import * as E from 'fp-ts/Either';
import { frameworkInfo, type FrameworkInfo } from '../FrameworkInfo.js';
import type { SchedulerCall } from '../MasterProtocol.js';
import { add, normalizeRanges, resources, type PortRange, type Resources } from '../Resources.js';
import type { Operation, TaskInfo } from '../TaskInfo.js';
import { workloadNames } from '../Workload.js';
import { parseProto, type ProtoMessage, type ProtoValue } from './protoJson.js';
import { CallSchema, type CallType } from './v1Schema.js';

/** A parsed v1 `Call` (the fields that were set). */
export type V1Call = ProtoMessage;

/** A call of the model's scheduler protocol that the HTTP layer forwards (every kind but SUBSCRIBE). */
export type ForwardedCall = Exclude<SchedulerCall, { type: 'subscribe' }>;

/** A task the model cannot represent (unknown resource kinds, no command): answered TASK_ERROR without reaching the master. */
export interface RejectedTask {
  readonly taskId: string;
  readonly agentId: string;
  readonly message: string;
}

/**
 * What a valid call asks the server to do:
 * - `Subscribe`: open the event stream for this framework (`refusal` is
 *   Mesos' FrameworkInfo validation error, sent as an ERROR event on the stream);
 * - `Forward`: pass a call to the master through the framework's subscription;
 * - `Accepted`: a valid call this model has nothing to do for (202);
 * - `NotImplemented`: a call this model does not support (501).
 */
export type CallPlan =
  | { readonly _tag: 'Subscribe'; readonly framework: FrameworkInfo; readonly frameworkId: string | null; readonly refusal: string | undefined }
  | { readonly _tag: 'Forward'; readonly call: ForwardedCall; readonly rejected: ReadonlyArray<RejectedTask> }
  | { readonly _tag: 'Accepted'; readonly why: string }
  | { readonly _tag: 'NotImplemented'; readonly message: string };

/**
 * Read a request body as a v1 JSON `Call`; Left is the 400 body Mesos
 * answers (`Failed to parse body into JSON: …`, `Failed to convert JSON
 * into Call protobuf: …`).
 *
 * @example
 * decodeCall('{"type":"SUBSCRIBE"}'); // right({ type: 'SUBSCRIBE' })
 * decodeCall('{');                    // left('Failed to parse body into JSON: …')
 */
export const decodeCall = (body: string): E.Either<string, V1Call> => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    return E.left(`Failed to parse body into JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const call = parseProto(CallSchema, json);
  return E.isLeft(call) ? E.left(`Failed to convert JSON into Call protobuf: ${call.left}`) : call;
};

/** The call's type, if set (an unknown type name is dropped by the parser, as proto2 does). */
export const callType = (call: V1Call): CallType | undefined => call.type as CallType | undefined;

/** The framework id the call names (`framework_id.value`). */
export const callFrameworkId = (call: V1Call): string | undefined => idOf(call.framework_id);

/** The sub-message each call type must carry (validation.cpp). */
const REQUIRED_PART: Partial<Record<CallType, string>> = {
  ACCEPT: 'accept',
  DECLINE: 'decline',
  ACCEPT_INVERSE_OFFERS: 'accept_inverse_offers',
  DECLINE_INVERSE_OFFERS: 'decline_inverse_offers',
  KILL: 'kill',
  SHUTDOWN: 'shutdown',
  ACKNOWLEDGE: 'acknowledge',
  ACKNOWLEDGE_OPERATION_STATUS: 'acknowledge_operation_status',
  RECONCILE: 'reconcile',
  RECONCILE_OPERATIONS: 'reconcile_operations',
  MESSAGE: 'message',
  REQUEST: 'request',
  UPDATE_FRAMEWORK: 'update_framework',
};

/**
 * Mesos' `validation::scheduler::call::validate` (src/master/validation.cpp):
 * the error message, or undefined when the call is valid. The HTTP answer is
 * 400 `Failed to validate scheduler::Call: <message>`.
 *
 * @example
 * validateCall({ type: 'KILL', framework_id: { value: 'F1' } }); // "Expecting 'kill' to be present"
 */
export const validateCall = (call: V1Call): string | undefined => {
  const type = callType(call);
  if (type === undefined) return "Expecting 'type' to be present";
  if (type === 'SUBSCRIBE') {
    const sub = call.subscribe as ProtoMessage | undefined;
    if (sub === undefined) return "Expecting 'subscribe' to be present";
    const info = sub.framework_info as ProtoMessage;
    if ((idOf(info.id) ?? '') !== (idOf(call.framework_id) ?? '')) return "'framework_id' differs from 'subscribe.framework_info.id'";
    return undefined;
  }
  if (call.framework_id === undefined) return "Expecting 'framework_id' to be present";
  const part = REQUIRED_PART[type];
  if (part !== undefined && call[part] === undefined) return `Expecting '${part}' to be present`;
  if (type === 'ACKNOWLEDGE' && !isUuid((call.acknowledge as ProtoMessage).uuid as Buffer)) return 'Not a valid UUID';
  if (type === 'ACKNOWLEDGE_OPERATION_STATUS') {
    const ack = call.acknowledge_operation_status as ProtoMessage;
    if (!isUuid(ack.uuid as Buffer)) return 'Not a valid UUID';
    if (ack.agent_id === undefined) return "Expecting 'agent_id' to be present";
  }
  if (type === 'UPDATE_FRAMEWORK') {
    const info = (call.update_framework as ProtoMessage).framework_info as ProtoMessage;
    if ((idOf(info.id) ?? '') !== (idOf(call.framework_id) ?? '')) return "'framework_id' differs from 'update_framework.framework_info.id'";
  }
  return undefined;
};

/** stout's `UUID::fromBytes`: 16 bytes with a known version nibble. */
export const isUuid = (bytes: Buffer | undefined): boolean => {
  if (bytes === undefined || bytes.length !== 16) return false;
  const version = bytes[6] >> 4;
  return version >= 1 && version <= 5;
};

/**
 * Turn a valid call into what the model does with it. `modelUuid` maps the
 * 16-byte uuid of a forwarded status update back to the agent's own uuid
 * (undefined: an acknowledgement of nothing outstanding, which Mesos drops).
 *
 * @example
 * const call = decodeCall('{"type":"KILL","framework_id":{"value":"F1"},"kill":{"task_id":{"value":"t1"}}}');
 * if (E.isRight(call) && validateCall(call.right) === undefined) planCall(call.right, 'F1', () => undefined);
 * // { _tag: 'Forward', call: { type: 'kill', frameworkId: 'F1', taskId: 't1' }, rejected: [] }
 */
export const planCall = (call: V1Call, frameworkId: string, modelUuid: (uuid: Buffer) => string | undefined): CallPlan => {
  const type = callType(call) as CallType;
  const forward = (c: ForwardedCall, rejected: ReadonlyArray<RejectedTask> = []): CallPlan => ({ _tag: 'Forward', call: c, rejected });
  switch (type) {
    case 'SUBSCRIBE': {
      const info = (call.subscribe as ProtoMessage).framework_info as ProtoMessage;
      const converted = toFrameworkInfo(info);
      return { _tag: 'Subscribe', framework: converted.info, frameworkId: idOf(info.id) ?? null, refusal: converted.refusal };
    }
    case 'TEARDOWN':
      return forward({ type: 'teardown', frameworkId });
    case 'ACCEPT': {
      const accept = call.accept as ProtoMessage;
      const { operations, rejected } = toOperations(list(accept.operations));
      return forward({ type: 'accept', frameworkId, offerIds: list(accept.offer_ids).map(idOf) as string[], operations, ...refuse(accept.filters) }, rejected);
    }
    case 'DECLINE': {
      const decline = call.decline as ProtoMessage;
      return forward({ type: 'decline', frameworkId, offerIds: list(decline.offer_ids).map(idOf) as string[], ...refuse(decline.filters) });
    }
    case 'REVIVE':
    case 'SUPPRESS': {
      const roles = list((call[type === 'REVIVE' ? 'revive' : 'suppress'] as ProtoMessage | undefined)?.roles) as string[];
      return forward({ type: type === 'REVIVE' ? 'revive' : 'suppress', frameworkId, ...(roles.length > 0 ? { roles } : {}) });
    }
    case 'KILL': {
      const kill = call.kill as ProtoMessage;
      const agentId = idOf(kill.agent_id);
      return forward({ type: 'kill', frameworkId, taskId: idOf(kill.task_id) as string, ...(agentId === undefined ? {} : { agentId }) });
    }
    case 'SHUTDOWN': {
      const shutdown = call.shutdown as ProtoMessage;
      return forward({ type: 'shutdown', frameworkId, executorId: idOf(shutdown.executor_id) as string, agentId: idOf(shutdown.agent_id) as string });
    }
    case 'ACKNOWLEDGE': {
      const ack = call.acknowledge as ProtoMessage;
      const uuid = modelUuid(ack.uuid as Buffer);
      if (uuid === undefined) return { _tag: 'Accepted', why: 'acknowledgement of no outstanding status update (dropped, as Mesos does)' };
      return forward({ type: 'acknowledge', frameworkId, agentId: idOf(ack.agent_id) as string, taskId: idOf(ack.task_id) as string, uuid });
    }
    case 'RECONCILE': {
      const tasks = list((call.reconcile as ProtoMessage).tasks).map((q) => {
        const m = q as ProtoMessage;
        const agentId = idOf(m.agent_id);
        return { taskId: idOf(m.task_id) as string, ...(agentId === undefined ? {} : { agentId }) };
      });
      return forward({ type: 'reconcile', frameworkId, tasks });
    }
    case 'MESSAGE': {
      const m = call.message as ProtoMessage;
      return forward({ type: 'framework-message', frameworkId, agentId: idOf(m.agent_id) as string, executorId: idOf(m.executor_id) as string, data: (m.data as Buffer).toString('utf8') });
    }
    case 'REQUEST':
      return { _tag: 'Accepted', why: 'REQUEST is ignored by the built-in allocators' };
    case 'ACCEPT_INVERSE_OFFERS':
    case 'DECLINE_INVERSE_OFFERS':
      return { _tag: 'Accepted', why: 'this model makes no inverse offers' };
    case 'ACKNOWLEDGE_OPERATION_STATUS':
    case 'RECONCILE_OPERATIONS':
      return { _tag: 'Accepted', why: 'this model sends no operation status updates' };
    case 'UPDATE_FRAMEWORK':
      return { _tag: 'NotImplemented', message: 'UPDATE_FRAMEWORK is not supported by this model: resubscribe with the new FrameworkInfo instead' };
    case 'UNKNOWN':
      return { _tag: 'NotImplemented', message: '501 Not Implemented.' };
  }
};

const idOf = (v: ProtoValue | undefined): string | undefined => (v === undefined ? undefined : ((v as ProtoMessage).value as string));

const list = (v: ProtoValue | undefined): ReadonlyArray<ProtoValue> => (v === undefined ? [] : (v as ReadonlyArray<ProtoValue>));

/**
 * `filters.refuse_seconds` in ms. Mesos uses the default (5 s) for a
 * negative value and caps very long ones; absent filters mean the default.
 */
const refuse = (filters: ProtoValue | undefined): { refuseMs?: number } => {
  const seconds = (filters as ProtoMessage | undefined)?.refuse_seconds as number | undefined;
  if (seconds === undefined || seconds < 0 || Number.isNaN(seconds)) return {};
  return { refuseMs: Number.isFinite(seconds) ? seconds * 1000 : Number.MAX_SAFE_INTEGER };
};

/**
 * A v1 FrameworkInfo as the model's, with Mesos' validation of it
 * (`validation::framework::validate`: roles against MULTI_ROLE, role names,
 * failover timeout). Without MULTI_ROLE the framework's one role is `role`
 * (default `*`); PARTITION_AWARE and TASK_KILLING_STATE carry over.
 *
 * @example
 * toFrameworkInfo({ user: 'u', name: 'n', failover_timeout: 60 });
 * // { info: { name: 'n', user: 'u', roles: ['*'], failoverTimeoutMs: 60000, partitionAware: false, taskKillingState: false }, refusal: undefined }
 */
export const toFrameworkInfo = (info: ProtoMessage): { info: FrameworkInfo; refusal: string | undefined } => {
  const capabilities = new Set(list(info.capabilities).map((c) => (c as ProtoMessage).type as string | undefined));
  const multiRole = capabilities.has('MULTI_ROLE');
  const roles = multiRole ? (list(info.roles) as string[]) : [(info.role as string | undefined) ?? '*'];
  const failover = (info.failover_timeout as number | undefined) ?? 0;
  const converted = frameworkInfo({
    name: info.name as string,
    user: info.user as string,
    roles,
    failoverTimeoutMs: Number.isFinite(failover) ? Math.max(0, failover * 1000) : 0,
    partitionAware: capabilities.has('PARTITION_AWARE'),
    taskKillingState: capabilities.has('TASK_KILLING_STATE'),
  });
  return { info: converted, refusal: frameworkProblem(info, multiRole, roles, failover) };
};

const frameworkProblem = (info: ProtoMessage, multiRole: boolean, roles: ReadonlyArray<string>, failover: number): string | undefined => {
  if (multiRole && info.role !== undefined) return "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable";
  if (!multiRole && list(info.roles).length > 0) return "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable";
  if (multiRole) {
    const dups = roles.filter((r, i) => roles.indexOf(r) !== i);
    if (dups.length > 0) return `'FrameworkInfo.roles' contains duplicate items: { ${[...new Set(dups)].join(', ')} }`;
  }
  for (const role of roles) {
    const problem = roleProblem(role);
    if (problem !== undefined) return multiRole ? `'FrameworkInfo.roles' contains invalid role: ${problem}` : `'FrameworkInfo.role' is not a valid role: ${problem}`;
  }
  if (multiRole && roles.length === 0) return 'FrameworkInfo.roles must name at least one role';
  const id = idOf(info.id);
  if (id !== undefined && id !== '' && (id === '.' || id === '..' || /[\u0000-\u001f\u007f/\\]/.test(id))) return `'${id}' contains invalid characters`;
  if (!Number.isFinite(failover) || Math.abs(failover * 1e9) > 9.2e18) return `The framework failover_timeout (${failover}) is invalid`;
  return undefined;
};

/** Mesos' `roles::validate` (src/common/roles.cpp), in short. */
const roleProblem = (role: string): string | undefined => {
  if (role === '*') return undefined;
  if (role === '') return 'Role names cannot be the empty string';
  if (role.startsWith('/')) return `Role '${role}' cannot start with a slash`;
  if (role.endsWith('/')) return `Role '${role}' cannot end with a slash`;
  if (role.includes('//')) return `Role '${role}' cannot contain two adjacent slashes`;
  for (const c of role.split('/')) {
    if (c === '.' || c === '..' || c === '*') return `Role '${role}' cannot include '${c}' as a component`;
    if (c.startsWith('-')) return `Role component '${c}' is invalid because it starts with a dash`;
    if (/[\u0000-\u0020\u007f\\]/.test(c)) return `Role component '${c}' is invalid because it contains backslash or whitespace`;
  }
  return undefined;
};

/**
 * The LAUNCH and LAUNCH_GROUP operations of an ACCEPT, as the model's.
 * Other operations (RESERVE, CREATE, …) are dropped, as Mesos drops
 * operations it cannot apply; their resources stay unused and are declined.
 * A task the model cannot represent is rejected here (its whole group for
 * LAUNCH_GROUP).
 */
const toOperations = (ops: ReadonlyArray<ProtoValue>): { operations: Operation[]; rejected: RejectedTask[] } => {
  const operations: Operation[] = [];
  const rejected: RejectedTask[] = [];
  for (const value of ops) {
    const op = value as ProtoMessage;
    if (op.type === 'LAUNCH') {
      const tasks: TaskInfo[] = [];
      for (const t of list((op.launch as ProtoMessage | undefined)?.task_infos)) {
        const task = toTaskInfo(t as ProtoMessage, undefined);
        if (E.isLeft(task)) rejected.push(task.left);
        else tasks.push(task.right);
      }
      if (tasks.length > 0) operations.push({ type: 'LAUNCH', tasks });
    } else if (op.type === 'LAUNCH_GROUP' && op.launch_group !== undefined) {
      const group = op.launch_group as ProtoMessage;
      const executor = group.executor as ProtoMessage;
      const converted = list((group.task_group as ProtoMessage).tasks).map((t) => toTaskInfo(t as ProtoMessage, executor));
      const bad = converted.find(E.isLeft);
      if (bad === undefined) operations.push({ type: 'LAUNCH_GROUP', tasks: converted.map((c) => (c as E.Right<TaskInfo>).right) });
      else
        for (const c of converted) {
          const task = E.isLeft(c) ? c.left : { taskId: c.right.taskId, agentId: c.right.agentId, message: `Task group is invalid: ${bad.left.message}` };
          rejected.push(task);
        }
    }
  }
  return { operations, rejected };
};

/**
 * A v1 TaskInfo as the model's: scalar cpus/mem/disk and ranges of ports;
 * `command.value` runs in the agent's simulated command executor; an
 * executor whose id names a registered workload runs that workload.
 */
const toTaskInfo = (t: ProtoMessage, groupExecutor: ProtoMessage | undefined): E.Either<RejectedTask, TaskInfo> => {
  const taskId = idOf(t.task_id) as string;
  const agentId = idOf(t.agent_id) as string;
  const reject = (message: string): E.Either<RejectedTask, TaskInfo> => E.left({ taskId, agentId, message });
  let total: Resources = resources();
  for (const r of list(t.resources)) {
    const res = r as ProtoMessage;
    const name = res.name as string;
    if (res.type === 'SCALAR' && (name === 'cpus' || name === 'mem' || name === 'disk')) {
      total = add(total, resources({ [name]: ((res.scalar as ProtoMessage | undefined)?.value as number | undefined) ?? 0 }));
    } else if (res.type === 'RANGES' && name === 'ports') {
      const ranges = list((res.ranges as ProtoMessage | undefined)?.range).map((x): PortRange => [(x as ProtoMessage).begin as number, (x as ProtoMessage).end as number]);
      total = add(total, resources({ ports: normalizeRanges(ranges) }));
    } else return reject(`Task uses resource '${name}' of type ${res.type as string}, which this model never offers`);
  }
  const executor = (t.executor as ProtoMessage | undefined) ?? groupExecutor;
  const command = t.command as ProtoMessage | undefined;
  if (groupExecutor === undefined && (command === undefined) === (t.executor === undefined)) {
    return reject('Task should have at least one (but not both) of CommandInfo or ExecutorInfo present');
  }
  const executorId = idOf(executor?.executor_id);
  const workload = executorId !== undefined && workloadNames().includes(executorId) ? executorId : undefined;
  const shell = (command?.value as string | undefined) ?? ((executor?.command as ProtoMessage | undefined)?.value as string | undefined);
  const labels = list((t.labels as ProtoMessage | undefined)?.labels).map((l) => l as ProtoMessage);
  return E.right({
    taskId,
    name: t.name as string,
    agentId,
    resources: total,
    ...(workload !== undefined ? { executor: workload } : shell !== undefined ? { command: shell } : {}),
    ...(labels.length > 0 ? { labels: Object.fromEntries(labels.map((l) => [l.key as string, (l.value as string | undefined) ?? ''])) } : {}),
  });
};
