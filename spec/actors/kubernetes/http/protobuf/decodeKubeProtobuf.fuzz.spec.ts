import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { decodeKubeProtobuf } from '../../../../../actors/kubernetes/http/protobuf/decodeKubeProtobuf.js';
import { decodableKinds, isMessageName, kubeSchemas, schemaForKind, type FieldType, type MessageName } from '../../../../../actors/kubernetes/http/protobuf/kubeSchemas.js';
import { createRandom, type Random } from '../../../../../lib/random/index.js';
import { bytes, cat, entry, int, kubeBody, msg, str, varint } from './protoWriter.js';

/** Replay a failure with the seed in this suite's title. */
const SEED = 0x6b387300;

/** Bodies from kubectl 1.32 (see decodeKubeProtobuf.spec.ts): a namespace, a deployment, a configmap, a service, a priority class. */
const SEEDS = [
  '6b3873000a0f0a02763112094e616d65737061636512190a110a017812001a0022002a0032003800420012001a020a001a002200',
  '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b3010a230a0568656c6c6f12001a0022002a003200380042005a0c0a03617070120568656c6c6f127e0801120e0a0c0a03617070120568656c6c6f1a620a1e0a0012001a0022002a003200380042005a0c0a03617070120568656c6c6f124012220a056e67696e7812056e67696e782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
  '6b3873000a0f0a0276311209436f6e6669674d6170122b0a130a0362696e12001a0022002a0032003800420012060a016b1201761a0c0a04626c6f6212040001feff1a002200',
  '6b3873000a0d0a02763112075365727669636512670a1d0a026e7012001a0022002a003200380042005a090a0361707012026e7012420a1d0a07383038302d3830120354435018903f2206080010501a002880eb0112090a0361707012026e701a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200',
  '6b3873000a250a147363686564756c696e672e6b38732e696f2f7631120d5072696f72697479436c617373123a0a130a036c6f7712001a0022002a0032003800420010fbffffffffffffffff01180122002a14507265656d70744c6f7765725072696f726974791a002200',
].map((h) => Buffer.from(h, 'hex'));

const randomBytes = (rng: Random, n: number): Uint8Array => Uint8Array.from({ length: n }, () => rng.int(0, 255));

/** One mutation of a buffer: flip, overwrite, insert, delete, duplicate, truncate or splice. */
const mutate = (rng: Random, buf: Uint8Array): Uint8Array => {
  const b = [...buf];
  const at = rng.int(0, Math.max(0, b.length - 1));
  switch (rng.int(0, 6)) {
    case 0:
      if (b.length > 0) b[at] ^= 1 << rng.int(0, 7);
      break;
    case 1:
      if (b.length > 0) b[at] = rng.pick([0, 0x7f, 0x80, 0xff, rng.int(0, 255)]);
      break;
    case 2:
      b.splice(at, 0, ...randomBytes(rng, rng.int(1, 12)));
      break;
    case 3:
      b.splice(at, rng.int(1, 8));
      break;
    case 4:
      b.splice(at, 0, ...b.slice(at, at + rng.int(1, 40)));
      break;
    case 5:
      b.length = at;
      break;
    default: {
      const other = rng.pick(SEEDS);
      const from = rng.int(0, other.length - 1);
      b.splice(at, rng.int(0, 20), ...other.subarray(from, from + rng.int(1, 30)));
    }
  }
  return Uint8Array.from(b);
};

const QUANTITIES = ['0', '1', '250m', '64Mi', '1.5', '2Gi', '1e3', '-1', '100k'];

/** A random but well-formed encoding of message `name`, with some unknown (#100+) and unmodeled fields. */
const randomMessage = (rng: Random, name: MessageName, depth: number): Uint8Array => {
  if (name === 'Time' || name === 'MicroTime') return rng.bool(0.2) ? new Uint8Array(0) : cat(int(1, rng.int(-62135596800, 253402300799)), int(2, rng.int(-(2 ** 31), 2 ** 31 - 1)));
  if (name === 'Quantity') return str(1, rng.pick(QUANTITIES));
  if (name === 'IntOrString') return rng.bool() ? cat(int(1, 0), int(2, rng.int(-(2 ** 31), 2 ** 31 - 1))) : cat(int(1, 1), str(3, rng.pick(['25%', 'http', ''])));
  const parts: Uint8Array[] = [];
  for (const f of kubeSchemas[name].values()) {
    if (!rng.bool(0.6)) continue;
    const times = f.type.startsWith('[]') || f.type.startsWith('map<') ? rng.int(0, 3) : rng.int(1, 2);
    for (let i = 0; i < times; i++) {
      const p = randomField(rng, f.number, f.type, depth);
      if (p !== undefined) parts.push(p);
    }
  }
  if (rng.bool(0.1)) parts.push(str(rng.int(100, 2000), 'future'));
  return cat(...rng.shuffle(parts));
};

const randomField = (rng: Random, n: number, type: FieldType, depth: number): Uint8Array | undefined => {
  switch (type) {
    case 'string':
    case '[]string':
      return str(n, rng.pick(['', 'a', 'web', 'ünïcode', 'k8s.io/x']));
    case 'bytes':
      return bytes(n, randomBytes(rng, rng.int(0, 6)));
    case 'int32':
      return int(n, rng.int(-(2 ** 31), 2 ** 31 - 1));
    case 'int64':
      return int(n, rng.int(-(2 ** 40), 2 ** 40));
    case 'bool':
      return int(n, rng.bool());
    case 'map<string,string>':
      return entry(n, rng.pick(['a', 'b', '']), str(2, rng.pick(['1', ''])));
    case 'map<string,bytes>':
      return entry(n, rng.pick(['a', 'b']), bytes(2, randomBytes(rng, 3)));
    case 'map<string,Quantity>':
      return entry(n, rng.pick(['cpu', 'memory']), msg(2, str(1, rng.pick(QUANTITIES))));
    case 'unmodeled':
    case 'skipped':
      return bytes(n, randomBytes(rng, rng.int(0, 5)));
    default: {
      const child = type.startsWith('[]') ? type.slice(2) : type;
      if (!isMessageName(child) || depth > 8) return undefined;
      return msg(n, randomMessage(rng, child, depth + 1));
    }
  }
};

/** Decode and check the result is a value (never a throw) of the expected shape. */
const decodeSafely = (body: Uint8Array, label: string): E.Either<{ reason: string }, { object: Record<string, unknown>; unknownFields: string[] }> => {
  let r: ReturnType<typeof decodeKubeProtobuf>;
  try {
    r = decodeKubeProtobuf(body);
  } catch (e) {
    throw new Error(`${label}: threw ${String(e)} on ${Buffer.from(body).toString('hex')}`);
  }
  if (E.isLeft(r)) {
    expect([400, 415], label).to.include(r.left.code);
    expect(r.left.message, label).to.be.a('string').and.not.equal('');
  } else {
    expect(r.right.object.apiVersion, label).to.be.a('string');
    expect(() => JSON.stringify(r.right.object), label).to.not.throw();
  }
  return r;
};

describe(`decodeKubeProtobuf fuzz (seed ${SEED})`, function () {
  this.timeout(60_000);

  it('should return a value, never throw, on 4000 random buffers (bare, after the magic, or as an object inside a valid envelope)', () => {
    const rng = createRandom(SEED).fork('random');
    const kinds = decodableKinds().map((k) => [k.slice(0, k.lastIndexOf('/')), k.slice(k.lastIndexOf('/') + 1)] as const);
    let rights = 0;
    for (let i = 0; i < 4000; i++) {
      const noise = randomBytes(rng, rng.int(0, 300));
      const shape = i % 3;
      const body = shape === 0 ? noise : shape === 1 ? cat([0x6b, 0x38, 0x73, 0x00], noise) : kubeBody(...rng.pick(kinds), noise);
      if (E.isRight(decodeSafely(body, `random #${i}`))) rights++;
    }
    expect(rights).to.be.greaterThan(0);
  });

  it('should return a value, never throw, on 4000 mutations of real kubectl bodies', () => {
    const rng = createRandom(SEED).fork('mutate');
    const outcomes = { left: 0, right: 0 };
    for (let i = 0; i < 4000; i++) {
      let body: Uint8Array = rng.pick(SEEDS);
      const rounds = rng.int(1, 4);
      for (let k = 0; k < rounds; k++) body = mutate(rng, body);
      outcomes[E.isLeft(decodeSafely(body, `mutation #${i}`)) ? 'left' : 'right']++;
    }
    expect(outcomes.left).to.be.greaterThan(0);
    expect(outcomes.right).to.be.greaterThan(0);
  });

  it('should decode 1500 random well-formed objects of every kind, reporting only unknown numbers and unmodeled fields', () => {
    const rng = createRandom(SEED).fork('well-formed');
    const kinds = decodableKinds().map((k) => [k.slice(0, k.lastIndexOf('/')), k.slice(k.lastIndexOf('/') + 1)] as const);
    const unmodeled = new Set(Object.values(kubeSchemas).flatMap((s) => [...s.values()].filter((f) => f.type === 'unmodeled').map((f) => f.json)));
    for (let i = 0; i < 1500; i++) {
      const [apiVersion, kind] = rng.pick(kinds);
      const name = schemaForKind(apiVersion, kind)!;
      const body = kubeBody(apiVersion, kind, randomMessage(rng, name, 0));
      const r = decodeSafely(body, `well-formed #${i} ${kind}`);
      if (E.isLeft(r)) {
        // Only out-of-range values may fail: times past year 9999 or before year 0 after normalization.
        expect((r.left as { message?: string }).message, `well-formed #${i} ${kind}`).to.match(/outside the years 0000-9999/);
        continue;
      }
      for (const path of r.right.unknownFields) {
        const leaf = path.slice(path.lastIndexOf('.') + 1);
        const ok = /^#\d+$/.test(leaf) ? Number(leaf.slice(1)) >= 100 : unmodeled.has(leaf);
        expect(ok, `well-formed #${i} ${kind}: ${path}`).to.equal(true);
      }
      expect(decodeKubeProtobuf(body), 'deterministic').to.deep.equal(r);
    }
  });

  it('should decode a 1.2 MB body of 50000 labels in one pass', () => {
    const meta = Buffer.concat([str(1, 'big'), ...Array.from({ length: 50_000 }, (_, i) => entry(11, `key-${i}`, str(2, `value-${i}`)))]);
    const r = decodeSafely(kubeBody('v1', 'ConfigMap', Buffer.concat([Buffer.from([0x0a]), Buffer.from(varint(meta.length)), meta])), 'big');
    expect(E.isRight(r) && Object.keys((r.right.object.metadata as { labels: object }).labels).length).to.equal(50_000);
  });

  it('should skip 100000 levels of nesting inside an unknown field without descending into them', () => {
    // Built outside in, in one pass: each level is `0a <length of the rest>`.
    const inner = str(1, 'x');
    const sizes = [inner.length];
    for (let i = 1; i <= 100_000; i++) sizes.push(1 + varint(sizes[i - 1]).length + sizes[i - 1]);
    const prefixes: number[] = [];
    for (let i = 100_000; i >= 1; i--) prefixes.push(0x0a, ...varint(sizes[i - 1]));
    const deep = Buffer.concat([Buffer.from(prefixes), inner]);
    const r = decodeSafely(kubeBody('v1', 'Namespace', cat(msg(1, str(1, 'ns')), bytes(9, deep))), 'deep');
    expect(E.isRight(r) && [r.right.object.metadata, r.right.unknownFields]).to.deep.equal([{ name: 'ns' }, ['#9']]);
  });
});
