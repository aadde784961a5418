import { expect } from 'chai';
import { eventToV1, ipToUint32, type EventContext } from '../../../../actors/mesos/http/v1Event.js';
import { resources } from '../../../../actors/mesos/Resources.js';
import type { SchedulerEvent } from '../../../../actors/mesos/SchedulerEvent.js';
import { pathRef } from '../../../../lib/actor/index.js';

const ctx: EventContext = {
  masterInfo: { id: 'm', ip: 16777343, port: 5050, hostname: 'h', version: '1.11.0', address: { hostname: 'h', ip: '127.0.0.1', port: 5050 } },
  agentIp: '127.0.0.1',
  agentPort: 5051,
  v1Uuid: (u) => `v1(${u})`,
};

describe('mesos http v1Event (scheduler.proto Event as JSON)', () => {
  const cases: Array<[string, SchedulerEvent, unknown]> = [
    [
      'SUBSCRIBED with framework id, heartbeat interval in seconds and master info',
      { type: 'subscribed', frameworkId: 'F1', heartbeatIntervalMs: 15_000, master: pathRef('m', '/master'), epoch: 1 },
      { type: 'SUBSCRIBED', subscribed: { framework_id: { value: 'F1' }, heartbeat_interval_seconds: 15, master_info: ctx.masterInfo } },
    ],
    [
      'OFFERS with v1 resources (scalars above zero, port ranges), attributes and allocation role',
      {
        type: 'offers',
        offers: [{ id: 'O1', frameworkId: 'F1', agentId: 'S1', hostname: 'a1', role: 'web', resources: resources({ cpus: 2, mem: 512, ports: [[31000, 31009]] }), attributes: { rack: 'r1' } }],
      },
      {
        type: 'OFFERS',
        offers: {
          offers: [
            {
              id: { value: 'O1' },
              framework_id: { value: 'F1' },
              agent_id: { value: 'S1' },
              hostname: 'a1',
              url: { scheme: 'http', address: { hostname: 'a1', ip: '127.0.0.1', port: 5051 }, path: '/slave(1)' },
              resources: [
                { name: 'cpus', type: 'SCALAR', scalar: { value: 2 }, role: '*', allocation_info: { role: 'web' } },
                { name: 'mem', type: 'SCALAR', scalar: { value: 512 }, role: '*', allocation_info: { role: 'web' } },
                { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 31009 }] }, role: '*', allocation_info: { role: 'web' } },
              ],
              attributes: [{ name: 'rack', type: 'TEXT', text: { value: 'r1' } }],
              executor_ids: [],
              allocation_info: { role: 'web' },
            },
          ],
        },
      },
    ],
    ['RESCIND', { type: 'rescind', offerId: 'O1' }, { type: 'RESCIND', rescind: { offer_id: { value: 'O1' } } }],
    [
      'UPDATE from an agent, with its uuid to acknowledge and its executor',
      { type: 'update', status: { taskId: 't', frameworkId: 'F1', agentId: 'S1', state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR', timestampMs: 1500, uuid: 'S1:3' } },
      { type: 'UPDATE', update: { status: { task_id: { value: 't' }, state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR', agent_id: { value: 'S1' }, executor_id: { value: 't' }, timestamp: 1.5, uuid: 'v1(S1:3)' } } },
    ],
    [
      'UPDATE made up by the master (no uuid, reason and message)',
      { type: 'update', status: { taskId: 't', frameworkId: 'F1', agentId: '', state: 'TASK_LOST', source: 'SOURCE_MASTER', timestampMs: 0, reason: 'REASON_RECONCILIATION', message: 'unknown' } },
      { type: 'UPDATE', update: { status: { task_id: { value: 't' }, state: 'TASK_LOST', message: 'unknown', source: 'SOURCE_MASTER', reason: 'REASON_RECONCILIATION', timestamp: 0 } } },
    ],
    ['MESSAGE with base64 data', { type: 'message', agentId: 'S1', executorId: 'e', data: 'hi' }, { type: 'MESSAGE', message: { agent_id: { value: 'S1' }, executor_id: { value: 'e' }, data: 'aGk=' } }],
    ['FAILURE', { type: 'failure', agentId: 'S1' }, { type: 'FAILURE', failure: { agent_id: { value: 'S1' } } }],
    ['ERROR', { type: 'error', message: 'Framework failed over' }, { type: 'ERROR', error: { message: 'Framework failed over' } }],
    ['HEARTBEAT', { type: 'heartbeat' }, { type: 'HEARTBEAT' }],
  ];
  for (const [what, event, json] of cases) {
    it(`should write ${what}`, () => {
      expect(eventToV1(event, ctx)).to.deep.equal(json);
    });
  }

  it('should give MasterInfo.ip in network byte order', () => {
    expect(ipToUint32('127.0.0.1')).to.equal(16777343);
    expect(ipToUint32('10.1.2.3')).to.equal(0x0302010a);
  });
});
