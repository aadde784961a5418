import { request, type IncomingHttpHeaders } from 'node:http';
import * as E from 'fp-ts/Either';
import { RecordIODecoder } from '../../../../actors/mesos/http/RecordIO.js';
import { FAST_MESOS, mesosConfig, type MesosConfig } from '../../../../actors/mesos/MesosConfig.js';

/** Mesos timers for live specs: short enough that a server is ready in ~100 ms and tasks run in tens of ms. */
export const SPEC_CONFIG: MesosConfig = mesosConfig(
  {
    allocationIntervalMs: 50,
    heartbeatIntervalMs: 200,
    detectIntervalMs: 50,
    registrationBackoffMs: 10,
    registrationBackoffMaxMs: 200,
    leaseTtlMs: 600,
    leaseRenewMs: 100,
    taskStartMs: 10,
    defaultRefuseMs: 300,
    statusUpdateRetryMs: 300,
    statusUpdateRetryMaxMs: 2000,
  },
  FAST_MESOS,
);

/** A v1 event as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type V1Event = { type: string } & Record<string, any>;

/** A SUBSCRIBE stream read by a spec. */
export interface EventStream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly streamId: string;
  /** Every event received so far. */
  readonly events: V1Event[];
  /** The framework id from SUBSCRIBED (after `next('SUBSCRIBED')`). */
  frameworkId: string;
  /** The next event of this type (and matching `match`) not taken yet; rejects after `timeoutMs`. */
  next(type: string, match?: (e: V1Event) => boolean, timeoutMs?: number): Promise<V1Event>;
  /** Call `listener` with every event from now on (it does not take them). */
  onEvent(listener: (e: V1Event) => void): void;
  /** Resolves when the server ends the stream (or the connection closes). */
  readonly ended: Promise<void>;
  /** Close the connection from the client side. */
  close(): void;
}

/** A framework_info with the given fields (user and name filled in). */
export const frameworkInfo = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ user: 'spec', name, ...extra });

/** POST a SUBSCRIBE and read its RecordIO stream. */
export const subscribe = (baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<EventStream> =>
  new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/api/v1/scheduler`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } });
    req.on('error', reject);
    req.on('response', (res) => {
      const events: V1Event[] = [];
      const taken = new Set<number>();
      const waiters: Array<() => void> = [];
      const listeners: Array<(e: V1Event) => void> = [];
      const decoder = new RecordIODecoder();
      let endedResolve: () => void = () => undefined;
      const ended = new Promise<void>((r) => (endedResolve = r));
      const wake = (): void => {
        for (const w of waiters.splice(0)) w();
      };
      res.on('data', (chunk: Buffer) => {
        const records = decoder.push(chunk);
        if (E.isLeft(records)) throw new Error(records.left.message);
        for (const r of records.right) {
          if (r.includes('\n')) throw new Error(`a record holds a newline: ${r}`);
          const event = JSON.parse(r) as V1Event;
          events.push(event);
          for (const l of listeners) l(event);
        }
        wake();
      });
      const finish = (): void => {
        endedResolve();
        wake();
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
      let done = false;
      void ended.then(() => (done = true));
      const stream: EventStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        streamId: String(res.headers['mesos-stream-id'] ?? ''),
        events,
        frameworkId: '',
        next: (type, match = () => true, timeoutMs = 3000) =>
          new Promise<V1Event>((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no ${type} event within ${timeoutMs} ms; got ${events.map((e) => e.type).join(',')}`)), timeoutMs);
            const look = (): void => {
              const i = events.findIndex((e, j) => !taken.has(j) && e.type === type && match(e));
              if (i >= 0) {
                taken.add(i);
                clearTimeout(timer);
                if (type === 'SUBSCRIBED') stream.frameworkId = events[i].subscribed.framework_id.value as string;
                ok(events[i]);
              } else if (done) {
                clearTimeout(timer);
                fail(new Error(`stream ended without a ${type} event; got ${events.map((e) => e.type).join(',')}`));
              } else waiters.push(look);
            };
            look();
          }),
        onEvent: (listener) => listeners.push(listener),
        ended,
        close: () => {
          req.destroy();
          res.destroy();
        },
      };
      resolve(stream);
    });
    req.end(typeof body === 'string' ? body : JSON.stringify(body));
  });

/** What a plain POST got back. */
export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
}

/** POST a body (JSON-encoded unless a string) to the scheduler endpoint. */
export const post = async (baseUrl: string, body: unknown, headers: Record<string, string> = {}, path = '/api/v1/scheduler'): Promise<Answer> => {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    redirect: 'manual',
  });
  return { status: res.status, body: await res.text(), headers: res.headers };
};

/** A call on a subscription: framework id and stream id filled in. */
export const callOn = (baseUrl: string, stream: EventStream, type: string, fields: Record<string, unknown> = {}): Promise<Answer> =>
  post(baseUrl, { framework_id: { value: stream.frameworkId }, type, ...fields }, { 'Mesos-Stream-Id': stream.streamId });

/** A LAUNCH operation of one command task on an offer. */
export const launchOn = (offer: V1Event, taskId: string, command: string, cpus = 1): Record<string, unknown> => ({
  accept: {
    offer_ids: [offer.id],
    operations: [
      {
        type: 'LAUNCH',
        launch: {
          task_infos: [{ name: taskId, task_id: { value: taskId }, agent_id: offer.agent_id, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: cpus } }, { name: 'mem', type: 'SCALAR', scalar: { value: 64 } }], command: { value: command } }],
        },
      },
    ],
  },
});

/** GET a JSON document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const getJson = async (url: string): Promise<any> => (await fetch(url)).json();

/**
 * Retry `check` until it returns true (live specs observe a real-time system;
 * this polls, it asserts nothing about timing). Rejects after `timeoutMs`.
 */
export const eventually = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 3000): Promise<void> => {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`not ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
