import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { decodeCall, planCall, validateCall, type V1Call } from '../../../../actors/mesos/http/v1Call.js';
import { resources } from '../../../../actors/mesos/Resources.js';

const decoded = (json: unknown): V1Call => {
  const c = decodeCall(JSON.stringify(json));
  if (E.isLeft(c)) throw new Error(c.left);
  return c.right;
};
const fid = { value: 'F1' };
const UUID = Buffer.from('0123456789ab4def8123456789abcdef', 'hex');
const subscribe = (info: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'SUBSCRIBE', subscribe: { framework_info: { user: 'u', name: 'n', ...info } }, ...extra });

describe('mesos http v1Call', () => {
  describe('decodeCall', () => {
    const cases: Array<[string, string, string]> = [
      ['malformed JSON', '{"type":', 'Failed to parse body into JSON: '],
      ['a JSON array', '[]', 'Failed to convert JSON into Call protobuf: Expecting a JSON object'],
      ['a required field missing deep inside', JSON.stringify(subscribe({ user: null })), 'Failed to convert JSON into Call protobuf: Missing required fields: subscribe.framework_info.user'],
      ['a field of the wrong JSON type', JSON.stringify({ type: 'KILL', framework_id: 'F1' }), "Failed to convert JSON into Call protobuf: Not expecting a JSON string for field 'framework_id'"],
    ];
    for (const [what, body, prefix] of cases) {
      it(`should answer ${what} with "${prefix}…"`, () => {
        const got = decodeCall(body);
        expect(E.isLeft(got) && got.left.startsWith(prefix), JSON.stringify(got)).to.equal(true);
      });
    }
  });

  describe('validateCall (validation.cpp)', () => {
    const cases: Array<[string, unknown, string | undefined]> = [
      ['an unknown call type (dropped by the parser)', { type: 'FROBNICATE', framework_id: fid }, "Expecting 'type' to be present"],
      ['no type', { framework_id: fid }, "Expecting 'type' to be present"],
      ['SUBSCRIBE without subscribe', { type: 'SUBSCRIBE' }, "Expecting 'subscribe' to be present"],
      ['SUBSCRIBE with differing framework ids', subscribe({ id: { value: 'A' } }, { framework_id: { value: 'B' } }), "'framework_id' differs from 'subscribe.framework_info.id'"],
      ['SUBSCRIBE naming the same id twice', subscribe({ id: { value: 'A' } }, { framework_id: { value: 'A' } }), undefined],
      ['a call without framework_id', { type: 'TEARDOWN' }, "Expecting 'framework_id' to be present"],
      ['KILL without kill', { type: 'KILL', framework_id: fid }, "Expecting 'kill' to be present"],
      ['ACCEPT without accept', { type: 'ACCEPT', framework_id: fid }, "Expecting 'accept' to be present"],
      ['ACKNOWLEDGE with a uuid that is not 16 bytes', { type: 'ACKNOWLEDGE', framework_id: fid, acknowledge: { agent_id: { value: 'S' }, task_id: { value: 't' }, uuid: 'aGk=' } }, 'Not a valid UUID'],
      ['ACKNOWLEDGE with a valid uuid', { type: 'ACKNOWLEDGE', framework_id: fid, acknowledge: { agent_id: { value: 'S' }, task_id: { value: 't' }, uuid: UUID.toString('base64') } }, undefined],
      ['REVIVE alone', { type: 'REVIVE', framework_id: fid }, undefined],
    ];
    for (const [what, json, message] of cases) {
      it(`should ${message === undefined ? 'accept' : 'reject'} ${what}`, () => {
        expect(validateCall(decoded(json))).to.equal(message);
      });
    }
  });

  describe('planCall', () => {
    it('should turn a SUBSCRIBE into the model FrameworkInfo (roles, failover timeout, capabilities)', () => {
      const plan = planCall(decoded(subscribe({ failover_timeout: 2.5, roles: ['a', 'b'], capabilities: [{ type: 'MULTI_ROLE' }, { type: 'PARTITION_AWARE' }] })), '', () => undefined);
      expect(plan).to.deep.equal({
        _tag: 'Subscribe',
        framework: { name: 'n', user: 'u', roles: ['a', 'b'], failoverTimeoutMs: 2500, partitionAware: true, taskKillingState: false },
        frameworkId: null,
        refusal: undefined,
      });
    });

    const refusals: Array<[string, Record<string, unknown>, string]> = [
      ['roles without MULTI_ROLE', { roles: ['a'] }, "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable"],
      ['role with MULTI_ROLE', { role: 'a', capabilities: [{ type: 'MULTI_ROLE' }] }, "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable"],
      ['duplicate roles', { roles: ['a', 'a'], capabilities: [{ type: 'MULTI_ROLE' }] }, "'FrameworkInfo.roles' contains duplicate items: { a }"],
      ['an invalid role', { role: '/a' }, "'FrameworkInfo.role' is not a valid role: Role '/a' cannot start with a slash"],
      ['an invalid failover timeout', { failover_timeout: 1e300 }, 'The framework failover_timeout (1e+300) is invalid'],
    ];
    for (const [what, info, refusal] of refusals) {
      it(`should refuse a subscription with ${what} (an ERROR event on the stream, as Mesos sends)`, () => {
        const plan = planCall(decoded(subscribe(info)), '', () => undefined);
        expect(plan._tag === 'Subscribe' && plan.refusal).to.equal(refusal);
      });
    }

    it('should turn an ACCEPT with LAUNCH into the model call, summing resources and keeping command and labels', () => {
      const task = {
        name: 'web',
        task_id: { value: 't1' },
        agent_id: { value: 'S1' },
        resources: [
          { name: 'cpus', type: 'SCALAR', scalar: { value: 0.5 } },
          { name: 'cpus', type: 'SCALAR', scalar: { value: 0.5 } },
          { name: 'mem', type: 'SCALAR', scalar: { value: 128 } },
          { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 31001 }] } },
        ],
        command: { value: 'sleep 1' },
        labels: { labels: [{ key: 'k', value: 'v' }] },
      };
      const plan = planCall(decoded({ type: 'ACCEPT', framework_id: fid, accept: { offer_ids: [{ value: 'O1' }], operations: [{ type: 'LAUNCH', launch: { task_infos: [task] } }], filters: { refuse_seconds: 2 } } }), 'F1', () => undefined);
      expect(plan).to.deep.equal({
        _tag: 'Forward',
        call: {
          type: 'accept',
          frameworkId: 'F1',
          offerIds: ['O1'],
          operations: [{ type: 'LAUNCH', tasks: [{ taskId: 't1', name: 'web', agentId: 'S1', resources: resources({ cpus: 1, mem: 128, ports: [[31000, 31001]] }), command: 'sleep 1', labels: { k: 'v' } }] }],
          refuseMs: 2000,
        },
        rejected: [],
      });
    });

    it('should reject tasks the model cannot run (unknown resources, no command) and a LAUNCH_GROUP as a whole', () => {
      const t = (id: string, extra: Record<string, unknown>) => ({ name: id, task_id: { value: id }, agent_id: { value: 'S1' }, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 1 } }], ...extra });
      const plan = planCall(
        decoded({
          type: 'ACCEPT',
          framework_id: fid,
          accept: {
            offer_ids: [{ value: 'O1' }],
            operations: [
              { type: 'LAUNCH', launch: { task_infos: [t('gpu', { command: {}, resources: [{ name: 'gpus', type: 'SCALAR', scalar: { value: 1 } }] }), t('none', {}), t('ok', { command: { value: 'true' } })] } },
              { type: 'LAUNCH_GROUP', launch_group: { executor: { executor_id: { value: 'e' } }, task_group: { tasks: [t('g1', {}), t('g2', { resources: [{ name: 'gpus', type: 'SCALAR', scalar: { value: 1 } }] })] } } },
              { type: 'RESERVE', reserve: {} },
            ],
          },
        }),
        'F1',
        () => undefined,
      );
      if (plan._tag !== 'Forward' || plan.call.type !== 'accept') throw new Error(JSON.stringify(plan));
      expect(plan.call.operations.map((o) => [o.type, o.tasks.map((x) => x.taskId)])).to.deep.equal([['LAUNCH', ['ok']]]);
      expect(plan.rejected.map((r) => r.taskId)).to.deep.equal(['gpu', 'none', 'g1', 'g2']);
      expect(plan.rejected[0].message).to.equal("Task uses resource 'gpus' of type SCALAR, which this model never offers");
      expect(plan.rejected[1].message).to.equal('Task should have at least one (but not both) of CommandInfo or ExecutorInfo present');
      expect(plan.rejected[2].message).to.match(/^Task group is invalid: Task uses resource 'gpus'/);
    });

    const simple: Array<[string, unknown, unknown]> = [
      ['DECLINE (a negative refuse_seconds means the default)', { type: 'DECLINE', framework_id: fid, decline: { offer_ids: [{ value: 'O1' }], filters: { refuse_seconds: -1 } } }, { type: 'decline', frameworkId: 'F1', offerIds: ['O1'] }],
      ['REVIVE with roles', { type: 'REVIVE', framework_id: fid, revive: { roles: ['a'] } }, { type: 'revive', frameworkId: 'F1', roles: ['a'] }],
      ['SUPPRESS', { type: 'SUPPRESS', framework_id: fid }, { type: 'suppress', frameworkId: 'F1' }],
      ['KILL', { type: 'KILL', framework_id: fid, kill: { task_id: { value: 't' }, agent_id: { value: 'S' } } }, { type: 'kill', frameworkId: 'F1', taskId: 't', agentId: 'S' }],
      ['SHUTDOWN', { type: 'SHUTDOWN', framework_id: fid, shutdown: { executor_id: { value: 'e' }, agent_id: { value: 'S' } } }, { type: 'shutdown', frameworkId: 'F1', executorId: 'e', agentId: 'S' }],
      ['RECONCILE', { type: 'RECONCILE', framework_id: fid, reconcile: { tasks: [{ task_id: { value: 't' } }] } }, { type: 'reconcile', frameworkId: 'F1', tasks: [{ taskId: 't' }] }],
      ['MESSAGE (data is base64)', { type: 'MESSAGE', framework_id: fid, message: { agent_id: { value: 'S' }, executor_id: { value: 'e' }, data: 'aGk=' } }, { type: 'framework-message', frameworkId: 'F1', agentId: 'S', executorId: 'e', data: 'hi' }],
      ['TEARDOWN', { type: 'TEARDOWN', framework_id: fid }, { type: 'teardown', frameworkId: 'F1' }],
      ['ACKNOWLEDGE of a known uuid', { type: 'ACKNOWLEDGE', framework_id: fid, acknowledge: { agent_id: { value: 'S' }, task_id: { value: 't' }, uuid: UUID.toString('base64') } }, { type: 'acknowledge', frameworkId: 'F1', agentId: 'S', taskId: 't', uuid: 'S:1' }],
    ];
    for (const [what, json, call] of simple) {
      it(`should forward ${what}`, () => {
        expect(planCall(decoded(json), 'F1', (u) => (u.equals(UUID) ? 'S:1' : undefined))).to.deep.equal({ _tag: 'Forward', call, rejected: [] });
      });
    }

    const others: Array<[string, unknown, string]> = [
      ['REQUEST', { type: 'REQUEST', framework_id: fid, request: {} }, 'Accepted'],
      ['ACKNOWLEDGE of no outstanding update', { type: 'ACKNOWLEDGE', framework_id: fid, acknowledge: { agent_id: { value: 'S' }, task_id: { value: 't' }, uuid: UUID.toString('base64') } }, 'Accepted'],
      ['DECLINE_INVERSE_OFFERS', { type: 'DECLINE_INVERSE_OFFERS', framework_id: fid, decline_inverse_offers: {} }, 'Accepted'],
      ['UPDATE_FRAMEWORK', { type: 'UPDATE_FRAMEWORK', framework_id: fid, update_framework: { framework_info: { user: 'u', name: 'n', id: fid } } }, 'NotImplemented'],
      ['UNKNOWN', { type: 'UNKNOWN', framework_id: fid }, 'NotImplemented'],
    ];
    for (const [what, json, tag] of others) {
      it(`should plan ${what} as ${tag}`, () => {
        expect(planCall(decoded(json), 'F1', () => undefined)._tag).to.equal(tag);
      });
    }
  });
});
