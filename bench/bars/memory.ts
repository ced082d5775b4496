/**
 * Memory of the default bar retention for the 36-symbol universe: the bytes the typed-array
 * rings hold after the simulator's backfill, and when every series is full (the bound).
 */
import { DEFAULT_UNIVERSE } from "../../lib/universe";
import { simulatePast } from "../../lib/simulatorPast";
import { INTERVALS } from "../../lib/bars/types";
import { BarBook } from "../../feed-server/bars/barBook";
import { parseRetention } from "../../feed-server/bars/barConfig";

export interface MemoryResult {
  symbols: number;
  retention: Record<string, number>;
  afterBackfill: { bars: number; bytes: number; backfillMs: number };
  full: { bars: number; bytes: number };
}

export function measureMemory(now = Date.now()): MemoryResult {
  const retention = parseRetention("");
  const book = new BarBook({ retention, marketHours: "always" });
  const started = performance.now();
  for (const spec of DEFAULT_UNIVERSE) book.load(spec.symbol, simulatePast({ spec, seed: 1, now, ratePerSymbol: 5 }));
  const backfillMs = performance.now() - started;
  const after = book.store.usage();
  // Fill every series to its retention: the most the defaults can ever hold.
  const full = new BarBook({ retention, marketHours: "always" });
  for (const spec of DEFAULT_UNIVERSE) {
    for (const interval of INTERVALS) {
      const ring = full.store.ring(spec.symbol, interval);
      for (let i = 0; i < retention[interval]; i++) ring.push({ t: i, o: 1, h: 1, l: 1, c: 1, v: 1, n: 1 }, i);
    }
  }
  const f = full.store.usage();
  return { symbols: DEFAULT_UNIVERSE.length, retention, afterBackfill: { bars: after.bars, bytes: after.bytes, backfillMs }, full: { bars: f.bars, bytes: f.bytes } };
}
