/**
 * W3C Bitstring Status List: a bitstring where bit i (counted from the left-most bit of the
 * first byte) set means credential i is revoked, published GZIP-compressed and multibase
 * base64url-encoded (`u` prefix) in a status list credential.
 */
import zlib from "node:zlib";

/** 131,072 entries (16 KB): the specification's minimum, for group privacy. */
export const STATUS_LIST_SIZE = 131_072;

export function emptyBitstring(size = STATUS_LIST_SIZE): Buffer {
  return Buffer.alloc(Math.ceil(size / 8));
}

export function getBit(bits: Uint8Array, index: number): boolean {
  const byte = bits[index >> 3];
  if (byte === undefined) throw new RangeError(`Status index ${index} is outside the list.`);
  return (byte & (0x80 >> (index & 7))) !== 0;
}

/** A copy of `bits` with entry `index` set (or cleared). */
export function withBit(bits: Uint8Array, index: number, value: boolean): Buffer {
  if (index < 0 || index >> 3 >= bits.length)
    throw new RangeError(`Status index ${index} is outside the list.`);
  const copy = Buffer.from(bits);
  const mask = 0x80 >> (index & 7);
  copy[index >> 3] = value ? (copy[index >> 3] ?? 0) | mask : (copy[index >> 3] ?? 0) & ~mask;
  return copy;
}

export function encodeList(bits: Uint8Array): string {
  return "u" + zlib.gzipSync(bits).toString("base64url");
}

export function decodeList(encoded: string): Buffer {
  if (!encoded.startsWith("u")) throw new Error("The encoded status list is not multibase base64url.");
  return zlib.gunzipSync(Buffer.from(encoded.slice(1), "base64url"));
}
