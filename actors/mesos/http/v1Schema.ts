import { field, type MessageSchema } from './protoJson.js';

// The v1 scheduler `Call` and the parts of mesos.proto it reaches, as far as
// this model reads them (include/mesos/v1/scheduler/scheduler.proto and
// include/mesos/v1/mesos.proto). Labels and field order follow the protos;
// messages the model does not interpret are `opaque` (any object accepted).

const id = (name: string): MessageSchema => ({ name, fields: { value: field.string('required') } });

/** `FrameworkID`, `OfferID`, `AgentID`, `TaskID`, `ExecutorID`, `OperationID`: `{ value }`. */
export const FrameworkIdSchema = id('FrameworkID');
const OfferIdSchema = id('OfferID');
const AgentIdSchema = id('AgentID');
const TaskIdSchema = id('TaskID');
const ExecutorIdSchema = id('ExecutorID');
const OperationIdSchema = id('OperationID');

/** `Value.Type`. */
export const VALUE_TYPES = ['SCALAR', 'RANGES', 'SET', 'TEXT'] as const;

const ScalarSchema: MessageSchema = { name: 'Value.Scalar', fields: { value: field.double('required') } };
const RangeSchema: MessageSchema = { name: 'Value.Range', fields: { begin: field.int('required'), end: field.int('required') } };
const RangesSchema: MessageSchema = { name: 'Value.Ranges', fields: { range: field.message(() => RangeSchema, 'repeated') } };
const SetSchema: MessageSchema = { name: 'Value.Set', fields: { item: field.string('repeated') } };

/** `Resource` (name, type, scalar / ranges / set; reservations and disk info are not read). */
export const ResourceSchema: MessageSchema = {
  name: 'Resource',
  fields: {
    provider_id: field.opaque(),
    name: field.string('required'),
    type: field.enum(VALUE_TYPES, 'required'),
    scalar: field.message(() => ScalarSchema),
    ranges: field.message(() => RangesSchema),
    set: field.message(() => SetSchema),
    role: field.string(),
    allocation_info: field.opaque(),
    reservation: field.opaque(),
    reservations: field.opaque('repeated'),
    disk: field.opaque(),
    revocable: field.opaque(),
    shared: field.opaque(),
  },
};

/** `FrameworkInfo.Capability.Type`. */
export const CAPABILITY_TYPES = [
  'UNKNOWN',
  'REVOCABLE_RESOURCES',
  'TASK_KILLING_STATE',
  'GPU_RESOURCES',
  'SHARED_RESOURCES',
  'PARTITION_AWARE',
  'MULTI_ROLE',
  'RESERVATION_REFINEMENT',
  'REGION_AWARE',
] as const;

const CapabilitySchema: MessageSchema = { name: 'FrameworkInfo.Capability', fields: { type: field.enum(CAPABILITY_TYPES) } };

/** `FrameworkInfo`. */
export const FrameworkInfoSchema: MessageSchema = {
  name: 'FrameworkInfo',
  fields: {
    user: field.string('required'),
    name: field.string('required'),
    id: field.message(() => FrameworkIdSchema),
    failover_timeout: field.double(),
    checkpoint: field.bool(),
    role: field.string(),
    roles: field.string('repeated'),
    hostname: field.string(),
    principal: field.string(),
    webui_url: field.string(),
    capabilities: field.message(() => CapabilitySchema, 'repeated'),
    labels: field.opaque(),
    offer_filters: field.opaque(),
  },
};

const LabelSchema: MessageSchema = { name: 'Label', fields: { key: field.string('required'), value: field.string() } };
const LabelsSchema: MessageSchema = { name: 'Labels', fields: { labels: field.message(() => LabelSchema, 'repeated') } };

const CommandInfoSchema: MessageSchema = {
  name: 'CommandInfo',
  fields: {
    uris: field.opaque('repeated'),
    environment: field.opaque(),
    shell: field.bool(),
    value: field.string(),
    arguments: field.string('repeated'),
    user: field.string(),
  },
};

const ExecutorInfoSchema: MessageSchema = {
  name: 'ExecutorInfo',
  fields: {
    type: field.enum(['UNKNOWN', 'DEFAULT', 'CUSTOM']),
    executor_id: field.message(() => ExecutorIdSchema, 'required'),
    framework_id: field.message(() => FrameworkIdSchema),
    command: field.message(() => CommandInfoSchema),
    container: field.opaque(),
    resources: field.message(() => ResourceSchema, 'repeated'),
    name: field.string(),
    source: field.string(),
    data: field.bytes(),
    labels: field.message(() => LabelsSchema),
  },
};

/** `TaskInfo` (container, health and check infos are not read). */
export const TaskInfoSchema: MessageSchema = {
  name: 'TaskInfo',
  fields: {
    name: field.string('required'),
    task_id: field.message(() => TaskIdSchema, 'required'),
    agent_id: field.message(() => AgentIdSchema, 'required'),
    resources: field.message(() => ResourceSchema, 'repeated'),
    executor: field.message(() => ExecutorInfoSchema),
    command: field.message(() => CommandInfoSchema),
    container: field.opaque(),
    health_check: field.opaque(),
    check: field.opaque(),
    kill_policy: field.opaque(),
    data: field.bytes(),
    labels: field.message(() => LabelsSchema),
    discovery: field.opaque(),
    max_completion_time: field.opaque(),
    limits: field.opaque(),
  },
};

const TaskGroupInfoSchema: MessageSchema = { name: 'TaskGroupInfo', fields: { tasks: field.message(() => TaskInfoSchema, 'repeated') } };

/** `Offer.Operation.Type`. */
export const OPERATION_TYPES = [
  'UNKNOWN',
  'LAUNCH',
  'LAUNCH_GROUP',
  'RESERVE',
  'UNRESERVE',
  'CREATE',
  'DESTROY',
  'GROW_VOLUME',
  'SHRINK_VOLUME',
  'CREATE_DISK',
  'DESTROY_DISK',
] as const;

/** `Offer.Operation` (LAUNCH and LAUNCH_GROUP are read; the rest are opaque). */
export const OperationSchema: MessageSchema = {
  name: 'Offer.Operation',
  fields: {
    type: field.enum(OPERATION_TYPES),
    id: field.message(() => OperationIdSchema),
    launch: field.message(() => ({ name: 'Launch', fields: { task_infos: field.message(() => TaskInfoSchema, 'repeated') } })),
    launch_group: field.message(() => ({
      name: 'LaunchGroup',
      fields: { executor: field.message(() => ExecutorInfoSchema, 'required'), task_group: field.message(() => TaskGroupInfoSchema, 'required') },
    })),
    reserve: field.opaque(),
    unreserve: field.opaque(),
    create: field.opaque(),
    destroy: field.opaque(),
    grow_volume: field.opaque(),
    shrink_volume: field.opaque(),
    create_disk: field.opaque(),
    destroy_disk: field.opaque(),
  },
};

const FiltersSchema: MessageSchema = { name: 'Filters', fields: { refuse_seconds: field.double() } };
const rolesOnly = (name: string): MessageSchema => ({ name, fields: { roles: field.string('repeated') } });

/** `scheduler.Call.Type`. */
export const CALL_TYPES = [
  'UNKNOWN',
  'SUBSCRIBE',
  'TEARDOWN',
  'ACCEPT',
  'DECLINE',
  'ACCEPT_INVERSE_OFFERS',
  'DECLINE_INVERSE_OFFERS',
  'REVIVE',
  'KILL',
  'SHUTDOWN',
  'ACKNOWLEDGE',
  'ACKNOWLEDGE_OPERATION_STATUS',
  'RECONCILE',
  'RECONCILE_OPERATIONS',
  'MESSAGE',
  'REQUEST',
  'SUPPRESS',
  'UPDATE_FRAMEWORK',
] as const;

/** A v1 call type name. */
export type CallType = (typeof CALL_TYPES)[number];

/** `scheduler.Call`. */
export const CallSchema: MessageSchema = {
  name: 'scheduler.Call',
  fields: {
    framework_id: field.message(() => FrameworkIdSchema),
    type: field.enum(CALL_TYPES),
    subscribe: field.message(() => ({
      name: 'Subscribe',
      fields: { framework_info: field.message(() => FrameworkInfoSchema, 'required'), suppressed_roles: field.string('repeated'), offer_constraints: field.opaque() },
    })),
    accept: field.message(() => ({
      name: 'Accept',
      fields: { offer_ids: field.message(() => OfferIdSchema, 'repeated'), operations: field.message(() => OperationSchema, 'repeated'), filters: field.message(() => FiltersSchema) },
    })),
    decline: field.message(() => ({ name: 'Decline', fields: { offer_ids: field.message(() => OfferIdSchema, 'repeated'), filters: field.message(() => FiltersSchema) } })),
    accept_inverse_offers: field.opaque(),
    decline_inverse_offers: field.opaque(),
    revive: field.message(() => rolesOnly('Revive')),
    kill: field.message(() => ({
      name: 'Kill',
      fields: { task_id: field.message(() => TaskIdSchema, 'required'), agent_id: field.message(() => AgentIdSchema), kill_policy: field.opaque() },
    })),
    shutdown: field.message(() => ({
      name: 'Shutdown',
      fields: { executor_id: field.message(() => ExecutorIdSchema, 'required'), agent_id: field.message(() => AgentIdSchema, 'required') },
    })),
    acknowledge: field.message(() => ({
      name: 'Acknowledge',
      fields: { agent_id: field.message(() => AgentIdSchema, 'required'), task_id: field.message(() => TaskIdSchema, 'required'), uuid: field.bytes('required') },
    })),
    acknowledge_operation_status: field.message(() => ({
      name: 'AcknowledgeOperationStatus',
      fields: {
        agent_id: field.message(() => AgentIdSchema),
        resource_provider_id: field.opaque(),
        uuid: field.bytes('required'),
        operation_id: field.message(() => OperationIdSchema, 'required'),
      },
    })),
    reconcile: field.message(() => ({
      name: 'Reconcile',
      fields: {
        tasks: field.message(
          () => ({ name: 'Reconcile.Task', fields: { task_id: field.message(() => TaskIdSchema, 'required'), agent_id: field.message(() => AgentIdSchema) } }),
          'repeated',
        ),
      },
    })),
    reconcile_operations: field.opaque(),
    message: field.message(() => ({
      name: 'Message',
      fields: { agent_id: field.message(() => AgentIdSchema, 'required'), executor_id: field.message(() => ExecutorIdSchema, 'required'), data: field.bytes('required') },
    })),
    request: field.message(() => ({ name: 'Request', fields: { requests: field.opaque('repeated') } })),
    suppress: field.message(() => rolesOnly('Suppress')),
    update_framework: field.message(() => ({
      name: 'UpdateFramework',
      fields: { framework_info: field.message(() => FrameworkInfoSchema, 'required'), suppressed_roles: field.string('repeated'), offer_constraints: field.opaque() },
    })),
  },
};
