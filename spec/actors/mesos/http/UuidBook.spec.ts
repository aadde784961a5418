import { expect } from 'chai';
import { createRandom } from '../../../../lib/random/index.js';
import { formatUuid, randomUuid, UuidBook } from '../../../../actors/mesos/http/UuidBook.js';
import { isUuid } from '../../../../actors/mesos/http/v1Call.js';

describe('mesos http UuidBook', () => {
  it('should draw version-4 UUIDs Mesos accepts, the same for the same seed', () => {
    const a = randomUuid(createRandom(5));
    expect(isUuid(a)).to.equal(true);
    expect(formatUuid(a)).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomUuid(createRandom(5)).equals(a)).to.equal(true);
  });

  it('should give a retried update the same v1 uuid and map an acknowledgement back', () => {
    const book = new UuidBook(createRandom(1));
    const v1 = book.v1For('F1', 'S1:4');
    expect(book.v1For('F1', 'S1:4')).to.equal(v1);
    expect(book.v1For('F1', 'S1:5')).not.to.equal(v1);
    expect(book.modelFor('F1', Buffer.from(v1, 'base64'))).to.equal('S1:4');
  });

  it("should not map another framework's uuid, nor one forgotten after its acknowledgement", () => {
    const book = new UuidBook(createRandom(1));
    const v1 = Buffer.from(book.v1For('F1', 'S1:4'), 'base64');
    expect(book.modelFor('F2', v1)).to.equal(undefined);
    book.forget('S1:4');
    expect(book.modelFor('F1', v1)).to.equal(undefined);
    expect(book.size).to.equal(0);
  });

  it('should keep at most its capacity, dropping the oldest', () => {
    const book = new UuidBook(createRandom(1), 2);
    const first = Buffer.from(book.v1For('F', 'a'), 'base64');
    book.v1For('F', 'b');
    book.v1For('F', 'c');
    expect(book.size).to.equal(2);
    expect(book.modelFor('F', first)).to.equal(undefined);
  });
});
