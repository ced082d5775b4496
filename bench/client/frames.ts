/**
 * Just enough of RFC 6455 for a load client: reads server frames (never masked) out of a
 * TCP byte stream without allocating per frame, and builds masked client frames. Frames are
 * handed out as ranges of the buffer they sit in, valid only during the callback.
 */
import { randomBytes } from "node:crypto";

export const Opcode = { CONTINUATION: 0, TEXT: 1, BINARY: 2, CLOSE: 8, PING: 9, PONG: 10 } as const;

export type FrameHandler = (opcode: number, bytes: Buffer, start: number, end: number) => void;

export class FrameReader {
  /** Bytes of an incomplete frame carried over to the next read. */
  private left: Buffer = Buffer.alloc(0);
  private leftLen = 0;
  /** Parts of a fragmented message (servers here never fragment, but the RFC allows it). */
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;

  constructor(private readonly onFrame: FrameHandler) {}

  /** Feeds bytes[start, end); complete frames are handed to the handler in order. */
  push(bytes: Buffer, start: number, end: number): void {
    let buf = bytes;
    let pos = start;
    let stop = end;
    if (this.leftLen > 0) {
      const need = this.leftLen + (end - start);
      if (this.left.length < need) {
        const grown = Buffer.allocUnsafe(Math.max(need, this.left.length * 2));
        this.left.copy(grown, 0, 0, this.leftLen);
        this.left = grown;
      }
      bytes.copy(this.left, this.leftLen, start, end);
      buf = this.left;
      pos = 0;
      stop = need;
    }
    while (stop - pos >= 2) {
      const b0 = buf[pos] as number;
      const b1 = buf[pos + 1] as number;
      let len = b1 & 0x7f;
      let header = 2;
      if (len === 126) {
        if (stop - pos < 4) break;
        len = buf.readUInt16BE(pos + 2);
        header = 4;
      } else if (len === 127) {
        if (stop - pos < 10) break;
        len = buf.readUInt32BE(pos + 2) * 2 ** 32 + buf.readUInt32BE(pos + 6);
        header = 10;
      }
      if (b1 & 0x80) throw new Error("server sent a masked frame (RFC 6455 5.1 forbids it)");
      if (stop - pos < header + len) break;
      this.frame(b0, buf, pos + header, pos + header + len);
      pos += header + len;
    }
    const rest = stop - pos;
    if (rest === 0) {
      this.leftLen = 0;
    } else if (buf === this.left) {
      this.left.copyWithin(0, pos, stop);
      this.leftLen = rest;
    } else {
      if (this.left.length < rest) this.left = Buffer.allocUnsafe(Math.max(rest, 4096));
      buf.copy(this.left, 0, pos, stop);
      this.leftLen = rest;
    }
  }

  private frame(b0: number, buf: Buffer, start: number, end: number): void {
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    if (opcode >= Opcode.CLOSE || (fin && opcode !== Opcode.CONTINUATION && this.fragments.length === 0)) {
      this.onFrame(opcode, buf, start, end);
      return;
    }
    if (opcode !== Opcode.CONTINUATION) this.fragmentOpcode = opcode;
    this.fragments.push(Buffer.from(buf.subarray(start, end)));
    if (!fin) return;
    const whole = Buffer.concat(this.fragments);
    this.fragments = [];
    this.onFrame(this.fragmentOpcode, whole, 0, whole.length);
  }
}

/** A masked client frame (RFC 6455 5.3: every client frame is masked). */
export function clientFrame(opcode: number, payload: Buffer | string): Buffer {
  const data = typeof payload === "string" ? Buffer.from(payload) : payload;
  const header = data.length < 126 ? 2 : data.length < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(header + 4 + data.length);
  out[0] = 0x80 | opcode;
  if (header === 2) out[1] = 0x80 | data.length;
  else if (header === 4) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(data.length, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeUInt32BE(Math.floor(data.length / 2 ** 32), 2);
    out.writeUInt32BE(data.length >>> 0, 6);
  }
  const mask = randomBytes(4);
  mask.copy(out, header);
  for (let i = 0; i < data.length; i++) out[header + 4 + i] = (data[i] as number) ^ (mask[i & 3] as number);
  return out;
}
