import { describe, expect, it } from "vitest";
import { parseReplayText, type ReplayTick } from "./replayFile";
import { replayLine, TimeOrderBuffer } from "./timeOrder";

const t = (symbol: string, ts: number, price = 1): ReplayTick => ({ symbol, price, size: 1, ts });

describe("TimeOrderBuffer", () => {
  it("holds ticks for the window and releases them in time order", () => {
    const buffer = new TimeOrderBuffer(100);
    // As a server sends one wakeup: all AAPL ticks due, then all MSFT ticks due.
    expect(buffer.push(t("AAPL", 10))).toEqual({ ok: true, released: [] });
    expect(buffer.push(t("AAPL", 30))).toEqual({ ok: true, released: [] });
    expect(buffer.push(t("MSFT", 20))).toEqual({ ok: true, released: [] });
    const later = buffer.push(t("MSFT", 125));
    expect(later).toEqual({ ok: true, released: [t("AAPL", 10), t("MSFT", 20)] });
    expect(buffer.drain()).toEqual([t("AAPL", 30), t("MSFT", 125)]);
    expect(buffer.size).toBe(0);
  });

  it("keeps arrival order among equal timestamps, so a symbol's ticks stay in seq order", () => {
    const buffer = new TimeOrderBuffer(5);
    buffer.push(t("AAPL", 10, 1));
    buffer.push(t("AAPL", 10, 2));
    buffer.push(t("MSFT", 8, 3));
    const result = buffer.push(t("AAPL", 20, 4));
    expect(result.ok && result.released.map((x) => x.price)).toEqual([3, 1, 2]);
  });

  it("refuses a tick older than what was already released", () => {
    const buffer = new TimeOrderBuffer(50);
    buffer.push(t("AAPL", 100));
    buffer.push(t("AAPL", 200)); // releases ts 100
    expect(buffer.push(t("MSFT", 99))).toEqual({
      ok: false,
      error: "MSFT tick at ts 99 arrived after ticks up to ts 100 were written (more than 50 ms out of time order)",
    });
    expect(buffer.push(t("MSFT", 100)).ok).toBe(true);
  });

  it("writes lines the replay loader reads back", () => {
    const ticks = [t("BTC-USD", 1_764_095_000_123, 97000.12), t("AAPL", 1_764_095_000_124, 231.5)];
    expect(replayLine(ticks[1]!)).toBe('{"symbol":"AAPL","price":231.5,"size":1,"ts":1764095000124}\n');
    expect(parseReplayText(ticks.map(replayLine).join(""), "x.ndjson", "ndjson")).toEqual(ticks);
  });
});
