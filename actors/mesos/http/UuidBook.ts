import type { Random } from '../../../lib/random/index.js';

/**
 * 16 random bytes shaped as an RFC 4122 version-4 UUID, drawn from a seeded
 * stream (so a server started with the same seed hands out the same ids).
 *
 * @example
 * formatUuid(randomUuid(createRandom(1))); // e.g. '3f0c…-…-4…-…'
 */
export const randomUuid = (random: Random): Buffer => {
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) bytes[i] = random.int(0, 255);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return bytes;
};

/** A UUID's canonical text form (`8-4-4-4-12` hex digits), as in `Mesos-Stream-Id`. */
export const formatUuid = (bytes: Buffer): string => {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

interface Entry {
  readonly frameworkId: string;
  readonly model: string;
  readonly v1: string;
}

/**
 * The v1 API's status-update uuids are 16 bytes (base64 in JSON) and the
 * framework acknowledges them; the simulated agents use their own uuid
 * strings. The book gives each agent uuid a stable random v1 uuid (a retried
 * update carries the same one, as in Mesos) and maps acknowledgements back.
 * It holds only unacknowledged updates, at most `capacity` (oldest dropped).
 */
export class UuidBook {
  private readonly byModel = new Map<string, Entry>();
  private readonly byV1 = new Map<string, Entry>();

  constructor(
    private readonly random: Random,
    private readonly capacity = 100_000,
  ) {}

  /** The v1 uuid (base64) for an agent's update uuid. */
  v1For(frameworkId: string, model: string): string {
    const known = this.byModel.get(model);
    if (known !== undefined) return known.v1;
    const entry = { frameworkId, model, v1: randomUuid(this.random).toString('base64') };
    this.byModel.set(model, entry);
    this.byV1.set(entry.v1, entry);
    if (this.byModel.size > this.capacity) this.drop(this.byModel.values().next().value as Entry);
    return entry.v1;
  }

  /** The agent's uuid behind a v1 uuid the framework acknowledges (undefined: not outstanding, or another framework's). */
  modelFor(frameworkId: string, v1: Buffer): string | undefined {
    const entry = this.byV1.get(v1.toString('base64'));
    return entry !== undefined && entry.frameworkId === frameworkId ? entry.model : undefined;
  }

  /** Forget an acknowledged update. */
  forget(model: string): void {
    const entry = this.byModel.get(model);
    if (entry !== undefined) this.drop(entry);
  }

  /** Updates outstanding. */
  get size(): number {
    return this.byModel.size;
  }

  private drop(entry: Entry): void {
    this.byModel.delete(entry.model);
    this.byV1.delete(entry.v1);
  }
}
