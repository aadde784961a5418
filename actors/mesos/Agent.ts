import { defineBehavior, sameRef, type ActorContext, type Behavior, type Ref } from '../../lib/actor/index.js';
import { AgentMsg } from './AgentProtocol.js';
import { agreedLeader, type LeaderAnswers } from './agreedLeader.js';
import type { Attributes, FrameworkInfo } from './FrameworkInfo.js';
import type { LeaseMsg } from './LeaseProtocol.js';
import type { MasterMsg } from './MasterProtocol.js';
import { MESOS_DEFAULTS, type MesosConfig } from './MesosConfig.js';
import { add, contains, EMPTY, resources, type Resources } from './Resources.js';
import type { TaskInfo, TaskStatus } from './TaskInfo.js';
import { canTransition, isTerminal, type TaskReason, type TaskState } from './TaskState.js';
import { runWorkload } from './Workload.js';

/** A task as the agent runs it (checkpointed). */
export interface AgentTaskRecord {
  readonly frameworkId: string;
  readonly role: string;
  readonly info: TaskInfo;
  state: TaskState;
  /** When it became RUNNING, and how and when it ends (undefined: runs until killed). */
  runningSince: number | undefined;
  readonly runMs: number | undefined;
  readonly endState: 'TASK_FINISHED' | 'TASK_FAILED' | 'TASK_ERROR';
  readonly endMessage: string | undefined;
}

/** What an agent checkpoints on its node's disk (survives a crash and restart of the agent). */
export interface AgentCheckpoint {
  agentId: string | null;
  uuidSeq: number;
  readonly tasks: Map<string, AgentTaskRecord>;
  readonly frameworks: Map<string, FrameworkInfo>;
  /** Unacknowledged status updates per task, oldest first: the head is sent, retried until acknowledged. */
  readonly updates: Map<string, TaskStatus[]>;
}

/** An agent's whole state. */
export interface AgentState {
  readonly config: MesosConfig;
  readonly hostname: string;
  readonly resources: Resources;
  readonly attributes: Attributes;
  readonly replicas: ReadonlyArray<Ref<LeaseMsg>>;
  readonly cp: AgentCheckpoint;
  master: Ref<MasterMsg> | undefined;
  registered: boolean;
  candidate: Ref<MasterMsg> | undefined;
  leaderEpoch: number;
  backoffMs: number;
  lastPingAt: number;
  /** Retry delay per update queue. */
  readonly retryMs: Map<string, number>;
  /** Kills that arrived before their launch (reordered messages). */
  readonly killedBeforeLaunch: Set<string>;
  /** Launches refused because they did not fit (a master bug if it ever happens). */
  overcommits: number;
  /** The replicas' last answers to `who-leads`. */
  readonly answers: LeaderAnswers;
  detectTicks: number;
}

/** The read-only face of an agent's state. */
export type AgentView = Readonly<AgentState>;

/** Options of an agent. */
export interface AgentOptions {
  hostname: string;
  resources: Resources;
  attributes?: Attributes;
  replicas: ReadonlyArray<Ref<LeaseMsg>>;
  /** @default MESOS_DEFAULTS */
  config?: MesosConfig;
  /** Called at every (re)start with the live state, for invariants and inspection. */
  onState?: (node: string, state: AgentView) => void;
}

const DISK_KEY = 'mesos-agent';
type Ctx = ActorContext<AgentMsg>;
const key = (frameworkId: string, taskId: string): string => `${frameworkId}/${taskId}`;

/** What the agent's live tasks use. */
export const agentUsed = (s: AgentView): Resources => {
  let used = EMPTY;
  for (const t of s.cp.tasks.values()) if (!isTerminal(t.state)) used = add(used, t.info.resources);
  return used;
};

/**
 * A Mesos agent: finds the leading master through the lease store,
 * registers (re-registers with its id, tasks and frameworks after a restart
 * or a master fail-over), answers pings, runs tasks through simulated
 * executors (see {@link Workload}) along STAGING → STARTING → RUNNING →
 * terminal, and sends each state change as a status update that it retries
 * until the framework acknowledges it. Tasks, frameworks and pending updates
 * are checkpointed on the node's disk: after a crash the agent recovers them
 * (a task whose time ran out while the agent was down is reported ended).
 * It obeys only the master it registered with.
 *
 * @example
 * const Agent = agentBehavior({ hostname: 'agent1', resources: resources({ cpus: 4, mem: 8192 }), replicas });
 * sim.node('agent1', { boot: (n) => n.spawn(Agent, 'agent') });
 */
export const agentBehavior = (options: AgentOptions): Behavior<AgentMsg, AgentState> => {
  const config = options.config ?? MESOS_DEFAULTS;
  const total = resources(options.resources);
  return defineBehavior({
    name: 'mesos-agent',
    protocol: AgentMsg,
    init: (ctx) => {
      let cp = ctx.disk.get(DISK_KEY) as AgentCheckpoint | undefined;
      if (cp === undefined) {
        cp = { agentId: null, uuidSeq: 0, tasks: new Map(), frameworks: new Map(), updates: new Map() };
        ctx.disk.set(DISK_KEY, cp);
      }
      const s: AgentState = {
        config,
        hostname: options.hostname,
        resources: total,
        attributes: options.attributes ?? {},
        replicas: options.replicas,
        cp,
        master: undefined,
        registered: false,
        candidate: undefined,
        leaderEpoch: 0,
        backoffMs: config.registrationBackoffMs,
        lastPingAt: ctx.now(),
        retryMs: new Map(),
        killedBeforeLaunch: new Set(),
        overcommits: 0,
        answers: new Map(),
        detectTicks: 0,
      };
      recoverTasks(s, ctx);
      ctx.timers.startPeriodicTimer('detect', { type: 'detect' }, config.detectIntervalMs, 0);
      options.onState?.(ctx.node, s);
      return s;
    },
    receive: (s, msg, ctx) => {
      switch (msg.type) {
        case 'detect':
          if (s.registered && ctx.now() - s.lastPingAt > config.agentPingTimeoutMs * config.maxAgentPingTimeouts) {
            s.registered = false; // the master stopped pinging: look for a leader again
            s.master = undefined;
          }
          // Registered agents hear of a new leader a little later (every 4th tick) to keep the store's load down.
          if (!s.registered || ++s.detectTicks % 4 === 0) for (const r of s.replicas) ctx.tell(r, { type: 'who-leads', replyTo: ctx.self });
          return s;
        case 'leader-is': {
          s.answers.set(msg.replica, { leader: msg.leader, epoch: msg.epoch });
          const agreed = agreedLeader(s.answers, s.replicas.length);
          if (agreed !== undefined) onLeaderIs(s, ctx, agreed.leader as Ref<MasterMsg>, agreed.epoch);
          return s;
        }
        case 'register':
          sendRegistration(s, ctx);
          return s;
        case 'agent-state':
          ctx.tell(msg.replyTo, { hostname: s.hostname, agentId: s.cp.agentId, registered: s.registered, tasks: [...s.cp.tasks.values()] });
          return s;
        case 'task-step':
          stepTask(s, ctx, msg.frameworkId, msg.taskId, msg.state);
          return s;
        case 'retry-update':
          sendHead(s, ctx, msg.key, true);
          return s;
        case 'not-leader':
          if (s.candidate !== undefined && sameRef(s.candidate, msg.master)) s.candidate = undefined;
          return s;
        case 'registered':
          if (s.candidate === undefined || !sameRef(s.candidate, msg.master)) return s;
          s.master = s.candidate;
          s.registered = true;
          s.cp.agentId = msg.agentId;
          s.lastPingAt = ctx.now();
          s.backoffMs = config.registrationBackoffMs;
          ctx.timers.cancel('register');
          for (const k of s.cp.updates.keys()) sendHead(s, ctx, k, false);
          return s;
        default:
      }
      // Everything else must come from the master this agent registered with.
      if (!s.registered || s.master === undefined || !sameRef(s.master, msg.master)) return s;
      switch (msg.type) {
        case 'ping':
          s.lastPingAt = ctx.now();
          ctx.tell(s.master, { type: 'pong', agentId: s.cp.agentId!, agent: ctx.self });
          return s;
        case 'run-tasks':
          runTasks(s, ctx, msg.frameworkId, msg.framework, msg.role, msg.tasks);
          return s;
        case 'kill-task':
          killTask(s, ctx, msg.frameworkId, msg.taskId);
          return s;
        case 'shutdown-framework':
          shutdownFramework(s, ctx, msg.frameworkId);
          return s;
        case 'status-ack':
          onAck(s, ctx, key(msg.frameworkId, msg.taskId), msg.uuid);
          return s;
        case 'framework-message':
          ctx.milestone('executor-message', { frameworkId: msg.frameworkId, executorId: msg.executorId, bytes: msg.data.length });
          return s;
      }
    },
  });
};

const onLeaderIs = (s: AgentState, ctx: Ctx, leader: Ref<MasterMsg>, epoch: number): void => {
  if (epoch < s.leaderEpoch) return;
  s.leaderEpoch = epoch;
  if (s.registered && s.master !== undefined && sameRef(s.master, leader)) return;
  if (s.candidate !== undefined && sameRef(s.candidate, leader) && ctx.timers.isActive('register')) return;
  // A new leader: (re-)register after a random backoff, as Mesos agents do.
  s.registered = false;
  s.master = undefined;
  s.candidate = leader;
  ctx.timers.startSingleTimer('register', { type: 'register' }, ctx.random.int(0, s.backoffMs));
};

const sendRegistration = (s: AgentState, ctx: Ctx): void => {
  if (s.registered || s.candidate === undefined) return;
  const frameworks = [...s.cp.frameworks].map(([frameworkId, info]) => ({ frameworkId, info }));
  const tasks = [...s.cp.tasks.values()].map((t) => ({ frameworkId: t.frameworkId, role: t.role, task: t.info, state: t.state }));
  ctx.tell(s.candidate, { type: 'register-agent', agentId: s.cp.agentId, hostname: s.hostname, resources: s.resources, attributes: s.attributes, tasks, frameworks, replyTo: ctx.self });
  s.backoffMs = Math.min(s.backoffMs * 2, s.config.registrationBackoffMaxMs);
  ctx.timers.startSingleTimer('register', { type: 'register' }, s.backoffMs);
};

/** After a restart: resume every checkpointed task where its schedule says it is now. */
const recoverTasks = (s: AgentState, ctx: Ctx): void => {
  for (const t of s.cp.tasks.values()) {
    if (isTerminal(t.state)) continue;
    if (t.state === 'TASK_STAGING') scheduleStep(ctx, t, 'TASK_STARTING', s.config.taskStartMs);
    else if (t.state === 'TASK_STARTING') scheduleStep(ctx, t, 'TASK_RUNNING', s.config.taskStartMs);
    else if (t.state === 'TASK_KILLING') scheduleStep(ctx, t, 'TASK_KILLED', 0);
    else if (t.state === 'TASK_RUNNING' && t.runMs !== undefined && t.runningSince !== undefined) {
      scheduleStep(ctx, t, t.endState, Math.max(0, t.runningSince + t.runMs - ctx.now()));
    }
  }
};

const scheduleStep = (ctx: Ctx, t: AgentTaskRecord, state: TaskState, delayMs: number): void => {
  ctx.timers.startSingleTimer(`task-${t.frameworkId}/${t.info.taskId}`, { type: 'task-step', frameworkId: t.frameworkId, taskId: t.info.taskId, state }, delayMs);
};

const runTasks = (s: AgentState, ctx: Ctx, frameworkId: string, framework: FrameworkInfo, role: string, tasks: ReadonlyArray<TaskInfo>): void => {
  s.cp.frameworks.set(frameworkId, framework);
  for (const info of tasks) {
    const k = key(frameworkId, info.taskId);
    if (s.cp.tasks.has(k)) continue; // a duplicate delivery
    const outcome = runWorkload(info, ctx.random);
    const rec: AgentTaskRecord = { frameworkId, role, info, state: 'TASK_STAGING', runningSince: undefined, runMs: outcome.runMs, endState: outcome.state, endMessage: outcome.message };
    if (s.killedBeforeLaunch.delete(k)) {
      s.cp.tasks.set(k, rec);
      transition(s, ctx, rec, 'TASK_KILLED', 'REASON_TASK_KILLED_DURING_LAUNCH', 'killed before it was launched');
      continue;
    }
    if (!contains(subtractUsed(s), info.resources)) {
      s.overcommits++;
      s.cp.tasks.set(k, rec);
      transition(s, ctx, rec, 'TASK_DROPPED', 'REASON_RESOURCES_UNKNOWN', 'not enough free resources on the agent');
      continue;
    }
    s.cp.tasks.set(k, rec);
    scheduleStep(ctx, rec, 'TASK_STARTING', s.config.taskStartMs);
  }
};

const subtractUsed = (s: AgentState): Resources => {
  const used = agentUsed(s);
  return { cpus: s.resources.cpus - used.cpus, mem: s.resources.mem - used.mem, disk: s.resources.disk - used.disk, ports: s.resources.ports };
};

const stepTask = (s: AgentState, ctx: Ctx, frameworkId: string, taskId: string, state: TaskState): void => {
  const t = s.cp.tasks.get(key(frameworkId, taskId));
  if (t === undefined || !canTransition(t.state, state)) return;
  if (state === 'TASK_STARTING') {
    transition(s, ctx, t, state);
    scheduleStep(ctx, t, 'TASK_RUNNING', s.config.taskStartMs);
  } else if (state === 'TASK_RUNNING') {
    t.runningSince = ctx.now();
    transition(s, ctx, t, state);
    if (t.runMs !== undefined) scheduleStep(ctx, t, t.endState, t.runMs);
  } else transition(s, ctx, t, state, state === 'TASK_FAILED' ? 'REASON_COMMAND_EXECUTOR_FAILED' : undefined, state === t.endState ? t.endMessage : undefined);
};

const killTask = (s: AgentState, ctx: Ctx, frameworkId: string, taskId: string): void => {
  const k = key(frameworkId, taskId);
  const t = s.cp.tasks.get(k);
  if (t === undefined) {
    s.killedBeforeLaunch.add(k);
    return;
  }
  if (isTerminal(t.state) || t.state === 'TASK_KILLING') return;
  if (s.cp.frameworks.get(frameworkId)?.taskKillingState === true && t.state === 'TASK_RUNNING') {
    transition(s, ctx, t, 'TASK_KILLING');
    scheduleStep(ctx, t, 'TASK_KILLED', s.config.taskStartMs);
    return;
  }
  ctx.timers.cancel(`task-${k}`);
  transition(s, ctx, t, 'TASK_KILLED');
};

const shutdownFramework = (s: AgentState, ctx: Ctx, frameworkId: string): void => {
  for (const [k, t] of [...s.cp.tasks]) {
    if (t.frameworkId !== frameworkId) continue;
    ctx.timers.cancel(`task-${k}`);
    ctx.timers.cancel(`retry-${k}`);
    if (!isTerminal(t.state)) ctx.milestone('task-state', { taskId: t.info.taskId, frameworkId, state: 'TASK_KILLED', agentId: s.cp.agentId, why: 'framework removed' });
    s.cp.tasks.delete(k);
    s.cp.updates.delete(k);
    s.retryMs.delete(k);
  }
  s.cp.frameworks.delete(frameworkId);
};

/** Move a task to a new state and queue the status update. */
const transition = (s: AgentState, ctx: Ctx, t: AgentTaskRecord, state: TaskState, reason?: TaskReason, message?: string): void => {
  t.state = state;
  const k = key(t.frameworkId, t.info.taskId);
  const status: TaskStatus = {
    taskId: t.info.taskId,
    frameworkId: t.frameworkId,
    agentId: s.cp.agentId ?? '',
    state,
    source: state === 'TASK_DROPPED' ? 'SOURCE_AGENT' : 'SOURCE_EXECUTOR',
    timestampMs: ctx.now(),
    uuid: `${s.cp.agentId ?? s.hostname}:${++s.cp.uuidSeq}`,
    ...(reason === undefined ? {} : { reason }),
    ...(message === undefined ? {} : { message }),
  };
  let queue = s.cp.updates.get(k);
  if (queue === undefined) s.cp.updates.set(k, (queue = []));
  queue.push(status);
  if (queue.length === 1) sendHead(s, ctx, k, false);
};

/** Send (or resend) the oldest unacknowledged update of a task, and arm its retry. */
const sendHead = (s: AgentState, ctx: Ctx, k: string, retry: boolean): void => {
  const head = s.cp.updates.get(k)?.[0];
  if (head === undefined) return;
  const prev = s.retryMs.get(k);
  const delay = retry && prev !== undefined ? Math.min(prev * 2, s.config.statusUpdateRetryMaxMs) : s.config.statusUpdateRetryMs;
  s.retryMs.set(k, delay);
  ctx.timers.startSingleTimer(`retry-${k}`, { type: 'retry-update', key: k }, delay);
  if (!s.registered || s.master === undefined) return;
  ctx.tell(s.master, { type: 'status-update', agent: ctx.self, status: { ...head, agentId: s.cp.agentId ?? head.agentId } });
};

const onAck = (s: AgentState, ctx: Ctx, k: string, uuid: string): void => {
  const queue = s.cp.updates.get(k);
  if (queue === undefined || queue[0]?.uuid !== uuid) return;
  queue.shift();
  if (queue.length > 0) {
    sendHead(s, ctx, k, false);
    return;
  }
  s.cp.updates.delete(k);
  s.retryMs.delete(k);
  ctx.timers.cancel(`retry-${k}`);
  const t = s.cp.tasks.get(k);
  if (t !== undefined && isTerminal(t.state)) {
    s.cp.tasks.delete(k);
    if (![...s.cp.tasks.values()].some((x) => x.frameworkId === t.frameworkId)) s.cp.frameworks.delete(t.frameworkId);
  }
};
