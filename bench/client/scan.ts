/**
 * Reading tick fields straight from frame bytes. A JSON.parse per tick would make the load
 * client, not the server, the bottleneck; ticks have a fixed shape, so finding `"seq":` and
 * `"ts":` and reading the digits after them is enough.
 */

export const KEY_SYMBOL = Buffer.from('"symbol":"');
export const KEY_SEQ = Buffer.from('"seq":');
export const KEY_TS = Buffer.from('"ts":');

/** Index of `needle` in bytes[from, end), or -1. Keys sit a few bytes apart, so a plain loop wins over a native call. */
export function find(bytes: Uint8Array, needle: Uint8Array, from: number, end: number): number {
  const first = needle[0];
  const last = end - needle.length;
  outer: for (let i = from; i <= last; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Index of the first `byte` in bytes[from, end), or -1. */
export function findByte(bytes: Uint8Array, byte: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (bytes[i] === byte) return i;
  return -1;
}

/** A non-negative integer at bytes[at...], or -1 when no digit is there. */
export function readUint(bytes: Uint8Array, at: number, end: number): number {
  let value = 0;
  let i = at;
  for (; i < end; i++) {
    const c = (bytes[i] as number) - 48;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
  }
  return i === at ? -1 : value;
}

/** A non-negative decimal such as 1764095000123.456 at bytes[at...], or NaN. */
export function readDecimal(bytes: Uint8Array, at: number, end: number): number {
  let whole = 0;
  let i = at;
  for (; i < end; i++) {
    const c = (bytes[i] as number) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  if (i === at) return NaN;
  if (bytes[i] !== 46) return whole;
  let frac = 0;
  let scale = 1;
  for (i++; i < end; i++) {
    const c = (bytes[i] as number) - 48;
    if (c < 0 || c > 9) break;
    frac = frac * 10 + c;
    scale *= 10;
  }
  return whole + frac / scale;
}

/** Starts with `prefix` at bytes[start]? */
export function startsWith(bytes: Uint8Array, start: number, end: number, prefix: Uint8Array): boolean {
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[start + i] !== prefix[i]) return false;
  return true;
}
