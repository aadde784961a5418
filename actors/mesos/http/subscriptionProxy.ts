import * as t from 'io-ts';
import { defineBehavior, sameRef, type Behavior, type Ref } from '../../../lib/actor/index.js';
import type { FrameworkInfo } from '../FrameworkInfo.js';
import { SchedulerCall, type MasterMsg } from '../MasterProtocol.js';
import { SchedulerEvent } from '../SchedulerEvent.js';

/** A task answered TASK_ERROR by the front door (it cannot be expressed in the model). */
const Rejected = t.type({ taskId: t.string, agentId: t.string, message: t.string });

/**
 * Protocol of a subscription proxy: the master's events, calls arriving on
 * other HTTP connections, and notices from the HTTP side and its timers.
 */
export const SubscriptionMsg = t.union([
  SchedulerEvent,
  t.type({ type: t.literal('http-call'), call: SchedulerCall, rejected: t.array(Rejected) }),
  t.type({ type: t.literal('connection-closed') }),
  t.type({ type: t.literal('subscribe-timeout') }),
  t.type({ type: t.literal('master-gone') }),
  t.type({ type: t.literal('leadership-check') }),
]);
export type SubscriptionMsg = t.TypeOf<typeof SubscriptionMsg>;

/** Where a proxy writes: the HTTP response of the SUBSCRIBE call. */
export interface EventSink {
  /** Write one event (as its own RecordIO record). */
  send(event: SchedulerEvent): void;
  /** End the stream (idempotent). */
  close(): void;
}

/** Options of a subscription proxy. */
export interface SubscriptionProxyOptions {
  /** The master this stream was opened on. */
  readonly master: Ref<MasterMsg>;
  readonly framework: FrameworkInfo;
  /** The framework id to resubscribe with (null: a new framework). */
  readonly frameworkId: string | null;
  readonly sink: EventSink;
  /** End the stream if the master has not answered the subscription by then (it may have lost its leadership). */
  readonly subscribeTimeoutMs: number;
  /** How often to check that the master still leads (a Mesos master that loses leadership exits, closing its streams). */
  readonly leadershipCheckMs: number;
  /** Whether the master still leads. */
  readonly masterLeads: () => boolean;
  /** Called when the master accepted the subscription. */
  readonly onSubscribed: (frameworkId: string) => void;
  /** Called once when the proxy stops (the stream is over). */
  readonly onStopped: () => void;
}

/** A proxy's state. */
export interface SubscriptionState {
  /** The master's own ref, once it answered SUBSCRIBED. */
  master: Ref<MasterMsg> | undefined;
  frameworkId: string | undefined;
}

/**
 * The model's message to the framework on TEARDOWN; Mesos closes the stream
 * without an ERROR event then (Framework::disconnect), so the proxy does too.
 */
const TORN_DOWN = 'Framework was torn down';

/**
 * One SUBSCRIBE stream as an actor: it plays the framework towards the
 * master (it is the subscriber the master watches and takes calls from),
 * writes every event it gets to the HTTP response, and forwards the calls
 * that arrive on other connections. When the connection closes it stops, so
 * the master sees its framework disconnect and starts the failover timeout;
 * when the master removes or fails over the framework (ERROR), dies, or
 * stops leading, it ends the stream.
 *
 * @example
 * const proxy = system.spawn(subscriptionProxy({ master, framework, frameworkId: null, sink, ... }), 'sub-1', { node: 'http', restart: 'temporary' });
 */
export const subscriptionProxy = (options: SubscriptionProxyOptions): Behavior<SubscriptionMsg, SubscriptionState> =>
  defineBehavior({
    name: 'mesos-http-subscription',
    protocol: SubscriptionMsg,
    init: (ctx) => {
      ctx.tell(options.master, { type: 'subscribe', framework: options.framework, frameworkId: options.frameworkId, replyTo: ctx.self });
      ctx.timers.startSingleTimer('subscribe-timeout', { type: 'subscribe-timeout' }, options.subscribeTimeoutMs);
      ctx.timers.startPeriodicTimer('leadership-check', { type: 'leadership-check' }, options.leadershipCheckMs);
      const s: SubscriptionState = { master: undefined, frameworkId: undefined };
      return s;
    },
    receive: (s: SubscriptionState, msg, ctx) => {
      const end = (): SubscriptionState => {
        ctx.stopSelf();
        return s;
      };
      switch (msg.type) {
        case 'http-call':
          if (s.master === undefined) return s;
          for (const r of msg.rejected) {
            options.sink.send({
              type: 'update',
              status: { taskId: r.taskId, frameworkId: s.frameworkId ?? '', agentId: r.agentId, state: 'TASK_ERROR', source: 'SOURCE_MASTER', timestampMs: ctx.now(), reason: 'REASON_TASK_INVALID', message: r.message },
            });
          }
          ctx.tell(s.master, msg.call);
          return s;
        case 'connection-closed':
        case 'master-gone':
        case 'subscribe-timeout':
          return end();
        case 'leadership-check':
          return options.masterLeads() ? s : end();
        default:
      }
      // Events count only from the master this stream subscribed to.
      const from = ctx.sender;
      if (from === undefined || from.node !== options.master.node || (s.master !== undefined && !sameRef(from, s.master))) return s;
      switch (msg.type) {
        case 'subscribed':
          s.master = msg.master as Ref<MasterMsg>;
          s.frameworkId = msg.frameworkId;
          ctx.timers.cancel('subscribe-timeout');
          ctx.watchWith(s.master, { type: 'master-gone' });
          options.onSubscribed(msg.frameworkId);
          options.sink.send(msg);
          return s;
        case 'error':
          if (msg.message !== TORN_DOWN) options.sink.send(msg);
          return end();
        default:
          if (s.master !== undefined) options.sink.send(msg);
          return s;
      }
    },
    onStop: () => {
      options.sink.close();
      options.onStopped();
    },
  });
