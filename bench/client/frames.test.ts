import { describe, expect, it } from "vitest";
import { clientFrame, FrameReader, Opcode } from "./frames";

/** An unmasked server frame, as servers send them. */
function serverFrame(opcode: number, payload: string | Buffer, fin = true): Buffer {
  const data = typeof payload === "string" ? Buffer.from(payload) : payload;
  const header = data.length < 126 ? Buffer.from([0, data.length]) : data.length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = (fin ? 0x80 : 0) | opcode;
  if (data.length >= 126 && data.length < 65536) {
    header[1] = 126;
    header.writeUInt16BE(data.length, 2);
  } else if (data.length >= 65536) {
    header[1] = 127;
    header.writeUInt32BE(0, 2);
    header.writeUInt32BE(data.length, 6);
  }
  return Buffer.concat([header, data]);
}

function collect(): { reader: FrameReader; frames: [number, string][] } {
  const frames: [number, string][] = [];
  const reader = new FrameReader((op, bytes, start, end) => frames.push([op, bytes.toString("utf8", start, end)]));
  return { reader, frames };
}

describe("FrameReader", () => {
  const messages = ["a", "x".repeat(125), "y".repeat(126), "z".repeat(70_000), '{"type":"tick"}'];
  const stream = Buffer.concat(messages.map((m) => serverFrame(Opcode.TEXT, m)));

  it("reads several frames from one chunk, with 7-bit, 16-bit and 64-bit lengths", () => {
    const { reader, frames } = collect();
    reader.push(stream, 0, stream.length);
    expect(frames).toEqual(messages.map((m) => [Opcode.TEXT, m]));
  });

  it("reassembles frames cut at any byte, whatever the chunk sizes", () => {
    for (const size of [1, 2, 3, 7, 100, 4096]) {
      const { reader, frames } = collect();
      for (let at = 0; at < stream.length; at += size) {
        const chunk = Buffer.from(stream.subarray(at, Math.min(stream.length, at + size)));
        reader.push(chunk, 0, chunk.length);
      }
      expect(frames.map(([, m]) => m.length)).toEqual(messages.map((m) => m.length));
      expect(frames.map(([, m]) => m)).toEqual(messages);
    }
  });

  it("reads only the given range of a shared buffer", () => {
    const { reader, frames } = collect();
    const shared = Buffer.concat([Buffer.from("garbage"), serverFrame(Opcode.TEXT, "hi"), Buffer.from("more")]);
    reader.push(shared, 7, 7 + 4);
    expect(frames).toEqual([[Opcode.TEXT, "hi"]]);
  });

  it("joins fragmented messages and passes control frames between fragments", () => {
    const { reader, frames } = collect();
    const parts = Buffer.concat([
      serverFrame(Opcode.TEXT, "hel", false),
      serverFrame(Opcode.PING, "p"),
      serverFrame(Opcode.CONTINUATION, "lo", true),
      serverFrame(Opcode.CLOSE, Buffer.from([0x0f, 0xa8])),
    ]);
    reader.push(parts, 0, parts.length);
    expect(frames.map(([op]) => op)).toEqual([Opcode.PING, Opcode.TEXT, Opcode.CLOSE]);
    expect(frames[1]?.[1]).toBe("hello");
  });

  it("refuses masked server frames", () => {
    const { reader } = collect();
    const masked = clientFrame(Opcode.TEXT, "x");
    expect(() => reader.push(masked, 0, masked.length)).toThrow(/masked/);
  });
});

describe("clientFrame", () => {
  it("masks the payload with the key it carries", () => {
    for (const text of ["40", "p".repeat(300)]) {
      const frame = clientFrame(Opcode.TEXT, text);
      const header = text.length < 126 ? 2 : 4;
      expect(frame[0]).toBe(0x81);
      expect((frame[1] as number) & 0x80).toBe(0x80);
      const mask = frame.subarray(header, header + 4);
      const body = Buffer.from(frame.subarray(header + 4).map((b, i) => b ^ (mask[i & 3] as number)));
      expect(body.toString()).toBe(text);
    }
  });
});
