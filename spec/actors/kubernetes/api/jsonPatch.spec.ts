import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { jsonPatch, parsePointer } from '../../../../actors/kubernetes/api/jsonPatch.js';

const doc = () => ({
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a', 'b'] },
  spec: { replicas: 1, containers: [{ name: 'web', image: 'nginx:1.24' }] },
  'a/b': 1,
  'm~n': 2,
});

describe('jsonPatch (RFC 6902)', () => {
  const applies: Array<[string, unknown[], (d: ReturnType<typeof doc>) => unknown]> = [
    ['should replace a field (kubectl patch --type json)', [{ op: 'replace', path: '/spec/replicas', value: 3 }], (d) => ({ ...d, spec: { ...d.spec, replicas: 3 } })],
    ['should add a label whose key has a slash (~1)', [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' }], (d) => ({ ...d, metadata: { ...d.metadata, labels: { app: 'web', 'app.kubernetes.io/name': 'web' } } })],
    ['should address keys with ~0 and ~1', [{ op: 'replace', path: '/a~1b', value: 10 }, { op: 'remove', path: '/m~0n' }], (d) => ({ metadata: d.metadata, spec: d.spec, 'a/b': 10 })],
    ['should add over an existing key', [{ op: 'add', path: '/spec/replicas', value: 5 }], (d) => ({ ...d, spec: { ...d.spec, replicas: 5 } })],
    ['should insert into a list at an index', [{ op: 'add', path: '/metadata/finalizers/1', value: 'x' }], (d) => ({ ...d, metadata: { ...d.metadata, finalizers: ['a', 'x', 'b'] } })],
    ['should append to a list with -', [{ op: 'add', path: '/metadata/finalizers/-', value: 'z' }], (d) => ({ ...d, metadata: { ...d.metadata, finalizers: ['a', 'b', 'z'] } })],
    ['should add at the end index of a list', [{ op: 'add', path: '/metadata/finalizers/2', value: 'z' }], (d) => ({ ...d, metadata: { ...d.metadata, finalizers: ['a', 'b', 'z'] } })],
    ['should remove a list element', [{ op: 'remove', path: '/metadata/finalizers/0' }], (d) => ({ ...d, metadata: { ...d.metadata, finalizers: ['b'] } })],
    ['should remove a field', [{ op: 'remove', path: '/metadata/labels' }], (d) => ({ ...d, metadata: { name: 'web', finalizers: ['a', 'b'] } })],
    ['should replace a list element', [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.25' }], (d) => ({ ...d, spec: { ...d.spec, containers: [{ name: 'web', image: 'nginx:1.25' }] } })],
    ['should move a value', [{ op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/tier' }], (d) => ({ ...d, metadata: { ...d.metadata, labels: { tier: 'web' } } })],
    ['should treat a move onto itself as a no-op', [{ op: 'move', from: '/spec/replicas', path: '/spec/replicas' }], (d) => d],
    ['should move a list element', [{ op: 'move', from: '/metadata/finalizers/0', path: '/metadata/finalizers/-' }], (d) => ({ ...d, metadata: { ...d.metadata, finalizers: ['b', 'a'] } })],
    ['should copy a value', [{ op: 'copy', from: '/spec/containers/0', path: '/spec/containers/-' }], (d) => ({ ...d, spec: { ...d.spec, containers: [d.spec.containers[0], d.spec.containers[0]] } })],
    ['should pass a test that holds, then apply the rest', [{ op: 'test', path: '/spec/replicas', value: 1 }, { op: 'replace', path: '/spec/replicas', value: 2 }], (d) => ({ ...d, spec: { ...d.spec, replicas: 2 } })],
    ['should compare structures in a test', [{ op: 'test', path: '/spec/containers', value: [{ image: 'nginx:1.24', name: 'web' }] }], (d) => d],
    ['should replace the whole document at the empty pointer', [{ op: 'replace', path: '', value: { x: 1 } }], () => ({ x: 1 })],
    ['should apply operations in order', [{ op: 'add', path: '/spec/x', value: {} }, { op: 'add', path: '/spec/x/y', value: 1 }, { op: 'copy', from: '/spec/x', path: '/spec/z' }], (d) => ({ ...d, spec: { ...d.spec, x: { y: 1 }, z: { y: 1 } } })],
    ['should accept an empty patch', [], (d) => d],
  ];
  for (const [title, patch, want] of applies) it(title, () => expect(jsonPatch(doc(), patch)).to.deep.equal(E.right(want(doc()))));

  it('should copy deeply, so later changes to the copy leave the source alone', () => {
    const r = jsonPatch(doc(), [{ op: 'copy', from: '/spec/containers/0', path: '/spec/sidecar' }, { op: 'replace', path: '/spec/sidecar/image', value: 'envoy' }]);
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect((r.right as ReturnType<typeof doc>).spec.containers[0].image).to.equal('nginx:1.24');
  });

  it('should leave its input untouched, also when a later operation fails', () => {
    const input = doc();
    expect(E.isRight(jsonPatch(input, [{ op: 'replace', path: '/spec/replicas', value: 9 }]))).to.equal(true);
    expect(E.isLeft(jsonPatch(input, [{ op: 'remove', path: '/metadata/finalizers/0' }, { op: 'test', path: '/spec/replicas', value: 42 }]))).to.equal(true);
    expect(input).to.deep.equal(doc());
  });

  const notApplicable: Array<[string, unknown[]]> = [
    ['should answer 422 Invalid to a failed test, like the API server', [{ op: 'test', path: '/spec/replicas', value: 2 }]],
    ['should fail a test on a missing path', [{ op: 'test', path: '/spec/missing', value: null }]],
    ['should refuse to replace a missing field', [{ op: 'replace', path: '/spec/missing', value: 1 }]],
    ['should refuse to remove a missing field', [{ op: 'remove', path: '/metadata/annotations' }]],
    ['should refuse to add under a missing parent', [{ op: 'add', path: '/status/phase', value: 'Running' }]],
    ['should refuse an index past the end', [{ op: 'add', path: '/metadata/finalizers/5', value: 'x' }]],
    ['should refuse an index with a leading zero', [{ op: 'replace', path: '/metadata/finalizers/01', value: 'x' }]],
    ['should refuse - outside add', [{ op: 'remove', path: '/metadata/finalizers/-' }]],
    ['should refuse to move a value into its own child', [{ op: 'move', from: '/spec', path: '/spec/inner' }]],
    ['should refuse to copy from a missing path', [{ op: 'copy', from: '/nope', path: '/spec/x' }]],
    ['should refuse to remove the whole document', [{ op: 'remove', path: '' }]],
    ['should refuse to descend into a scalar', [{ op: 'add', path: '/spec/replicas/x', value: 1 }]],
  ];
  for (const [title, patch] of notApplicable)
    it(title, () => {
      const r = jsonPatch(doc(), patch);
      if (E.isRight(r)) throw new Error('expected a Status');
      expect(r.left).to.include({ kind: 'Status', status: 'Failure', reason: 'Invalid', code: 422 });
      expect(r.left.details.causes?.[0]?.field).to.equal((patch[0] as { path: string }).path);
    });

  const malformed: Array<[string, unknown]> = [
    ['should answer 400 BadRequest to a patch that is not a list', { op: 'add', path: '/a', value: 1 }],
    ['should refuse an unknown op', [{ op: 'merge', path: '/a', value: 1 }]],
    ['should refuse an operation without a path', [{ op: 'remove' }]],
    ['should refuse an operation that is not an object', ['remove /a']],
    ['should refuse add without a value', [{ op: 'add', path: '/a' }]],
    ['should refuse test without a value', [{ op: 'test', path: '/a' }]],
    ['should refuse move without from', [{ op: 'move', path: '/a' }]],
    ['should refuse a pointer not starting with /', [{ op: 'remove', path: 'spec/replicas' }]],
    ['should refuse a bad ~ escape', [{ op: 'remove', path: '/a~2b' }]],
  ];
  for (const [title, patch] of malformed)
    it(title, () => {
      const r = jsonPatch(doc(), patch);
      if (E.isRight(r)) throw new Error('expected a Status');
      expect(r.left).to.include({ kind: 'Status', reason: 'BadRequest', code: 400 });
    });

  it('should add a __proto__ key as plain data', () => {
    const r = jsonPatch({ a: {} }, [{ op: 'add', path: '/a/__proto__', value: { polluted: true } }]);
    if (E.isLeft(r)) throw new Error(r.left.message);
    const a = (r.right as { a: object }).a;
    expect(Object.getPrototypeOf(a)).to.equal(Object.prototype);
    expect(Object.keys(a)).to.deep.equal(['__proto__']);
  });

  it('should parse JSON pointers (RFC 6901)', () => {
    expect(parsePointer('')).to.deep.equal([]);
    expect(parsePointer('/')).to.deep.equal(['']);
    expect(parsePointer('/a~1b/~0c/~01')).to.deep.equal(['a/b', '~c', '~1']);
    expect(parsePointer('a')).to.equal(undefined);
  });
});
