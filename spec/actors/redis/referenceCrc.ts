/** A bit-by-bit CRC16-XMODEM over bytes: the reference the table-driven `crc16` must match. */
export const referenceCrc = (bytes: Uint8Array): number => {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
};
