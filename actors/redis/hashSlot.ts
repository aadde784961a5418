/**
 * Hash slots: Redis Cluster shards keys over 16384 slots,
 * `HASH_SLOT = CRC16(key) mod 16384`, where CRC16 is the XMODEM variant
 * (polynomial 0x1021, initial value 0) over the key's bytes, and a
 * `{hash tag}` restricts the hashed part to what is between the first `{`
 * and the first `}` after it (when that is not empty).
 */

/** Number of hash slots in a Redis Cluster. */
export const SLOTS = 16384;

const TABLE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let j = 0; j < 8; j++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[i] = crc;
  }
  return table;
})();

const step = (crc: number, byte: number): number => ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff];

/**
 * CRC16-XMODEM of the UTF-8 bytes of `text[from, to)`.
 *
 * @example
 * crc16('123456789'); // 0x31c3
 */
export const crc16 = (text: string, from = 0, to = text.length): number => {
  let crc = 0;
  for (let i = from; i < to; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      crc = step(crc, c);
      continue;
    }
    // Encode as UTF-8 on the fly, so hashes match what a real server sees on the wire.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (c < 0x800) {
      crc = step(crc, 0xc0 | (c >> 6));
    } else if (c < 0x10000) {
      crc = step(crc, 0xe0 | (c >> 12));
      crc = step(crc, 0x80 | ((c >> 6) & 0x3f));
    } else {
      crc = step(crc, 0xf0 | (c >> 18));
      crc = step(crc, 0x80 | ((c >> 12) & 0x3f));
      crc = step(crc, 0x80 | ((c >> 6) & 0x3f));
    }
    crc = step(crc, 0x80 | (c & 0x3f));
  }
  return crc;
};

/**
 * The hash slot of a key, honouring `{hash tags}` as Redis does.
 *
 * @example
 * keyHashSlot('foo');            // 12182
 * keyHashSlot('{user1}.name') === keyHashSlot('{user1}.email'); // true
 */
export const keyHashSlot = (key: string): number => {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key, open + 1, close) & (SLOTS - 1);
  }
  return crc16(key) & (SLOTS - 1);
};
