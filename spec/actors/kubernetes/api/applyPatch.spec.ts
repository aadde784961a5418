import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { applyPatch, patchTypeOfContentType, type PatchType } from '../../../../actors/kubernetes/api/applyPatch.js';

describe('applyPatch', () => {
  const contentTypes: Array<[string, PatchType | undefined]> = [
    ['application/merge-patch+json', 'merge'],
    ['application/strategic-merge-patch+json', 'strategic'],
    ['application/json-patch+json', 'json'],
    ['application/strategic-merge-patch+json; charset=utf-8', 'strategic'],
    ['Application/Merge-Patch+JSON ;charset=UTF-8', 'merge'],
    ['application/apply-patch+yaml', undefined],
    ['application/json', undefined],
    ['', undefined],
  ];
  for (const [contentType, want] of contentTypes)
    it(`should read '${contentType}' as ${want ?? 'unsupported'}`, () => expect(patchTypeOfContentType(contentType)).to.equal(want));

  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  };
  const addSidecar = { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'envoy' }] } } } };
  const containersAfter = (patchType: PatchType, kind: string, patch: unknown): unknown => {
    const r = applyPatch(patchType, kind, deployment, patch);
    if (E.isLeft(r)) throw new Error(r.left.message);
    return (r.right as typeof deployment).spec.template.spec.containers.map((c) => c.name);
  };

  const dispatch: Array<[string, PatchType, string, unknown, unknown]> = [
    ['should replace the container list on a merge patch', 'merge', 'Deployment', addSidecar, ['sidecar']],
    ['should merge the container list by name on a strategic merge patch', 'strategic', 'Deployment', addSidecar, ['sidecar', 'web']],
    ['should replace lists on a strategic merge patch of a kind without a schema', 'strategic', 'Widget', addSidecar, ['sidecar']],
    ['should append a container with a JSON patch', 'json', 'Deployment', [{ op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'sidecar', image: 'envoy' } }], ['web', 'sidecar']],
  ];
  for (const [title, patchType, kind, patch, want] of dispatch) it(title, () => expect(containersAfter(patchType, kind, patch)).to.deep.equal(want));

  it('should scale through any of the three formats, as kubectl scale and kubectl patch do', () => {
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 1 }, status: { replicas: 1 } };
    const want = E.right({ ...scale, spec: { replicas: 4 } });
    expect(applyPatch('merge', 'Scale', scale, { spec: { replicas: 4 } })).to.deep.equal(want);
    expect(applyPatch('strategic', 'Scale', scale, { spec: { replicas: 4 } })).to.deep.equal(want);
    expect(applyPatch('json', 'Scale', scale, [{ op: 'replace', path: '/spec/replicas', value: 4 }])).to.deep.equal(want);
  });

  const failures: Array<[string, PatchType, unknown, number]> = [
    ['should refuse a merge patch that is not an object', 'merge', [1, 2], 400],
    ['should refuse a strategic merge patch that is not an object', 'strategic', 'nope', 400],
    ['should refuse a JSON patch that is not a list', 'json', { spec: {} }, 400],
    ['should answer 422 to a JSON patch whose test fails', 'json', [{ op: 'test', path: '/spec/replicas', value: 7 }], 422],
  ];
  for (const [title, patchType, patch, code] of failures)
    it(title, () => {
      const r = applyPatch(patchType, 'Deployment', deployment, patch);
      if (E.isRight(r)) throw new Error('expected a Status');
      expect(r.left.code).to.equal(code);
    });

  it('should leave the original untouched', () => {
    const before = JSON.stringify(deployment);
    for (const [type, patch] of [['merge', addSidecar], ['strategic', addSidecar], ['json', [{ op: 'remove', path: '/metadata/labels' }]]] as const) applyPatch(type, 'Deployment', deployment, patch);
    expect(JSON.stringify(deployment)).to.equal(before);
  });
});
