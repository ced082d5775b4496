/**
 * What every upstream history fetcher owes, run against a fake upstream's HTTP side that speaks
 * the provider's format, including a failing, a slow and a broken endpoint. Each provider's test
 * file supplies the format; the scenarios are the same.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Bar, Interval } from "../../../lib/bars/types";
import { createHistory, type HistoryOptions } from "../history/backfill";
import { SymbolMap } from "../symbolMap";
import { binance } from "../binance";
import { coinbase } from "../coinbase";
import { finnhub } from "../finnhub";
import { FakeUpstream } from "./fakeUpstream";

export interface HistorySpec {
  relay: HistoryOptions["relay"];
  symbol: string;
  /** The REST path the fetcher must call for `symbol`. */
  path: string;
  /** Provider-format body carrying these bars (given oldest first). */
  body(bars: Bar[]): unknown;
  /** Whether the provider reports trade counts (Binance); otherwise bars come back with n = 0. */
  tradeCounts: boolean;
  /** An interval the provider has no candles for, if any. */
  unsupported?: Interval;
  token?: string;
}

const MIN = 60_000;
/** "Now": the middle of a minute, so the minute bar starting at NOW_BAR is still open. */
const NOW_BAR = 1_764_000_000_000;
const NOW = NOW_BAR + 30_000;
const TIMEOUT_MS = 300;

export function historyBars(count: number, lastT = NOW_BAR, step = MIN): Bar[] {
  return Array.from({ length: count }, (_, i) => {
    const c = 100 + i;
    return { t: lastT - (count - 1 - i) * step, o: c - 0.5, h: c + 1, l: c - 1, c, v: 2.5 + i, n: 10 + i };
  });
}

export function describeHistoryContract(spec: HistorySpec): void {
  describe(`${spec.relay} history`, () => {
    let up: FakeUpstream | undefined;
    afterEach(async () => {
      await up?.stop();
      up = undefined;
    });

    async function setup() {
      up = await FakeUpstream.start();
      const adapter = { binance, coinbase, finnhub }[spec.relay];
      const history = createHistory({
        relay: spec.relay,
        symbols: new SymbolMap(adapter, [spec.symbol], new Map()),
        baseUrl: up.httpUrl,
        token: spec.token,
        timeoutMs: TIMEOUT_MS,
        now: () => NOW,
      });
      return { up, history };
    }
    const expected = (bars: Bar[]) => (spec.tradeCounts ? bars : bars.map((b) => ({ ...b, n: 0 })));

    it("turns the upstream's candles into closed bars, oldest first, the open one left to live ticks", async () => {
      const { up, history } = await setup();
      const bars = historyBars(6);
      up.route(spec.path, () => ({ body: spec.body(bars) }));
      const result = await history.backfill(spec.symbol, "1m", 3);
      expect(result).toEqual({ ok: true, bars: expected(bars.slice(2, 5)) });
      expect(up.httpRequests.map((u) => u.pathname)).toEqual([spec.path]);
    });

    it("reports a failing endpoint (HTTP 500) as a value with the status", async () => {
      const { up, history } = await setup();
      up.route(spec.path, () => ({ status: 500, body: { message: "internal error" } }));
      const result = await history.backfill(spec.symbol, "1m", 10);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(/HTTP 500/);
    });

    it("gives up on a slow endpoint after the timeout", async () => {
      const { up, history } = await setup();
      up.route(spec.path, () => ({ body: spec.body(historyBars(3)), delayMs: 5000 }));
      const started = Date.now();
      const result = await history.backfill(spec.symbol, "1m", 10);
      expect(result).toEqual({ ok: false, error: expect.stringMatching(new RegExp(`no answer within ${TIMEOUT_MS} ms`)) });
      expect(Date.now() - started).toBeLessThan(4000);
    });

    it("reports broken and wrongly shaped answers as values, never a throw", async () => {
      const { up, history } = await setup();
      const answers: unknown[] = ["this is not json", { unexpected: true }, [["x"]], 42, null];
      let i = 0;
      up.route(spec.path, () => ({ body: answers[i++] }));
      for (const _ of answers) {
        const result = await history.backfill(spec.symbol, "1m", 10);
        expect(result.ok).toBe(false);
        expect(!result.ok && result.error.length).toBeGreaterThan(10);
      }
    });

    it("refuses a candle with impossible numbers", async () => {
      const { up, history } = await setup();
      const bars = historyBars(3);
      bars[1] = { ...bars[1]!, h: bars[1]!.l - 5 };
      up.route(spec.path, () => ({ body: spec.body(bars) }));
      expect(await history.backfill(spec.symbol, "1m", 10)).toEqual({ ok: false, error: expect.stringMatching(/bad numbers/) });
    });

    it("reports an unreachable upstream, an unknown symbol and an interval it does not have", async () => {
      const { up, history } = await setup();
      await up.stop();
      expect((await history.backfill(spec.symbol, "1m", 10)).ok).toBe(false);
      expect(await history.backfill("NOPE", "1m", 10)).toEqual({ ok: false, error: "NOPE: not a symbol of this relay" });
      if (spec.unsupported) {
        expect(history.supports(spec.unsupported)).toBe(false);
        expect(await history.backfill(spec.symbol, spec.unsupported, 10)).toEqual({ ok: false, error: `${spec.relay} has no ${spec.unsupported} history` });
      }
    });
  });
}
