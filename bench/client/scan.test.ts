import { describe, expect, it } from "vitest";
import { find, findByte, KEY_SEQ, KEY_TS, readDecimal, readUint, startsWith } from "./scan";

const tick = Buffer.from('{"type":"tick","symbol":"T000","seq":1235,"price":189.12,"size":100,"ts":1764095000123.457}');
const sioTick = Buffer.from('42["tick",{"symbol":"BRK.B","seq":7,"price":1,"size":2,"ts":1764095000123}]');

describe("byte scanning", () => {
  it("finds keys and reads the numbers after them", () => {
    const seqAt = find(tick, KEY_SEQ, 0, tick.length);
    expect(readUint(tick, seqAt + KEY_SEQ.length, tick.length)).toBe(1235);
    const tsAt = find(tick, KEY_TS, seqAt, tick.length);
    expect(readDecimal(tick, tsAt + KEY_TS.length, tick.length)).toBeCloseTo(1764095000123.457, 3);
  });

  it("reads Socket.IO event payloads the same way, whole-millisecond ts included", () => {
    const seqAt = find(sioTick, KEY_SEQ, 0, sioTick.length);
    expect(readUint(sioTick, seqAt + KEY_SEQ.length, sioTick.length)).toBe(7);
    const tsAt = find(sioTick, KEY_TS, 0, sioTick.length);
    expect(readDecimal(sioTick, tsAt + KEY_TS.length, sioTick.length)).toBe(1764095000123);
  });

  it("stays inside the range it is given", () => {
    expect(find(tick, KEY_SEQ, 0, 30)).toBe(-1);
    expect(findByte(tick, 0x7d, 0, tick.length - 1)).toBe(-1);
    expect(findByte(tick, 0x7d, 0, tick.length)).toBe(tick.length - 1);
  });

  it("reports missing numbers instead of inventing them", () => {
    const text = Buffer.from('"seq":x');
    expect(readUint(text, 6, text.length)).toBe(-1);
    expect(readDecimal(text, 6, text.length)).toBeNaN();
    expect(startsWith(tick, 0, tick.length, Buffer.from('{"type"'))).toBe(true);
    expect(startsWith(tick, 0, 3, Buffer.from('{"type"'))).toBe(false);
  });
});
