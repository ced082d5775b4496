import { describe, expect, it } from "vitest";
import type { Bar, BarHistory, Interval } from "../../lib/bars/types";
import type { SourceSink } from "../tickSource";
import type { BackfillResult, History } from "./history/backfill";
import { RelayBackfill } from "./relayBackfill";

const DAY = 86_400_000;
const UTC_MIDNIGHT = Date.parse("2027-01-14T00:00:00Z");
const bar = (t: number): Bar => ({ t, o: 1, h: 2, l: 1, c: 2, v: 1, n: 0 });

/** A History answering from a table; each call is recorded. */
function fakeHistory(answers: Partial<Record<Interval, () => BackfillResult>>, supported: Interval[] = ["1m", "1d"]) {
  const calls: [string, Interval, number][] = [];
  const history: History = {
    supports: (i) => supported.includes(i),
    backfill: async (symbol, interval, limit) => {
      calls.push([symbol, interval, limit]);
      return answers[interval]?.() ?? { ok: true, bars: [] };
    },
  };
  return { history, calls };
}

function recordingSink() {
  const histories: [string, BarHistory][] = [];
  const reports: [string, string, string | undefined][] = [];
  const sink = {
    history: (symbol: string, past: BarHistory) => void histories.push([symbol, past]),
    report: (kind: string, detail: string, level?: string) => void reports.push([kind, detail, level]),
  } as unknown as SourceSink;
  return { sink, histories, reports };
}

const limits = { "1s": 3600, "1m": 7200, "5m": 8640, "15m": 2880, "1h": 4320, "1d": 730 };

describe("relay backfill", () => {
  it("asks for each supported interval once, capped at 1000 bars, and maps day candles to the symbol's trading day", async () => {
    const { history, calls } = fakeHistory({ "1d": () => ({ ok: true, bars: [bar(UTC_MIDNIGHT - DAY), bar(UTC_MIDNIGHT)] }), "1m": () => ({ ok: true, bars: [bar(60_000)] }) });
    const b = new RelayBackfill({ history, limits, now: () => UTC_MIDNIGHT + DAY });
    const { sink, histories, reports } = recordingSink();
    await b.fill("AAPL", () => sink);
    await b.fill("BTC-USD", () => sink);
    expect(calls).toEqual([
      ["AAPL", "1m", 1000],
      ["AAPL", "1d", 730],
      ["BTC-USD", "1m", 1000],
      ["BTC-USD", "1d", 730],
    ]);
    // A stock's day starts at midnight New York time (05:00 UTC in January); crypto keeps UTC days.
    expect(histories[0]![1].bars["1d"]!.map((x) => new Date(x.t).toISOString())).toEqual(["2027-01-13T05:00:00.000Z", "2027-01-14T05:00:00.000Z"]);
    expect(histories[1]![1].bars["1d"]!.map((x) => x.t)).toEqual([UTC_MIDNIGHT - DAY, UTC_MIDNIGHT]);
    expect(histories[0]![1]).toMatchObject({ asOf: UTC_MIDNIGHT + DAY, bars: { "1m": [bar(60_000)] } });
    expect(reports).toEqual([]);
    await b.fill("AAPL", () => sink);
    expect(calls).toHaveLength(4); // both intervals had: nothing asked again
  });

  it("reports a failed interval once per fill, hands on the rest, and asks again for the failed one only", async () => {
    let fail = true;
    const { history, calls } = fakeHistory({
      "1m": () => (fail ? { ok: false, error: "api.test/api/v3/klines: HTTP 500" } : { ok: true, bars: [bar(60_000)] }),
      "1d": () => ({ ok: true, bars: [bar(UTC_MIDNIGHT)] }),
    });
    const b = new RelayBackfill({ history, limits, now: () => UTC_MIDNIGHT + DAY });
    const { sink, histories, reports } = recordingSink();
    await b.fill("BTC-USD", () => sink);
    expect(reports).toEqual([["backfill_failed", "BTC-USD history not loaded, live bars unaffected: 1m: api.test/api/v3/klines: HTTP 500", "warn"]]);
    expect(Object.keys(histories[0]![1].bars)).toEqual(["1d"]);
    fail = false;
    await b.fill("BTC-USD", () => sink);
    expect(calls.map(([, i]) => i)).toEqual(["1m", "1d", "1m"]);
    expect(histories[1]![1].bars).toEqual({ "1m": [bar(60_000)] });
  });

  it("hands nothing to a relay stopped while the answers were on their way", async () => {
    const { history } = fakeHistory({ "1m": () => ({ ok: true, bars: [bar(60_000)] }) });
    const b = new RelayBackfill({ history, limits, now: () => 0 });
    const { sink, histories } = recordingSink();
    let running = true;
    const pending = b.fill("BTC-USD", () => (running ? sink : undefined));
    running = false;
    await pending;
    expect(histories).toEqual([]);
  });
});
