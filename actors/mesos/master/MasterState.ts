import type { AnyRef, Ref } from '../../../lib/actor/index.js';
import type { Allocator } from '../allocator/Allocator.js';
import type { AgentMsg } from '../AgentProtocol.js';
import type { Attributes, FrameworkInfo, Offer } from '../FrameworkInfo.js';
import type { RegistryEntry } from '../LeaseProtocol.js';
import type { MesosConfig } from '../MesosConfig.js';
import type { Resources } from '../Resources.js';
import type { SchedulerEvent } from '../SchedulerEvent.js';
import type { TaskInfo } from '../TaskInfo.js';
import type { TaskState } from '../TaskState.js';

/** A task as the master tracks it. */
export interface MasterTask {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly info: TaskInfo;
  state: TaskState;
  /** Whether its resources are counted as used in the allocator (until a terminal update). */
  counted: boolean;
  /** uuid of the latest update forwarded and not yet acknowledged. */
  pendingUuid: string | undefined;
}

/** A registered agent. */
export interface MasterAgent {
  readonly id: string;
  hostname: string;
  ref: Ref<AgentMsg>;
  total: Resources;
  attributes: Attributes;
  /** Keys (`frameworkId/taskId`) of its tasks. */
  readonly tasks: Set<string>;
  missedPings: number;
  pongSincePing: boolean;
}

/** A framework known to the master (subscribed, disconnected, or recovered from agents). */
export interface MasterFramework {
  readonly id: string;
  info: FrameworkInfo;
  ref: Ref<SchedulerEvent> | undefined;
  connected: boolean;
  /** Bumped at every (re)subscription: stale death-watch notices and failover timers are ignored. */
  generation: number;
  readonly offers: Set<string>;
  readonly tasks: Set<string>;
}

/** An outstanding offer. */
export interface MasterOffer extends Offer {
  readonly createdAt: number;
}

/** Registration waiting for its registry write. */
export interface PendingWrite {
  readonly entries: RegistryEntry[];
  readonly acks: Set<string>;
  readonly onDone: Array<() => void>;
  sentAt: number;
}

/**
 * A master's whole state. It is mutable (a master handles thousands of
 * messages a second); read it through {@link MasterView} from outside.
 */
export interface MasterState {
  readonly config: MesosConfig;
  readonly replicas: ReadonlyArray<AnyRef>;
  role: 'standby' | 'leader';
  epoch: number;
  maxEpochSeen: number;
  attempt: number;
  attemptStart: number;
  proposedEpoch: number;
  readonly grants: Set<string>;
  grantedRegistry: Map<string, RegistryEntry>;
  leaseUntil: number;
  // ---- leader state (reset when leadership changes)
  allocator: Allocator;
  readonly agents: Map<string, MasterAgent>;
  readonly frameworks: Map<string, MasterFramework>;
  /** Frameworks removed (torn down or failover timeout): they may not resubscribe. */
  readonly completedFrameworks: Set<string>;
  readonly tasks: Map<string, MasterTask>;
  /** Tasks of unreachable agents (answered UNREACHABLE/LOST on reconciliation, re-added if the agent returns). */
  readonly unreachableTasks: Map<string, MasterTask>;
  readonly offers: Map<string, MasterOffer>;
  readonly registry: Map<string, RegistryEntry>;
  /** Agents of the registry that have not re-registered since this master was elected. */
  readonly recovering: Set<string>;
  readonly pendingWrites: Map<number, PendingWrite>;
  /** Agents waiting for their admission write, by id. */
  readonly admitting: Set<string>;
  seq: number;
  lastRemovalAt: number;
}

/** The read-only face of a master's state (for invariants, specs and /master/state). */
export type MasterView = Readonly<MasterState>;

/** The key of a task in the master's maps. */
export const taskKey = (frameworkId: string, taskId: string): string => `${frameworkId}/${taskId}`;
