import { expect } from 'chai';
import { add, contains, dominantShare, isAllocatable, normalizeRanges, resources, subtract, takePorts, type PortRange } from '../../../actors/mesos/Resources.js';

describe('mesos Resources', () => {
  const r = resources;
  const cases: Array<{ what: string; run: () => unknown; expected: unknown }> = [
    { what: 'adds scalars and merges port ranges', run: () => add(r({ cpus: 1, ports: [[1, 5]] }), r({ cpus: 2, mem: 3, ports: [[6, 9]] })), expected: r({ cpus: 3, mem: 3, ports: [[1, 9]] }) },
    { what: 'subtracts port ranges from the middle', run: () => subtract(r({ ports: [[31000, 31010]] }), r({ ports: [[31003, 31004]] })).ports, expected: [[31000, 31002], [31005, 31010]] },
    { what: 'clamps tiny float remainders to zero', run: () => subtract(r({ cpus: 0.3 }), r({ cpus: 0.1 + 0.2 })).cpus, expected: 0 },
    { what: 'contains a task that fits, ports included', run: () => contains(r({ cpus: 2, mem: 512, ports: [[10, 20]] }), r({ cpus: 2, mem: 512, ports: [[12, 13]] })), expected: true },
    { what: 'does not contain ports outside its ranges', run: () => contains(r({ cpus: 2, ports: [[10, 20]] }), r({ ports: [[20, 21]] })), expected: false },
    { what: 'does not contain more memory than it has', run: () => contains(r({ mem: 100 }), r({ mem: 101 })), expected: false },
    { what: 'takes the dominant share over the scalar kinds', run: () => dominantShare(r({ cpus: 1, mem: 4096 }), r({ cpus: 10, mem: 8192 })), expected: 0.5 },
    { what: 'skips kinds the cluster has none of', run: () => dominantShare(r({ cpus: 1, disk: 5 }), r({ cpus: 4 })), expected: 0.25 },
    { what: 'is allocatable from 0.01 cpus', run: () => isAllocatable(r({ cpus: 0.01 })), expected: true },
    { what: 'is allocatable from 32 MB', run: () => isAllocatable(r({ mem: 32 })), expected: true },
    { what: 'is not allocatable below both minimums', run: () => isAllocatable(r({ cpus: 0.005, mem: 31, disk: 1000 })), expected: false },
    { what: 'takes ports across ranges', run: () => takePorts([[1, 2], [10, 20]], 4), expected: [[1, 2], [10, 11]] },
    { what: 'gives up when there are not enough ports', run: () => takePorts([[1, 2]], 3), expected: undefined },
    { what: 'normalizes unsorted, overlapping, adjacent ranges', run: () => normalizeRanges([[10, 12], [1, 3], [4, 5], [11, 15]] as PortRange[]), expected: [[1, 5], [10, 15]] },
  ];
  for (const c of cases) it(`should ${c.what}`, () => expect(c.run()).to.deep.equal(c.expected));
});
