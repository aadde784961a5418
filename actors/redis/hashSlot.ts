import { forEachRedisByte } from './RedisString.js';

/**
 * Hash slots: Redis Cluster shards keys over 16384 slots,
 * `HASH_SLOT = CRC16(key) mod 16384`, where CRC16 is the XMODEM variant
 * (polynomial 0x1021, initial value 0) over the key's bytes (a JS string
 * stands for bytes as `RedisString` says), and a
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
 * CRC16-XMODEM of the bytes `text[from, to)` stands for: its UTF-8 bytes,
 * with U+DC80…U+DCFF escapes standing for raw bytes (see `RedisString`),
 * so a key hashes to the slot a real server computes for the bytes on the
 * wire.
 *
 * @example
 * crc16('123456789'); // 0x31c3
 */
export const crc16 = (text: string, from = 0, to = text.length): number => {
  let crc = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // Beyond ASCII: the byte rule of RedisString (rare in keys; kept out of this loop so it stays tight).
    if (c >= 0x80) return crc16Bytes(crc, text, i, to);
    crc = step(crc, c);
  }
  return crc;
};

/** Continue a CRC over the bytes `text[from, to)` stands for. */
const crc16Bytes = (start: number, text: string, from: number, to: number): number => {
  let crc = start;
  forEachRedisByte(text, from, to, (byte) => {
    crc = step(crc, byte);
  });
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
