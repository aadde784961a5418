import { defineBehavior, type AnyRef, type Behavior, type Ref } from '../../lib/actor/index.js';
import { createAllocator, type Allocator, type AllocatorOptions } from './allocator/Allocator.js';
import './allocator/DrfAllocator.js';
import type { LeaseMsg } from './LeaseProtocol.js';
import { MasterMsg } from './MasterProtocol.js';
import { MESOS_DEFAULTS, type MesosConfig } from './MesosConfig.js';
import { onPingAgents, onPong, onRegisterAgent, onReregisterTimeout, onStatusUpdate } from './master/agents.js';
import {
  onAcknowledge,
  onFailoverTimeout,
  onFrameworkGone,
  onFrameworkMessage,
  onKill,
  onReconcile,
  onReviveSuppress,
  onShutdown,
  onSubscribe,
  onTeardown,
} from './master/frameworks.js';
import { leaseTick, onLeaseReply, onWriteAck, startLeading, stepDown } from './master/leadership.js';
import { onAccept, onDecline, onOfferTimeout, runAllocation } from './master/offers.js';
import { masterSnapshot } from './master/masterSnapshot.js';
import type { MasterState, MasterView } from './master/MasterState.js';

/** Options of a master. */
export interface MasterOptions {
  /** The lease-store replicas (the ZooKeeper ensemble). */
  replicas: ReadonlyArray<Ref<LeaseMsg>>;
  /** Timers and limits. @default MESOS_DEFAULTS */
  config?: MesosConfig;
  /** The allocation policy, by registry name. @default 'drf' */
  allocator?: string;
  /** Weights and quotas for the policy. @default none */
  allocatorOptions?: AllocatorOptions;
  /** Called at every (re)start with the live state, for invariants and inspection (never mutate it). */
  onState?: (node: string, state: MasterView) => void;
}

/**
 * A Mesos master: one of several candidates; the one holding the lease
 * leads. The leader registers agents, pings them, runs the allocator every
 * allocation interval and after events, sends offers, handles the
 * frameworks' calls, tracks tasks through their status updates, and times
 * out frameworks that stay away longer than their failover timeout. Its
 * state is memory only (plus the agent registry in the lease store): after a
 * fail-over, agents and frameworks re-register with the new leader, which
 * rebuilds everything from what they report.
 *
 * Milestones: `leader-elected`, `leader-lost`, `agent-registered`,
 * `agent-unreachable`, `framework-subscribed`, `framework-failed-over`,
 * `framework-disconnected`, `framework-removed`, `offer-made`,
 * `offer-rescinded`, `task-launched`, `task-state`.
 *
 * @example
 * const Master = masterBehavior({ replicas: ['zk1', 'zk2', 'zk3'].map((n) => pathRef<LeaseMsg>(n, '/lease')) });
 * sim.node('master1', { boot: (n) => n.spawn(Master, 'master') });
 */
export const masterBehavior = (options: MasterOptions): Behavior<MasterMsg, MasterState> => {
  const config = options.config ?? MESOS_DEFAULTS;
  const newAllocator = (): Allocator => createAllocator(options.allocator ?? 'drf', options.allocatorOptions ?? {});
  return defineBehavior({
    name: 'mesos-master',
    protocol: MasterMsg,
    init: (ctx) => {
      const s: MasterState = {
        config,
        replicas: options.replicas as ReadonlyArray<AnyRef>,
        role: 'standby',
        epoch: 0,
        maxEpochSeen: 0,
        attempt: 0,
        attemptStart: 0,
        proposedEpoch: 0,
        grants: new Set(),
        grantedRegistry: new Map(),
        leaseUntil: 0,
        allocator: newAllocator(),
        agents: new Map(),
        frameworks: new Map(),
        completedFrameworks: new Set(),
        tasks: new Map(),
        unreachableTasks: new Map(),
        offers: new Map(),
        registry: new Map(),
        recovering: new Set(),
        pendingWrites: new Map(),
        admitting: new Set(),
        seq: 0,
        lastRemovalAt: -Infinity,
      };
      ctx.timers.startSingleTimer('lease-tick', { type: 'lease-tick' }, ctx.random.int(0, Math.max(0, Math.floor(config.leaseRenewMs / 4))));
      options.onState?.(ctx.node, s);
      return s;
    },
    receive: (s, msg, ctx) => {
      const reset = (): void => {
        s.role = 'standby';
        s.allocator = newAllocator();
        for (const m of [s.agents, s.frameworks, s.tasks, s.unreachableTasks, s.offers, s.registry, s.pendingWrites]) m.clear();
        for (const x of [s.completedFrameworks, s.recovering, s.admitting]) x.clear();
      };
      if (s.role === 'leader' && ctx.now() >= s.leaseUntil) stepDown(s, ctx, reset);
      switch (msg.type) {
        case 'lease-tick':
          leaseTick(s, ctx, reset);
          return s;
        case 'lease-reply':
          onLeaseReply(s, ctx, msg, () => startLeading(s, ctx));
          return s;
        case 'get-state':
          ctx.tell(msg.replyTo, masterSnapshot(s, ctx.now()));
          return s;
        default:
      }
      if (s.role !== 'leader') {
        // A standby master answers agents so they look for the leader again; frameworks time out and do the same.
        if (msg.type === 'register-agent') ctx.tell(msg.replyTo, { type: 'not-leader', master: ctx.self });
        return s;
      }
      switch (msg.type) {
        case 'write-ack':
          onWriteAck(s, msg);
          return s;
        case 'allocate':
          runAllocation(s, ctx);
          return s;
        case 'ping-agents':
          onPingAgents(s, ctx);
          return s;
        case 'heartbeat':
          for (const fw of s.frameworks.values()) if (fw.connected && fw.ref !== undefined) ctx.tell(fw.ref, { type: 'heartbeat' });
          return s;
        case 'offer-timeout':
          onOfferTimeout(s, ctx, msg.offerId);
          return s;
        case 'failover-timeout':
          onFailoverTimeout(s, ctx, msg.frameworkId, msg.generation);
          return s;
        case 'framework-gone':
          onFrameworkGone(s, ctx, msg.frameworkId, msg.generation);
          return s;
        case 'reregister-timeout':
          onReregisterTimeout(s, ctx);
          return s;
        case 'register-agent':
          onRegisterAgent(s, ctx, msg);
          return s;
        case 'pong':
          onPong(s, msg);
          return s;
        case 'status-update':
          onStatusUpdate(s, ctx, msg);
          return s;
        case 'subscribe':
          onSubscribe(s, ctx, msg);
          return s;
        default:
      }
      // Every other call names a framework and must come from its current subscriber.
      const fw = s.frameworks.get(msg.frameworkId);
      const from = ctx.sender;
      if (fw === undefined || fw.ref === undefined || !fw.connected || from === undefined || from.path !== fw.ref.path || from.node !== fw.ref.node || from.incarnation !== fw.ref.incarnation) return s;
      switch (msg.type) {
        case 'accept':
          onAccept(s, ctx, fw, msg);
          return s;
        case 'decline':
          onDecline(s, ctx, fw, msg.offerIds, msg.refuseMs);
          return s;
        case 'revive':
        case 'suppress':
          onReviveSuppress(s, ctx, fw, msg);
          return s;
        case 'kill':
          onKill(s, ctx, fw, msg);
          return s;
        case 'shutdown':
          onShutdown(s, ctx, fw, msg);
          return s;
        case 'acknowledge':
          onAcknowledge(s, ctx, fw, msg);
          return s;
        case 'reconcile':
          onReconcile(s, ctx, fw, msg);
          return s;
        case 'framework-message':
          onFrameworkMessage(s, ctx, fw, msg);
          return s;
        case 'teardown':
          onTeardown(s, ctx, fw);
          return s;
      }
    },
  });
};
