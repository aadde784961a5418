import { expect } from 'chai';
import { nonStructuralParts } from '../../../../lib/actor/index.js';
import { allResources } from '../../../../actors/kubernetes/index.js';

describe('the resource registry', () => {
  // The API server's write path lets a codec's type guard stand for decode (decodeBody): true only
  // when decode returns valid input unchanged.
  it('should hold only structural codecs, every kind', () => {
    const kinds = allResources();
    expect(kinds.map((r) => r.kind)).to.include.members(['Pod', 'Node', 'Deployment', 'ReplicaSet', 'Service', 'Endpoints', 'Lease']);
    expect(kinds.flatMap((r) => nonStructuralParts(r.codec).map((p) => `${r.kind}: ${p}`))).to.deep.equal([]);
  });
});
