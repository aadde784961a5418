import { expect } from 'chai';
import { humanDuration, toTable, type Table } from '../../../../actors/kubernetes/http/tablePrinters.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
/** An RFC 3339 time `ms` before NOW. */
const ago = (ms: number): string => new Date(NOW - ms).toISOString().replace('.000Z', 'Z');
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '7', creationTimestamp: ago(5 * M + 3 * S), ...extra });

const cellsOf = (resource: string, obj: unknown): unknown[] => toTable(resource, [obj], { nowMs: NOW }).rows[0].cells;
const columnsOf = (t: Table): Array<[string, number]> => t.columnDefinitions.map((c) => [c.name, c.priority]);

describe('tablePrinters', () => {
  describe('humanDuration (apimachinery duration.HumanDuration)', () => {
    const cases: Array<[number, string]> = [
      [0, '0s'],
      [-999, '0s'],
      [-1999, '0s'],
      [-2 * S, '<invalid>'],
      [45 * S, '45s'],
      [119 * S + 999, '119s'],
      [2 * M, '2m'],
      [5 * M + 3 * S, '5m3s'],
      [9 * M + 59 * S, '9m59s'],
      [10 * M + 30 * S, '10m'],
      [179 * M, '179m'],
      [3 * H, '3h'],
      [3 * H + 5 * M, '3h5m'],
      [7 * H + 59 * M, '7h59m'],
      [8 * H + 30 * M, '8h'],
      [47 * H, '47h'],
      [48 * H, '2d'],
      [2 * D + 3 * H, '2d3h'],
      [7 * D + 23 * H, '7d23h'],
      [8 * D + 5 * H, '8d'],
      [15 * D, '15d'],
      [729 * D, '729d'],
      [730 * D, '2y'],
      [3 * 365 * D + 45 * D, '3y45d'],
      [8 * 365 * D + 100 * D, '8y'],
    ];
    for (const [ms, want] of cases) it(`should print ${ms}ms as ${want}`, () => expect(humanDuration(ms)).to.equal(want));
  });

  describe('pods', () => {
    const running = { ready: true, restartCount: 0, state: { running: { startedAt: ago(5 * M) } } };
    const pod = (name: string, spec: Record<string, unknown>, status: Record<string, unknown>, extraMeta: Record<string, unknown> = {}) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta(name, extraMeta),
      spec: { containers: [{ name: 'app', image: 'app:1' }], ...spec },
      status,
    });
    const cases: Array<[string, unknown, unknown[]]> = [
      [
        'should show a running pod with its IP and node',
        pod('web-1', { nodeName: 'n1' }, { phase: 'Running', podIP: '10.0.0.5', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', image: 'app:1', ...running }] }),
        ['web-1', '1/1', 'Running', '0', '5m3s', '10.0.0.5', 'n1', '<none>', '<none>'],
      ],
      ['should show a pod nothing has reported on yet as Pending', pod('p', {}, { phase: 'Pending' }), ['p', '0/1', 'Pending', '0', '5m3s', '<none>', '<none>', '<none>', '<none>']],
      [
        'should show a waiting reason such as ContainerCreating',
        pod('p', { nodeName: 'n1' }, { phase: 'Pending', containerStatuses: [{ name: 'app', image: 'app:1', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }),
        ['p', '0/1', 'ContainerCreating', '0', '5m3s', '<none>', 'n1', '<none>', '<none>'],
      ],
      [
        'should show CrashLoopBackOff and restarts with the time of the last one',
        pod('p', {}, {
          phase: 'Running',
          podIPs: [{ ip: '10.0.0.9' }],
          containerStatuses: [
            { name: 'app', image: 'app:1', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * S) } } },
          ],
        }),
        ['p', '0/1', 'CrashLoopBackOff', '2 (5s ago)', '5m3s', '10.0.0.9', '<none>', '<none>', '<none>'],
      ],
      [
        'should show a terminated container without a reason by its exit code or signal',
        pod('p', { containers: [{ name: 'a' }, { name: 'b' }] }, {
          phase: 'Running',
          containerStatuses: [
            { name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } },
            { name: 'b', ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } },
          ],
        }),
        ['p', '0/2', 'Signal:9', '0', '5m3s', '<none>', '<none>', '<none>', '<none>'],
      ],
      [
        'should show NotReady when a completed container leaves another running and the pod is not Ready',
        pod('p', { containers: [{ name: 'a' }, { name: 'b' }] }, {
          phase: 'Running',
          containerStatuses: [
            { name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
            { name: 'b', ...running },
          ],
        }),
        ['p', '1/2', 'NotReady', '0', '5m3s', '<none>', '<none>', '<none>', '<none>'],
      ],
      [
        'should show Terminating for a pod being deleted',
        pod('p', {}, { phase: 'Running', containerStatuses: [{ name: 'app', ...running }] }, { deletionTimestamp: ago(-30 * S) }),
        ['p', '1/1', 'Terminating', '0', '5m3s', '<none>', '<none>', '<none>', '<none>'],
      ],
      ['should show Unknown for a pod being deleted off a lost node', pod('p', {}, { phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: ago(0) }), ['p', '0/1', 'Unknown', '0', '5m3s', '<none>', '<none>', '<none>', '<none>']],
      [
        'should show the init container a pod waits on',
        pod('p', { initContainers: [{ name: 'migrate' }, { name: 'warm' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] }),
        ['p', '0/1', 'Init:0/2', '0', '5m3s', '<none>', '<none>', '<none>', '<none>'],
      ],
      [
        'should show a failing init container with its reason',
        pod('p', { initContainers: [{ name: 'migrate' }] }, {
          phase: 'Pending',
          initContainerStatuses: [{ name: 'migrate', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * M) } } }],
        }),
        ['p', '0/1', 'Init:CrashLoopBackOff', '3 (2m ago)', '5m3s', '<none>', '<none>', '<none>', '<none>'],
      ],
      [
        'should count a started sidecar (restartable init container) as a container',
        pod('p', { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] }, {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
          initContainerStatuses: [{ name: 'proxy', started: true, ready: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * M) } } }],
          containerStatuses: [{ name: 'app', ...running }],
        }),
        ['p', '2/2', 'Running', '1 (2m ago)', '5m3s', '<none>', '<none>', '<none>', '<none>'],
      ],
      [
        'should show a scheduling-gated pod, its nominated node and its readiness gates',
        pod('p', { readinessGates: [{ conditionType: 'x' }, { conditionType: 'y' }] }, {
          phase: 'Pending',
          nominatedNodeName: 'n2',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }, { type: 'x', status: 'True' }, { type: 'y', status: 'False' }],
        }),
        ['p', '0/1', 'SchedulingGated', '0', '5m3s', '<none>', '<none>', 'n2', '1/2'],
      ],
    ];
    for (const [title, obj, want] of cases) it(title, () => expect(cellsOf('pods', obj)).to.deep.equal(want));

    it('should mark finished pods Completed, as Completed or Error', () => {
      const done = (phase: string, reason: string, exitCode: number) =>
        toTable('pods', [pod('p', {}, { phase, containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode, reason } } }] })], { nowMs: NOW }).rows[0];
      expect(done('Succeeded', 'Completed', 0)).to.deep.include({ conditions: [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }] });
      expect(done('Succeeded', 'Completed', 0).cells.slice(0, 4)).to.deep.equal(['p', '0/1', 'Completed', '0']);
      expect(done('Failed', 'Error', 1)).to.deep.include({ conditions: [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }] });
      expect(done('Failed', 'Error', 1).cells[2]).to.equal('Error');
      expect(toTable('pods', [pod('p', {}, { phase: 'Running' })], { nowMs: NOW }).rows[0]).to.not.have.property('conditions');
    });

    it('should keep Completed for a pod finished while being deleted', () => {
      const p = pod('p', {}, { phase: 'Succeeded', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, { deletionTimestamp: ago(0) });
      expect(cellsOf('pods', p)[2]).to.equal('Completed');
    });
  });

  describe('other resources', () => {
    const node = (name: string, labels: Record<string, string>, spec: Record<string, unknown>, conditions: unknown[] | undefined) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: meta(name, { namespace: undefined, labels }),
      spec,
      status: {
        ...(conditions === undefined ? {} : { conditions }),
        addresses: [{ type: 'Hostname', address: name }, { type: 'InternalIP', address: '10.0.0.1' }],
        nodeInfo: { kubeletVersion: 'v1.29.0', osImage: 'troupe', kernelVersion: '6.1', containerRuntimeVersion: 'troupe://1' },
      },
    });
    const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: meta(name), spec, status });
    const event = (extra: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Event', metadata: meta('web-1.17a'), involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default' }, ...extra });
    const cases: Array<[string, string, unknown, unknown[]]> = [
      [
        'should show a Ready node with its roles and wide details',
        'nodes',
        node('n1', { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/': '' }, {}, [{ type: 'Ready', status: 'True' }]),
        ['n1', 'Ready', 'control-plane,master', '5m3s', 'v1.29.0', '10.0.0.1', '<none>', 'troupe', '6.1', 'troupe://1'],
      ],
      ['should show a node whose Ready condition is False as NotReady', 'nodes', node('n2', {}, {}, [{ type: 'Ready', status: 'False' }]), ['n2', 'NotReady', '<none>', '5m3s', 'v1.29.0', '10.0.0.1', '<none>', 'troupe', '6.1', 'troupe://1']],
      ['should show a cordoned node as Ready,SchedulingDisabled', 'nodes', node('n3', {}, { unschedulable: true }, [{ type: 'Ready', status: 'True' }]), ['n3', 'Ready,SchedulingDisabled', '<none>', '5m3s', 'v1.29.0', '10.0.0.1', '<none>', 'troupe', '6.1', 'troupe://1']],
      ['should show a node without a Ready condition as Unknown', 'nodes', node('n4', {}, { unschedulable: true }, undefined), ['n4', 'Unknown,SchedulingDisabled', '<none>', '5m3s', 'v1.29.0', '10.0.0.1', '<none>', 'troupe', '6.1', 'troupe://1']],
      ['should show a namespace and its phase', 'namespaces', { metadata: meta('team-a'), status: { phase: 'Terminating' } }, ['team-a', 'Terminating', '5m3s']],
      [
        'should show a deployment as ready/desired with its containers, images and selector',
        'deployments',
        {
          metadata: meta('web'),
          spec: {
            replicas: 3,
            selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }, { key: 'canary', operator: 'DoesNotExist' }] },
            template: { spec: { containers: [{ name: 'web', image: 'nginx:1.25' }, { name: 'proxy', image: 'envoy:1' }] } },
          },
          status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
        },
        ['web', '2/3', 3, 2, '5m3s', 'web,proxy', 'nginx:1.25,envoy:1', 'app=web,!canary,tier in (be,fe)'],
      ],
      ['should show a deployment without status or replicas as 0/1', 'deployments', { metadata: meta('d'), spec: { template: { spec: { containers: [] } } } }, ['d', '0/1', 0, 0, '5m3s', '', '', '']],
      [
        'should show a replica set with desired, current and ready counts',
        'replicasets',
        { metadata: meta('web-6d4'), spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '6d4' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } }, status: { replicas: 3, readyReplicas: 1 } },
        ['web-6d4', 3, 3, 1, '5m3s', 'web', 'nginx', 'app=web,pod-template-hash=6d4'],
      ],
      ['should show <none> for a replica set selecting nothing', 'replicasets', { metadata: meta('rs'), spec: { replicas: 0, selector: {} } }, ['rs', 0, 0, 0, '5m3s', '', '', '<none>']],
      [
        'should show a ClusterIP service with its ports and selector',
        'services',
        svc('kube-dns', { type: 'ClusterIP', clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }], selector: { 'k8s-app': 'kube-dns' } }),
        ['kube-dns', 'ClusterIP', '10.96.0.10', '<none>', '53/UDP,53/TCP', '5m3s', 'k8s-app=kube-dns'],
      ],
      [
        'should show a NodePort service with its node ports and external IPs',
        'services',
        svc('web', { type: 'NodePort', clusterIPs: ['10.96.1.1'], clusterIP: '10.96.1.1', externalIPs: ['1.2.3.4'], ports: [{ port: 80, nodePort: 30080 }], selector: { tier: 'fe', app: 'web' } }),
        ['web', 'NodePort', '10.96.1.1', '1.2.3.4', '80:30080/TCP', '5m3s', 'app=web,tier=fe'],
      ],
      ['should show a LoadBalancer without an address as <pending>', 'services', svc('lb', { type: 'LoadBalancer', clusterIP: '10.96.2.2', ports: [{ port: 443, nodePort: 31443 }] }), ['lb', 'LoadBalancer', '10.96.2.2', '<pending>', '443:31443/TCP', '5m3s', '<none>']],
      [
        'should show a LoadBalancer with its ingress addresses',
        'services',
        svc('lb', { type: 'LoadBalancer', clusterIP: '10.96.2.2', ports: [{ port: 443 }] }, { loadBalancer: { ingress: [{ hostname: 'lb.example' }, { ip: '5.6.7.8' }] } }),
        ['lb', 'LoadBalancer', '10.96.2.2', '5.6.7.8,lb.example', '443/TCP', '5m3s', '<none>'],
      ],
      ['should show an ExternalName service', 'services', svc('ext', { type: 'ExternalName', externalName: 'db.example' }), ['ext', 'ExternalName', '<none>', 'db.example', '<none>', '5m3s', '<none>']],
      ['should show a service without a type as ClusterIP and a headless one as None', 'services', svc('h', { clusterIP: 'None', ports: [{ port: 80 }] }), ['h', 'ClusterIP', 'None', '<none>', '80/TCP', '5m3s', '<none>']],
      [
        'should show up to three endpoints and how many more',
        'endpoints',
        {
          metadata: meta('web'),
          subsets: [
            { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }] },
            { addresses: [{ ip: '10.0.0.3' }, { ip: 'fd00::4' }], ports: [{ port: 8080 }] },
          ],
        },
        ['web', '10.0.0.1:80,10.0.0.2:80,10.0.0.3:8080 + 1 more...', '5m3s'],
      ],
      ['should show IPv6 endpoints in brackets and headless ones without ports', 'endpoints', { metadata: meta('h'), subsets: [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }, { addresses: [{ ip: '10.0.0.2' }] }] }, ['h', '[fd00::1]:80,10.0.0.2', '5m3s']],
      ['should show <none> for endpoints without subsets', 'endpoints', { metadata: meta('e') }, ['e', '<none>', '5m3s']],
      [
        'should show an event with its object, source, count and times',
        'events',
        event({ reason: 'Pulled', message: ' Successfully pulled image "nginx"\n', type: 'Normal', count: 3, firstTimestamp: ago(10 * M), lastTimestamp: ago(45 * S), source: { component: 'kubelet', host: 'n1' }, involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' } }),
        ['45s', 'Normal', 'Pulled', 'pod/web-1', 'spec.containers{web}', 'kubelet, n1', 'Successfully pulled image "nginx"', '10m', 3, 'web-1.17a'],
      ],
      [
        'should fall back to eventTime, a count of 1 and the reporting controller',
        'events',
        event({ reason: 'Scheduled', message: 'assigned', type: 'Normal', eventTime: ago(2 * M), reportingController: 'default-scheduler', involvedObject: { kind: 'Node' } }),
        ['2m', 'Normal', 'Scheduled', 'node', '', 'default-scheduler', 'assigned', '2m', 1, 'web-1.17a'],
      ],
      ['should count config map keys, binary ones too', 'configmaps', { metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, ['cfg', 3, '5m3s']],
      ['should show a lease holder', 'leases', { metadata: meta('n1'), spec: { holderIdentity: 'n1', leaseDurationSeconds: 40 } }, ['n1', 'n1', '5m3s']],
      ['should show an empty holder for a free lease', 'leases', { metadata: meta('l'), spec: {} }, ['l', '', '5m3s']],
      ['should show a priority class', 'priorityclasses', { metadata: meta('high'), value: 1000, preemptionPolicy: 'PreemptLowerPriority' }, ['high', 1000, false, '5m3s', 'PreemptLowerPriority']],
      ['should show a global default priority class', 'priorityclasses', { metadata: meta('base'), value: 0, globalDefault: true }, ['base', 0, true, '5m3s', '']],
      ['should show NAME and AGE for anything else', 'widgets', { metadata: meta('w1'), spec: { size: 3 } }, ['w1', '5m3s']],
      ['should show <unknown> for an object without a creation time', 'widgets', { metadata: { name: 'w2' } }, ['w2', '<unknown>']],
    ];
    for (const [title, resource, obj, want] of cases) it(title, () => expect(cellsOf(resource, obj)).to.deep.equal(want));
  });

  describe('columns', () => {
    const columns: Array<[string, Array<[string, number]>]> = [
      ['pods', [['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1]]],
      ['nodes', [['Name', 0], ['Status', 0], ['Roles', 0], ['Age', 0], ['Version', 0], ['Internal-IP', 1], ['External-IP', 1], ['OS-Image', 1], ['Kernel-Version', 1], ['Container-Runtime', 1]]],
      ['namespaces', [['Name', 0], ['Status', 0], ['Age', 0]]],
      ['deployments', [['Name', 0], ['Ready', 0], ['Up-to-date', 0], ['Available', 0], ['Age', 0], ['Containers', 1], ['Images', 1], ['Selector', 1]]],
      ['replicasets', [['Name', 0], ['Desired', 0], ['Current', 0], ['Ready', 0], ['Age', 0], ['Containers', 1], ['Images', 1], ['Selector', 1]]],
      ['services', [['Name', 0], ['Type', 0], ['Cluster-IP', 0], ['External-IP', 0], ['Port(s)', 0], ['Age', 0], ['Selector', 1]]],
      ['endpoints', [['Name', 0], ['Endpoints', 0], ['Age', 0]]],
      ['events', [['Last Seen', 0], ['Type', 0], ['Reason', 0], ['Object', 0], ['Subobject', 1], ['Source', 1], ['Message', 0], ['First Seen', 1], ['Count', 1], ['Name', 1]]],
      ['configmaps', [['Name', 0], ['Data', 0], ['Age', 0]]],
      ['leases', [['Name', 0], ['Holder', 0], ['Age', 0]]],
      ['priorityclasses', [['Name', 0], ['Value', 0], ['Global-Default', 0], ['Age', 0], ['PreemptionPolicy', 0]]],
      ['widgets', [['Name', 0], ['Age', 0]]],
    ];
    for (const [resource, want] of columns)
      it(`should define the ${resource} columns kubectl prints, wide ones at priority 1`, () => {
        const t = toTable(resource, [{ metadata: meta('x') }], { nowMs: NOW });
        expect(columnsOf(t)).to.deep.equal(want);
        expect(t.rows[0].cells).to.have.length(want.length);
        for (const c of t.columnDefinitions) {
          expect(c.description, c.name).to.be.a('string').and.not.equal('');
          expect(c.format).to.equal(c.name === 'Name' ? 'name' : '');
          expect(['string', 'integer', 'boolean']).to.include(c.type);
        }
      });
  });

  describe('the Table itself', () => {
    const pods = [
      { apiVersion: 'v1', kind: 'Pod', metadata: meta('a', { labels: { app: 'web' } }), spec: { containers: [] }, status: { phase: 'Pending' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: meta('b'), spec: { containers: [] }, status: { phase: 'Pending' } },
    ];

    it('should be a meta.k8s.io/v1 Table carrying the list metadata', () => {
      const t = toTable('pods', pods, { nowMs: NOW, listMeta: { resourceVersion: '42', continue: 'tok', remainingItemCount: 5 } });
      expect(t).to.include({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
      expect(t.metadata).to.deep.equal({ resourceVersion: '42', continue: 'tok', remainingItemCount: 5 });
      expect(t.rows.map((r) => r.cells[0])).to.deep.equal(['a', 'b']);
      expect(toTable('pods', [], { nowMs: NOW }).metadata).to.deep.equal({});
      expect(toTable('pods', [], { nowMs: NOW, listMeta: { resourceVersion: '9', continue: '' } }).metadata).to.deep.equal({ resourceVersion: '9' });
    });

    it('should carry PartialObjectMetadata in each row by default', () => {
      expect(toTable('pods', pods, { nowMs: NOW }).rows[0].object).to.deep.equal({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pods[0].metadata });
    });

    it('should carry the whole object with includeObject=Object and none with None', () => {
      expect(toTable('pods', pods, { nowMs: NOW, includeObject: 'Object' }).rows[1].object).to.deep.equal(pods[1]);
      expect(toTable('pods', pods, { nowMs: NOW, includeObject: 'None' }).rows[1]).to.not.have.property('object');
    });

    it('should survive JSON round trips unchanged (what the front door sends)', () => {
      const t = toTable('services', [{ metadata: meta('s'), spec: { ports: [{ port: 80 }] } }], { nowMs: NOW, listMeta: { resourceVersion: '1' } });
      expect(JSON.parse(JSON.stringify(t))).to.deep.equal(t);
    });
  });
});
