/**
 * What bar aggregation costs on the tick path: BarBook.record (all six intervals, ring appends
 * on close) for ticks of 36 symbols arriving at 250k ticks/s in tick time. Pure CPU, in-process.
 */
import { INTERVALS } from "../../lib/bars/types";
import { seededRandom } from "../../lib/random";
import { DEFAULT_UNIVERSE } from "../../lib/universe";
import { BarBook } from "../../feed-server/bars/barBook";
import { parseRetention } from "../../feed-server/bars/barConfig";
import type { Tick } from "../../lib/protocol";

export interface AggregationResult {
  ticksPerSecond: number;
  ticks: number;
  /** Median over the runs, ns per tick. */
  nsPerTick: number;
  runsNs: number[];
  /** Share of one core bar aggregation takes at `ticksPerSecond`. */
  coreShare: number;
}

function ticks(count: number, rate: number): Tick[] {
  const random = seededRandom(1);
  const symbols = DEFAULT_UNIVERSE.map((s) => s.symbol);
  const seqs = new Map<string, number>();
  const out: Tick[] = [];
  const start = Date.parse("2027-01-13T14:30:00Z");
  for (let i = 0; i < count; i++) {
    const symbol = symbols[i % symbols.length]!;
    const seq = (seqs.get(symbol) ?? 0) + 1;
    seqs.set(symbol, seq);
    out.push({ symbol, seq, price: 100 + random(), size: 100, ts: start + Math.floor((i * 1000) / rate) });
  }
  return out;
}

export function measureAggregation(ticksPerSecond = 250_000, seconds = 8, runs = 5): AggregationResult {
  const input = ticks(ticksPerSecond * seconds, ticksPerSecond);
  const runsNs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const book = new BarBook({ retention: parseRetention(""), marketHours: "always" });
    for (const s of DEFAULT_UNIVERSE) book.addSymbol(s.symbol);
    const started = process.hrtime.bigint();
    for (const t of input) book.record(t);
    runsNs.push(Number(process.hrtime.bigint() - started) / input.length);
    if (book.open("AAPL", INTERVALS[0]!) === undefined) throw new Error("no bars built");
  }
  const nsPerTick = [...runsNs].sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  return { ticksPerSecond, ticks: input.length, nsPerTick, runsNs, coreShare: (nsPerTick * ticksPerSecond) / 1e9 };
}
