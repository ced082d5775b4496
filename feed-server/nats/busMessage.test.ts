import { describe, expect, it } from "vitest";
import { decodeBusMessage, encodeStatus, encodeTick, MAX_BUS_MESSAGE_BYTES, subjectOf } from "./busMessage";
import { parseLeaseValue } from "./lease";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("bus messages", () => {
  it("round-trip ticks and status changes", () => {
    const tick = { symbol: "BRK.B", seq: 7, price: 412.5, size: 30, ts: 1_764_095_000_123 };
    expect(decodeBusMessage(bytes(encodeTick(JSON.stringify("e-1"), tick)), "BRK.B")).toEqual({ ok: true, value: { kind: "tick", epoch: "e-1", ...tick } });
    expect(decodeBusMessage(bytes(encodeStatus("e-1", "AAPL", "stale", "upstream down")), "AAPL")).toEqual({
      ok: true,
      value: { kind: "status", epoch: "e-1", symbol: "AAPL", state: "stale", reason: "upstream down" },
    });
    expect(decodeBusMessage(bytes(encodeStatus("e-1", "AAPL", "live")), "AAPL")).toEqual({ ok: true, value: { kind: "status", epoch: "e-1", symbol: "AAPL", state: "live" } });
  });

  it.each([
    ["not JSON", "nope"],
    ["not an object", "[1]"],
    ["no epoch", '{"kind":"tick","symbol":"AAPL","seq":1,"price":1,"size":1,"ts":1}'],
    ["another symbol than the subject's", '{"kind":"tick","epoch":"e","symbol":"MSFT","seq":1,"price":1,"size":1,"ts":1}'],
    ["a seq of 0", '{"kind":"tick","epoch":"e","symbol":"AAPL","seq":0,"price":1,"size":1,"ts":1}'],
    ["a price as a string", '{"kind":"tick","epoch":"e","symbol":"AAPL","seq":1,"price":"1","size":1,"ts":1}'],
    ["an unknown kind", '{"kind":"trade","epoch":"e","symbol":"AAPL"}'],
    ["an unknown state", '{"kind":"status","epoch":"e","symbol":"AAPL","state":"dead"}'],
    ["an oversized message", `{"kind":"status","epoch":"e","symbol":"AAPL","state":"live","x":"${"x".repeat(MAX_BUS_MESSAGE_BYTES)}"}`],
  ])("reject %s", (_what, text) => {
    const result = decodeBusMessage(bytes(text), "AAPL");
    expect(result.ok).toBe(false);
  });

  it("maps symbols to subjects, refusing ones NATS cannot tokenise", () => {
    expect(subjectOf("AAPL")).toBe("ticks.AAPL");
    expect(subjectOf("BRK.B")).toBe("ticks.BRK.B");
    expect(subjectOf("A..B")).toBeUndefined();
    expect(subjectOf("BRK.")).toBeUndefined();
  });

  it("reads a lease value, and nothing else, as a lease", () => {
    expect(parseLeaseValue(bytes('{"owner":"h-1","epoch":"e","symbols":{"AAPL":231.5,"BTC-USD":null}}'))).toEqual({
      owner: "h-1",
      epoch: "e",
      symbols: { AAPL: 231.5, "BTC-USD": null },
    });
    expect(parseLeaseValue(bytes("locked"))).toBeUndefined();
    expect(parseLeaseValue(bytes('{"owner":"h-1","epoch":"","symbols":{}}'))).toBeUndefined();
    expect(parseLeaseValue(bytes('{"owner":"h-1","epoch":"e","symbols":{"AAPL":"x"}}'))).toBeUndefined();
  });
});
