import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { mergePatch } from '../../../../actors/kubernetes/api/mergePatch.js';
import { strategicMergePatch, strategicMergePatchWith } from '../../../../actors/kubernetes/api/strategicMergePatch.js';

const right = (kind: string, original: unknown, patch: unknown): unknown => {
  const r = strategicMergePatch(kind, original, patch);
  if (E.isLeft(r)) throw new Error(`expected a patched object, got ${r.left.message}`);
  return r.right;
};

const deepFreeze = <T>(v: T): T => {
  if (typeof v === 'object' && v !== null) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
};

const container = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: `${name}:1`, ...extra });
const podWith = (containers: unknown[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers } });
const namesOf = (pod: unknown): string[] => ((pod as { spec: { containers: Array<{ name: string }> } }).spec.containers ?? []).map((c) => c.name);

describe('strategicMergePatch', () => {
  describe('the patch kubectl apply sends', () => {
    const lastApplied = (replicas: number, image: string): string =>
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { annotations: {}, name: 'web', namespace: 'default' },
        spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ image, name: 'web', ports: [{ containerPort: 80 }] }] } } },
      }) + '\n';
    const live = deepFreeze({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'default',
        uid: 'u-1',
        resourceVersion: '17',
        generation: 1,
        annotations: { 'deployment.kubernetes.io/revision': '1', 'kubectl.kubernetes.io/last-applied-configuration': lastApplied(1, 'nginx:1.24') },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'web', image: 'nginx:1.24', ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'IfNotPresent' }],
            restartPolicy: 'Always',
          },
        },
      },
      status: { replicas: 1, readyReplicas: 1 },
    });
    // What kubectl apply (CreateThreeWayMergePatch) sends after `replicas: 3` and `image: nginx:1.25` in the manifest.
    const patch = deepFreeze({
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied(3, 'nginx:1.25') } },
      spec: { replicas: 3, template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ image: 'nginx:1.25', name: 'web' }] } } },
    });

    it('should change replicas and the image and keep every server-side field', () => {
      expect(right('Deployment', live, patch)).to.deep.equal({
        ...live,
        metadata: { ...live.metadata, annotations: { 'deployment.kubernetes.io/revision': '1', 'kubectl.kubernetes.io/last-applied-configuration': lastApplied(3, 'nginx:1.25') } },
        spec: {
          ...live.spec,
          replicas: 3,
          template: {
            ...live.spec.template,
            spec: { ...live.spec.template.spec, containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'IfNotPresent' }] },
          },
        },
      });
    });

    it('should treat the same patch as a merge patch would for a kind it has no schema for (containers replaced)', () => {
      const r = right('Widget', live, patch) as typeof live;
      expect(r.spec.template.spec.containers).to.deep.equal([{ image: 'nginx:1.25', name: 'web' }]);
      expect(r.spec.template.spec).to.not.have.property('$setElementOrder/containers');
    });

    it('should switch the strategy to Recreate with the $retainKeys kubectl sends, clearing rollingUpdate', () => {
      const r = right('Deployment', live, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } }) as typeof live;
      expect(r.spec.strategy).to.deep.equal({ type: 'Recreate' });
    });
  });

  describe('lists with a merge key', () => {
    const base = podWith([container('a'), container('b')]);
    const cases: Array<[string, unknown, string[]]> = [
      ['should put a new container before the server-only ones when the patch gives no order', { spec: { containers: [container('c')] } }, ['c', 'a', 'b']],
      ['should follow $setElementOrder for a new container', { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }, { name: 'c' }], containers: [container('c')] } }, ['a', 'b', 'c']],
      ['should reorder by $setElementOrder alone', { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } }, ['b', 'a']],
      ['should keep a server-only container where it was among ordered ones', { spec: { '$setElementOrder/containers': [{ name: 'b' }], containers: [{ name: 'b', image: 'b:2' }] } }, ['a', 'b']],
      ['should delete the element named by $patch: delete', { spec: { containers: [{ $patch: 'delete', name: 'a' }] } }, ['b']],
      ['should replace the whole list on a $patch: replace element', { spec: { containers: [container('z'), { $patch: 'replace' }] } }, ['z']],
      ['should delete the list on null', { spec: { containers: null } }, []],
    ];
    for (const [title, patch, names] of cases) it(title, () => expect(namesOf(right('Pod', base, patch))).to.deep.equal(names));

    it('should merge a matched container field by field and its ports, env and volumeMounts by their keys', () => {
      const original = podWith([
        container('web', {
          ports: [{ containerPort: 80, name: 'http' }, { containerPort: 9090, name: 'metrics' }],
          env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
          volumeMounts: [{ mountPath: '/data', name: 'data' }],
        }),
      ]);
      const patch = {
        spec: {
          containers: [
            {
              name: 'web',
              image: 'web:2',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [{ name: 'B', value: '3' }, { $patch: 'delete', name: 'A' }],
              volumeMounts: [{ mountPath: '/cache', name: 'cache' }],
            },
          ],
        },
      };
      expect(right('Pod', original, patch)).to.deep.equal(
        podWith([
          {
            name: 'web',
            image: 'web:2',
            ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 9090, name: 'metrics' }],
            env: [{ name: 'B', value: '3' }],
            volumeMounts: [{ mountPath: '/cache', name: 'cache' }, { mountPath: '/data', name: 'data' }],
          },
        ]),
      );
    });

    it('should switch a volume source with the $retainKeys kubectl sends inside the volume', () => {
      const original = { spec: { containers: [], volumes: [{ name: 'cfg', emptyDir: {} }, { name: 'tmp', emptyDir: { medium: 'Memory' } }] } };
      const patch = { spec: { '$setElementOrder/volumes': [{ name: 'cfg' }, { name: 'tmp' }], volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'settings' }, name: 'cfg' }] } };
      expect(right('Pod', original, patch)).to.deep.equal({ spec: { containers: [], volumes: [{ name: 'cfg', configMap: { name: 'settings' } }, { name: 'tmp', emptyDir: { medium: 'Memory' } }] } });
    });

    it('should merge the containers of a Deployment and a ReplicaSet template, and Service ports by port', () => {
      const tpl = (containers: unknown[]) => ({ spec: { template: { spec: { containers } } } });
      for (const kind of ['Deployment', 'ReplicaSet']) expect(right(kind, tpl([container('a')]), tpl([container('b')]))).to.deep.equal(tpl([container('b'), container('a')]));
      const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } };
      expect(right('Service', svc, { spec: { ports: [{ port: 443, targetPort: 9443 }] } })).to.deep.equal({ spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 9443 }] } });
    });

    it('should merge status conditions by type and owner references by uid', () => {
      const node = { status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'False' }] } };
      expect(right('Node', node, { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }] } })).to.deep.equal({
        status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }, { type: 'MemoryPressure', status: 'False' }] },
      });
      const owned = { metadata: { ownerReferences: [{ uid: 'u1', kind: 'ReplicaSet', name: 'rs1' }] } };
      expect(right('Pod', owned, { metadata: { ownerReferences: [{ uid: 'u2', kind: 'ReplicaSet', name: 'rs2' }] } })).to.deep.equal({
        metadata: { ownerReferences: [{ uid: 'u2', kind: 'ReplicaSet', name: 'rs2' }, { uid: 'u1', kind: 'ReplicaSet', name: 'rs1' }] },
      });
    });
  });

  describe('lists without a merge key and lists of primitives', () => {
    const cases: Array<[string, string, unknown, unknown, unknown]> = [
      ['should replace tolerations (no patch strategy upstream)', 'Pod', { spec: { tolerations: [{ key: 'a', operator: 'Exists' }] } }, { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } }, { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } }],
      ['should replace node taints (no patch strategy upstream)', 'Node', { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } }, { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } }, { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } }],
      ['should replace container args', 'Pod', { spec: { containers: [{ name: 'c', args: ['a', 'b'] }] } }, { spec: { containers: [{ name: 'c', args: ['z'] }] } }, { spec: { containers: [{ name: 'c', args: ['z'] }] } }],
      ['should merge finalizers as a set, new ones first', 'Pod', { metadata: { finalizers: ['a', 'b'] } }, { metadata: { finalizers: ['b', 'c'] } }, { metadata: { finalizers: ['a', 'b', 'c'] } }],
      ['should add a finalizer in front when nothing orders it', 'Pod', { metadata: { finalizers: ['a', 'b'] } }, { metadata: { finalizers: ['c'] } }, { metadata: { finalizers: ['c', 'a', 'b'] } }],
      ['should remove finalizers named by $deleteFromPrimitiveList', 'Pod', { metadata: { finalizers: ['a', 'b', 'c'] } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'c'] } }, { metadata: { finalizers: ['a'] } }],
      ['should order finalizers by $setElementOrder', 'Pod', { metadata: { finalizers: ['a', 'b', 'c'] } }, { metadata: { '$setElementOrder/finalizers': ['b', 'c', 'a'] } }, { metadata: { finalizers: ['b', 'c', 'a'] } }],
      ['should add, order and delete finalizers in one patch', 'Pod', { metadata: { finalizers: ['a', 'b'] } }, { metadata: { '$setElementOrder/finalizers': ['a', 'c'], finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['b'] } }, { metadata: { finalizers: ['a', 'c'] } }],
      ['should leave an absent list absent when deleting from it', 'Pod', { metadata: {} }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, { metadata: {} }],
    ];
    for (const [title, kind, original, patch, want] of cases) it(title, () => expect(right(kind, original, patch)).to.deep.equal(want));
  });

  describe('maps and directives on maps', () => {
    const original = { metadata: { labels: { a: '1', b: '2' } }, spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } }, paused: false } };
    const cases: Array<[string, unknown, unknown]> = [
      ['should merge maps and delete keys set to null', { metadata: { labels: { a: null, c: '3' } } }, { ...original, metadata: { labels: { b: '2', c: '3' } } }],
      ['should replace a map marked $patch: replace', { metadata: { labels: { $patch: 'replace', z: '9' } } }, { ...original, metadata: { labels: { z: '9' } } }],
      ['should delete a map marked $patch: delete', { spec: { strategy: { rollingUpdate: { $patch: 'delete' } } } }, { ...original, spec: { ...original.spec, strategy: { type: 'RollingUpdate' } } }],
      ['should merge a map marked $patch: merge as usual', { metadata: { labels: { $patch: 'merge', c: '3' } } }, { ...original, metadata: { labels: { a: '1', b: '2', c: '3' } } }],
      ['should clear the fields $retainKeys does not name', { spec: { $retainKeys: ['paused'], paused: true } }, { ...original, spec: { paused: true } }],
      ['should replace a scalar with a map, dropping directives and nulls inside', { spec: { paused: { $patch: 'merge', x: 1, y: null } } }, { ...original, spec: { ...original.spec, paused: { x: 1 } } }],
      ['should ignore directives it does not know', { $unknownDirective: 1, spec: { paused: true } }, { ...original, spec: { ...original.spec, paused: true } }],
      ['should answer an empty object to $patch: delete at the top', { $patch: 'delete' }, {}],
    ];
    for (const [title, patch, want] of cases) it(title, () => expect(right('Deployment', original, patch)).to.deep.equal(want));
  });

  it('should agree with JSON merge patch for a kind without a schema and a patch without directives', () => {
    const original = { a: [1, 2], b: { c: 1, d: [{ name: 'x' }] }, e: 'keep' };
    const patches = [{ a: [3] }, { b: { c: null, d: [{ name: 'y' }] } }, { e: null, f: { g: 1 } }, {}];
    for (const p of patches) expect(right('Widget', original, p)).to.deep.equal(mergePatch(original, p));
  });

  it('should use an explicit schema for kinds it does not know', () => {
    const r = strategicMergePatchWith({ 'spec.items': { strategy: 'merge', mergeKey: 'id' } }, { spec: { items: [{ id: 1, v: 'a' }] } }, { spec: { items: [{ id: 2, v: 'b' }] } });
    expect(r).to.deep.equal(E.right({ spec: { items: [{ id: 2, v: 'b' }, { id: 1, v: 'a' }] } }));
  });

  it('should leave its inputs untouched', () => {
    const original = deepFreeze(podWith([container('a', { env: [{ name: 'X', value: '1' }] })]));
    const patch = deepFreeze({ spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [container('b'), { name: 'a', env: [{ name: 'X', value: '2' }] }] } });
    expect(namesOf(right('Pod', original, patch))).to.deep.equal(['b', 'a']);
  });

  it('should keep a __proto__ key from a parsed patch as plain data', () => {
    const r = right('Pod', { metadata: { labels: {} } }, JSON.parse('{"metadata":{"labels":{"__proto__":{"polluted":"yes"}}}}')) as { metadata: { labels: Record<string, unknown> } };
    expect(Object.getPrototypeOf(r.metadata.labels)).to.equal(Object.prototype);
    expect(Object.keys(r.metadata.labels)).to.deep.equal(['__proto__']);
  });

  describe('malformed patches', () => {
    const cases: Array<[string, unknown, number]> = [
      ['should refuse a patch that is a list', [{ op: 'add' }], 400],
      ['should refuse a patch that is a string', 'spec', 400],
      ['should refuse a patch that is null', null, 400],
      ['should refuse an unknown $patch directive', { spec: { $patch: 'explode' } }, 400],
      ['should refuse a list element without its merge key', { spec: { containers: [{ image: 'x' }] } }, 400],
      ['should refuse a $patch: delete element without its merge key', { spec: { containers: [{ $patch: 'delete' }] } }, 400],
      ['should refuse $patch: merge inside a list', { spec: { containers: [{ $patch: 'merge', name: 'a' }] } }, 400],
      ['should refuse a scalar in a list merged by key', { spec: { containers: ['a'] } }, 400],
      ['should refuse a $setElementOrder that is not a list', { spec: { '$setElementOrder/containers': { name: 'a' } } }, 400],
      ['should refuse a $setElementOrder element without the merge key', { spec: { '$setElementOrder/containers': [{ image: 'a' }] } }, 400],
      ['should refuse a patch list out of $setElementOrder order', { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }, { name: 'a' }] } }, 400],
      ['should refuse a $deleteFromPrimitiveList that is not a list', { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } }, 400],
      ['should refuse a $deleteFromPrimitiveList without a field', { metadata: { $deleteFromPrimitiveList: ['a'] } }, 400],
      ['should refuse a $retainKeys that is not a list', { spec: { strategy: { $retainKeys: 'type' } } }, 400],
      ['should refuse a field set but not retained by $retainKeys', { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 1 } } } }, 400],
      ['should refuse maps in a set-like primitive list', { metadata: { finalizers: [{ name: 'a' }] } }, 400],
      ['should refuse lists of lists with 422 like the API server', { metadata: { finalizers: [['a']] } }, 422],
    ];
    for (const [title, patch, code] of cases)
      it(title, () => {
        const r = strategicMergePatch('Pod', podWith([container('a'), container('b')]), patch);
        if (E.isRight(r)) throw new Error('expected a Status');
        expect(r.left).to.include({ kind: 'Status', status: 'Failure', code, reason: code === 400 ? 'BadRequest' : 'Invalid' });
      });
  });
});
