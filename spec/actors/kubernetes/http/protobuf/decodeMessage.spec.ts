import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { decodeMessage } from '../../../../../actors/kubernetes/http/protobuf/decodeMessage.js';
import type { ObjectName } from '../../../../../actors/kubernetes/http/protobuf/kubeSchemas.js';
import { bytes, cat, entry, int, msg, str } from './protoWriter.js';

interface Case {
  readonly title: string;
  readonly message: ObjectName;
  readonly input: Uint8Array;
  readonly want: Record<string, unknown>;
  readonly unknownFields?: string[];
}

/** A metav1.Time / MicroTime field. */
const time = (field: number, seconds: number, nanos?: number): Uint8Array => msg(field, int(1, seconds), ...(nanos === undefined ? [] : [int(2, nanos)]));
/** A Quantity map entry. */
const quantity = (field: number, name: string, q: string): Uint8Array => entry(field, name, msg(2, str(1, q)));
/** An IntOrString field holding an int or a string. */
const intOrString = (field: number, v: number | string): Uint8Array => (typeof v === 'number' ? msg(field, int(1, 0), int(2, v)) : msg(field, int(1, 1), str(3, v)));

const CASES: Case[] = [
  {
    title: 'should decode every ObjectMeta field troupe keeps, and drop managedFields silently',
    message: 'ObjectMeta',
    input: cat(
      str(1, 'web'),
      str(2, 'web-'),
      str(3, 'prod'),
      str(4, ''),
      str(5, 'uid-1'),
      str(6, '42'),
      int(7, 3),
      time(8, 1_700_000_000),
      time(9, 1_700_000_060),
      int(10, 30),
      entry(11, 'app', str(2, 'web')),
      entry(11, 'tier', str(2, 'front')),
      entry(12, 'note', str(2, 'hi')),
      msg(13, str(5, 'apps/v1'), str(1, 'ReplicaSet'), str(3, 'web-1'), str(4, 'uid-0'), int(6, true), int(7, false)),
      str(14, 'kubernetes.io/pvc-protection'),
      str(14, 'example.com/other'),
      msg(17, str(1, 'kubectl'), str(2, 'Update')),
    ),
    want: {
      name: 'web',
      generateName: 'web-',
      namespace: 'prod',
      uid: 'uid-1',
      resourceVersion: '42',
      generation: 3,
      creationTimestamp: '2023-11-14T22:13:20Z',
      deletionTimestamp: '2023-11-14T22:14:20Z',
      deletionGracePeriodSeconds: 30,
      labels: { app: 'web', tier: 'front' },
      annotations: { note: 'hi' },
      ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1', uid: 'uid-0', apiVersion: 'apps/v1', controller: true, blockOwnerDeletion: false }],
      finalizers: ['kubernetes.io/pvc-protection', 'example.com/other'],
    },
  },
  {
    title: 'should drop the empty strings and zero numbers kubectl writes for unset omitempty fields',
    message: 'ObjectMeta',
    input: cat(str(1, 'x'), str(2, ''), str(3, ''), str(4, ''), str(5, ''), str(6, ''), int(7, 0), msg(8)),
    want: { name: 'x' },
  },
  {
    title: 'should keep a pointer field that is zero (deletionGracePeriodSeconds: 0) and drop a zero pointer time',
    message: 'ObjectMeta',
    input: cat(int(10, 0), msg(9)),
    want: { deletionGracePeriodSeconds: 0 },
  },
  {
    title: 'should write the Unix epoch for a time sent with seconds 0, but leave out Go\'s zero time (year 1)',
    message: 'PodCondition',
    input: cat(str(1, 'Ready'), str(2, 'True'), time(3, 0), time(4, -62135596800)),
    want: { type: 'Ready', status: 'True', lastProbeTime: '1970-01-01T00:00:00Z' },
  },
  {
    title: 'should drop the nanos of a metav1.Time, as Go does',
    message: 'ContainerStateRunning',
    input: time(1, 42, 999_999_999),
    want: { startedAt: '1970-01-01T00:00:42Z' },
  },
  {
    title: 'should keep microseconds of a MicroTime, truncating nanos and normalizing negative nanos as time.Unix does',
    message: 'LeaseSpec',
    input: cat(str(1, ''), int(2, 0), time(3, 1, 123_456_789), time(4, 10, -1500), int(5, 0)),
    want: { holderIdentity: '', leaseDurationSeconds: 0, acquireTime: '1970-01-01T00:00:01.123456Z', renewTime: '1970-01-01T00:00:09.999999Z', leaseTransitions: 0 },
  },
  {
    title: 'should use the last piece of a time sent twice, not a merge of both',
    message: 'ContainerStateRunning',
    input: cat(time(1, 100), msg(1, int(2, 5))),
    want: { startedAt: '1970-01-01T00:00:00Z' },
  },
  {
    title: 'should decode ConfigMap data, binaryData as base64, and immutable: false (a pointer)',
    message: 'ConfigMap',
    input: cat(msg(1, str(1, 'cfg')), entry(2, 'a', str(2, '1')), entry(2, 'empty', new Uint8Array(0)), entry(3, 'blob', bytes(2, [0, 1, 0xfe, 0xff])), int(4, false)),
    want: { metadata: { name: 'cfg' }, data: { a: '1', empty: '' }, binaryData: { blob: 'AAH+/w==' }, immutable: false },
  },
  {
    title: 'should let the last of two equal map keys win and keep a __proto__ key as plain data',
    message: 'ObjectMeta',
    input: cat(entry(11, 'k', str(2, 'old')), entry(11, '__proto__', str(2, 'p')), entry(11, 'k', str(2, 'new'))),
    want: { labels: JSON.parse('{"k":"new","__proto__":"p"}') as Record<string, string> },
  },
  {
    title: 'should decode a pod spec with resources, probes, tolerations, affinity and spread constraints',
    message: 'PodSpec',
    input: cat(
      msg(
        2,
        str(1, 'app'),
        str(2, 'nginx'),
        str(4, '--port=80'),
        msg(6, str(1, 'http'), int(3, 80), str(4, 'TCP')),
        msg(6, int(3, 0)),
        msg(7, str(1, 'MODE'), str(2, 'fast')),
        msg(8, quantity(1, 'cpu', '500m'), quantity(2, 'cpu', '250m'), quantity(2, 'memory', '64Mi'), entry(2, 'pods', new Uint8Array(0))),
        msg(11, msg(1, msg(2, str(1, '/healthz'))), int(2, 5), int(4, 10), int(6, 3)),
        str(13, ''),
        str(14, 'IfNotPresent'),
        int(16, false),
      ),
      str(3, 'Always'),
      int(4, 0),
      entry(7, 'disk', str(2, 'ssd')),
      str(10, ''),
      int(11, false),
      msg(18, msg(1, msg(1, msg(1, msg(1, str(1, 'zone'), str(2, 'In'), str(3, 'a'), str(3, 'b')))), msg(2, int(1, 10), msg(2, msg(2, str(1, 'metadata.name'), str(2, 'NotIn')))))),
      str(19, 'default-scheduler'),
      msg(22, str(1, 'node.kubernetes.io/unreachable'), str(2, 'Exists'), str(4, 'NoExecute'), int(5, 0)),
      msg(22, str(2, 'Exists')),
      str(24, 'high'),
      int(25, -10),
      str(31, 'Never'),
      msg(33, int(1, 1), str(2, 'kubernetes.io/hostname'), str(3, 'DoNotSchedule'), msg(4, entry(1, 'app', str(2, 'web'))), int(5, 2)),
    ),
    want: {
      containers: [
        {
          name: 'app',
          image: 'nginx',
          args: ['--port=80'],
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }, { containerPort: 0 }],
          env: [{ name: 'MODE', value: 'fast' }],
          resources: { limits: { cpu: '500m' }, requests: { cpu: '250m', memory: '64Mi', pods: '0' } },
          readinessProbe: { initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 },
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 0,
      nodeSelector: { disk: 'ssd' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchFields: [{ key: 'metadata.name', operator: 'NotIn' }] } }],
        },
      },
      schedulerName: 'default-scheduler',
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }, { operator: 'Exists' }],
      priorityClassName: 'high',
      priority: -10,
      preemptionPolicy: 'Never',
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, minDomains: 2 }],
    },
    unknownFields: ['containers[0].readinessProbe.httpGet'],
  },
  {
    title: 'should decode a rolling update with a percent and a zero pointer IntOrString',
    message: 'DeploymentSpec',
    input: cat(int(1, 0), msg(4, str(1, 'RollingUpdate'), msg(2, intOrString(1, 0), intOrString(2, '25%'))), int(6, 10)),
    want: { replicas: 0, template: { metadata: {}, spec: {} }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } }, revisionHistoryLimit: 10 },
  },
  {
    title: 'should leave out a zero targetPort (the API server reads it as unset) and keep a named one',
    message: 'ServiceSpec',
    input: cat(msg(1, str(1, 'a'), int(3, 80), intOrString(4, 0)), msg(1, str(1, 'b'), int(3, 443), intOrString(4, 'https')), msg(1, int(3, 8080), intOrString(4, 9090)), str(4, 'ClusterIP')),
    want: { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 443, targetPort: 'https' }, { port: 8080, targetPort: 9090 }], type: 'ClusterIP' },
  },
  {
    title: 'should merge a message sent in two pieces and let the last scalar win',
    message: 'Namespace',
    input: cat(msg(1, str(1, 'first'), entry(11, 'a', str(2, '1'))), msg(1, str(1, 'second'), entry(11, 'b', str(2, '2'))), msg(2, str(1, 'kubernetes')), msg(2, str(1, 'extra'))),
    want: { metadata: { name: 'second', labels: { a: '1', b: '2' } }, spec: { finalizers: ['kubernetes', 'extra'] }, status: {} },
  },
  {
    title: 'should write ReplicaSet status.replicas even when zero (no omitempty in Go)',
    message: 'ReplicaSetStatus',
    input: cat(int(1, 0), int(2, 0), int(3, 4)),
    want: { replicas: 0, observedGeneration: 4 },
  },
  {
    title: 'should decode a pod status with container states',
    message: 'PodStatus',
    input: cat(
      str(1, 'Running'),
      msg(2, str(1, 'Ready'), str(2, 'True'), msg(3), time(4, 60)),
      str(5, '10.0.0.1'),
      str(6, '10.1.0.5'),
      time(7, 30),
      msg(8, str(1, 'app'), msg(2, msg(2, time(1, 31))), msg(3, msg(3, int(1, 137), str(3, 'OOMKilled'))), int(4, true), int(5, 1), str(6, 'nginx'), str(7, ''), int(9, true)),
      str(11, 'node-a'),
    ),
    want: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '1970-01-01T00:01:00Z' }],
      hostIP: '10.0.0.1',
      podIP: '10.1.0.5',
      startTime: '1970-01-01T00:00:30Z',
      containerStatuses: [
        {
          name: 'app',
          state: { running: { startedAt: '1970-01-01T00:00:31Z' } },
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
          ready: true,
          restartCount: 1,
          image: 'nginx',
          imageID: '',
          started: true,
        },
      ],
      nominatedNodeName: 'node-a',
    },
  },
  {
    title: 'should decode a node with taints, capacity, conditions, addresses and system info',
    message: 'Node',
    input: cat(
      msg(1, str(1, 'node-a')),
      msg(2, str(1, '10.1.0.0/24'), int(4, true), msg(5, str(1, 'dedicated'), str(2, 'gpu'), str(3, 'NoSchedule'), time(4, 5)), msg(5, str(1, 'k'), str(3, 'NoExecute'))),
      msg(
        3,
        quantity(1, 'cpu', '4'),
        quantity(2, 'memory', '8Gi'),
        msg(4, str(1, 'Ready'), str(2, 'True'), time(3, 100), msg(4)),
        msg(5, str(1, 'InternalIP'), str(2, '10.0.0.1')),
        msg(6, msg(1, int(1, 10250))),
        msg(7, str(1, 'm-1'), str(7, 'v1.32.0')),
      ),
    ),
    want: {
      metadata: { name: 'node-a' },
      spec: { podCIDR: '10.1.0.0/24', unschedulable: true, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule', timeAdded: '1970-01-01T00:00:05Z' }, { key: 'k', effect: 'NoExecute' }] },
      status: {
        capacity: { cpu: '4' },
        allocatable: { memory: '8Gi' },
        conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '1970-01-01T00:01:40Z' }],
        addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: 'm-1',
          systemUUID: '',
          bootID: '',
          kernelVersion: '',
          osImage: '',
          containerRuntimeVersion: '',
          kubeletVersion: 'v1.32.0',
          kubeProxyVersion: '',
          operatingSystem: '',
          architecture: '',
        },
      },
    },
  },
  {
    title: 'should fill a struct Go always writes from its zero value when it is not on the wire',
    message: 'Node',
    input: new Uint8Array(0),
    want: {
      metadata: {},
      spec: {},
      status: {
        daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
        nodeInfo: {
          machineID: '',
          systemUUID: '',
          bootID: '',
          kernelVersion: '',
          osImage: '',
          containerRuntimeVersion: '',
          kubeletVersion: '',
          kubeProxyVersion: '',
          operatingSystem: '',
          architecture: '',
        },
      },
    },
  },
  {
    title: 'should decode an event, keeping reportingComponent and reportingInstance (no omitempty) and dropping a zero eventTime',
    message: 'Event',
    input: cat(
      msg(1, str(1, 'web.1'), str(3, 'default')),
      msg(2, str(1, 'Pod'), str(2, 'default'), str(3, 'web'), str(4, 'u1')),
      str(3, 'Scheduled'),
      str(4, 'assigned'),
      msg(5, str(1, 'default-scheduler')),
      time(6, 10),
      time(7, 20),
      int(8, 2),
      str(9, 'Normal'),
      msg(10),
      str(14, ''),
      str(15, ''),
    ),
    want: {
      metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u1' },
      reason: 'Scheduled',
      message: 'assigned',
      source: { component: 'default-scheduler' },
      firstTimestamp: '1970-01-01T00:00:10Z',
      lastTimestamp: '1970-01-01T00:00:20Z',
      count: 2,
      type: 'Normal',
      reportingComponent: '',
      reportingInstance: '',
    },
  },
  {
    title: 'should decode a binding target',
    message: 'Binding',
    input: cat(msg(1, str(1, 'web'), str(3, 'default')), msg(2, str(1, 'Node'), str(3, 'node-a'), str(5, 'v1'))),
    want: { metadata: { name: 'web', namespace: 'default' }, target: { kind: 'Node', name: 'node-a', apiVersion: 'v1' } },
  },
  {
    title: 'should decode an eviction with gracePeriodSeconds: 0 and preconditions',
    message: 'Eviction',
    input: cat(msg(1, str(1, 'web'), str(3, 'default')), msg(2, int(1, 0), msg(2, str(1, 'u1')), str(4, 'Foreground'), str(5, 'All'))),
    want: { metadata: { name: 'web', namespace: 'default' }, deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: 'u1' }, propagationPolicy: 'Foreground', dryRun: ['All'] } },
  },
  {
    title: 'should decode a priority class with value 0 (no omitempty) and globalDefault false left out',
    message: 'PriorityClass',
    input: cat(msg(1, str(1, 'zero')), int(2, 0), int(3, false), str(4, '')),
    want: { metadata: { name: 'zero' }, value: 0 },
  },
  {
    title: 'should decode a scale',
    message: 'Scale',
    input: cat(msg(1, str(1, 'web')), msg(2, int(1, 5)), msg(3, int(1, 3), str(2, 'app=web'))),
    want: { metadata: { name: 'web' }, spec: { replicas: 5 }, status: { replicas: 3, selector: 'app=web' } },
  },
  {
    title: 'should report unknown numbers, unmodeled fields and unknown fields inside built-ins and map entries by path',
    message: 'Pod',
    input: cat(
      msg(1, str(1, 'p'), str(15, 'cluster'), msg(8, int(1, 5), int(3, 1)), entry(11, 'a', cat(str(2, 'b'), int(3, 1)))),
      msg(2, msg(1, str(1, 'vol')), msg(2, str(1, 'c'), msg(8, entry(1, 'cpu', msg(2, str(1, '1'), int(2, 7))))), msg(2, str(1, 'd'), int(99, 1)), msg(14)),
      int(9, 1),
    ),
    want: {
      metadata: { name: 'p', creationTimestamp: '1970-01-01T00:00:05Z', labels: { a: 'b' } },
      spec: { containers: [{ name: 'c', resources: { limits: { cpu: '1' } } }, { name: 'd', resources: {} }] },
      status: {},
    },
    // A message's own fields are read before its children are decoded: `#9` comes first.
    unknownFields: [
      '#9',
      'metadata.#15',
      'metadata.creationTimestamp.#3',
      'metadata.labels.#3',
      'spec.volumes',
      'spec.securityContext',
      'spec.containers[0].resources.limits[cpu].#2',
      'spec.containers[1].#99',
    ],
  },
];

const FAILURES: Array<[string, ObjectName, Uint8Array, RegExp]> = [
  ['a string sent as a varint', 'ObjectMeta', int(1, 5), /^name \(field 1\) has wire type varint, expected bytes$/],
  ['an int sent as bytes', 'ObjectMeta', str(7, '3'), /^generation \(field 7\) has wire type bytes, expected varint$/],
  ['a repeated message element sent as a fixed32', 'PodSpec', cat([0x15], [1, 2, 3, 4]), /^containers \(field 2\) has wire type fixed32/],
  ['an int64 past 2^53', 'ObjectMeta', int(7, 2n ** 60n), /^integer outside the range JavaScript can hold exactly$/],
  ['a time past the year 9999', 'ContainerStateRunning', time(1, 253402300800), /outside the years 0000-9999/],
  ['a quantity that is not one', 'ResourceRequirements', quantity(1, 'cpu', 'lots'), /^limits\[cpu\]: quantity "lots" must match the regular expression/],
  ['an empty quantity string', 'ResourceRequirements', quantity(2, 'cpu', ''), /^requests\[cpu\]: quantity "" must match/],
  ['an IntOrString of type 2', 'RollingUpdateDeployment', msg(2, int(1, 2), int(2, 1)), /^maxSurge: IntOrString type 2 is neither 0 \(int\) nor 1 \(string\)$/],
  ['a truncated nested message', 'Deployment', cat(msg(2, msg(3, bytes(2, [0x12, 0x09, 0x0a])))), /^length of field 2 runs past the end of its message$/],
];

describe('decodeMessage', () => {
  for (const c of CASES)
    it(c.title, () => {
      const r = decodeMessage(c.input, c.message);
      if (E.isLeft(r)) throw new Error(`${r.left.message} at ${r.left.offset}`);
      expect(r.right.value).to.deep.equal(c.want);
      expect(r.right.unknownFields).to.deep.equal(c.unknownFields ?? []);
    });

  it('should not let a __proto__ map key change the decoded object\'s prototype', () => {
    const r = decodeMessage(entry(11, '__proto__', str(2, 'polluted')), 'ObjectMeta');
    if (E.isLeft(r)) throw new Error(r.left.message);
    const labels = r.right.value.labels as Record<string, unknown>;
    expect(Object.getPrototypeOf(labels)).to.equal(Object.prototype);
    expect(Object.keys(labels)).to.deep.equal(['__proto__']);
  });

  for (const [title, message, input, want] of FAILURES)
    it(`should fail on ${title}`, () => {
      const r = decodeMessage(input, message);
      expect(E.isLeft(r) && r.left.message).to.match(want);
    });

  it('should point a failure at its byte, counted from the given offset', () => {
    const r = decodeMessage(cat(msg(1, str(1, 'x')), msg(1, int(7, 1), str(7, 'bad'))), 'Namespace', { offset: 1000 });
    expect(E.isLeft(r) && [r.left.message, r.left.offset]).to.deep.equal(['metadata.generation (field 7) has wire type bytes, expected varint', 1000 + 5 + 2 + 2]);
  });

  it('should stop at the depth cap', () => {
    const deployment = msg(2, msg(3, msg(2, msg(2, str(1, 'c')))));
    expect(E.isRight(decodeMessage(deployment, 'Deployment', { maxDepth: 4 }))).to.equal(true);
    const capped = decodeMessage(deployment, 'Deployment', { maxDepth: 3 });
    expect(E.isLeft(capped) && capped.left.message).to.equal('messages nested deeper than 3 levels');
  });
});
