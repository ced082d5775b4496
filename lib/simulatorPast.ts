/**
 * The simulator's past: a synthetic history for one symbol, so charts are full on first view.
 * Daily bars for two years, 1m bars for the last five trading days and today's session up to
 * the current minute, all from the symbol's own random stream (`${symbol}/past`) of the seed.
 * The path is scaled so that it ends exactly at the spec's price, where the live walk starts:
 * the first live tick continues today's last bar. Two runs with the same seed in the same
 * minute produce the same history, because only the minute of `now` enters.
 */
import { tradingDayStart } from "./bars/tradingDay";
import { sessionsBetween } from "./bars/marketHours";
import { rollUp } from "./bars/rollUp";
import type { Bar, BarHistory, Interval } from "./bars/types";
import { normal, streamRandom, type Random } from "./random";
import { decimalsOf, msPerYear, roundTo } from "./simulator";
import type { SymbolSpec } from "./universe";

export interface PastOptions {
  spec: SymbolSpec;
  seed: number;
  now: number;
  /** Mean ticks per second, for plausible trade counts and volumes. */
  ratePerSymbol: number;
  /** Calendar days of daily bars. Default 730 (two years). */
  days?: number;
  /** Completed trading days with 1m bars before today. Default 5. */
  minuteDays?: number;
}

export interface SymbolPast extends BarHistory {
  /** History ends here (the start of the current minute); the live walk starts here too. */
  asOf: number;
  /** Oldest first per interval; a bar still open at `asOf` is the last of its list. */
  bars: Record<Interval, Bar[]>;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Sub-steps per bar: enough for a plausible high and low, few enough to stay fast. */
const MINUTE_STEPS = 4;
const DAY_STEPS = 13;

/** A bar in log-price space, before the path is scaled to end at the spec's price. */
interface RawBar {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  n: number;
  /** Volume noise factor, applied once the price is known. */
  vf: number;
}

interface Walk {
  spec: SymbolSpec;
  random: Random;
  rate: number;
  x: number;
}

function walkBar(w: Walk, t: number, durationMs: number, steps: number): RawBar {
  const { spec } = w;
  const sigma = spec.volatility;
  const dt = durationMs / steps / msPerYear(spec);
  const mean = (spec.drift - (sigma * sigma) / 2) * dt;
  const spread = sigma * Math.sqrt(dt);
  const o = w.x;
  let h = o;
  let l = o;
  for (let i = 0; i < steps; i++) {
    w.x += mean + spread * normal(w.random);
    if (w.x > h) h = w.x;
    if (w.x < l) l = w.x;
  }
  const n = Math.max(1, Math.round(w.rate * (durationMs / 1000) * (0.7 + 0.6 * w.random())));
  return { t, o, h, l, c: w.x, n, vf: 0.6 + 0.8 * w.random() };
}

/** Spans of time the symbol traded: whole days (one daily bar) and minute-by-minute stretches. */
function spans(spec: SymbolSpec, asOf: number, days: number, minuteDays: number): { days: { start: number; end: number }[]; minutes: { from: number; to: number }[] } {
  const today = tradingDayStart(asOf, spec.kind);
  if (spec.kind === "crypto") {
    const minuteFrom = today - minuteDays * DAY_MS;
    const out = { days: [] as { start: number; end: number }[], minutes: [{ from: minuteFrom, to: asOf }] };
    for (let d = today - days * DAY_MS; d < minuteFrom; d += DAY_MS) out.days.push({ start: d, end: d + DAY_MS });
    return out;
  }
  const sessions = sessionsBetween(asOf - days * DAY_MS, asOf).filter((s) => s.open < asOf);
  const last = sessions[sessions.length - 1];
  const withToday = last !== undefined && tradingDayStart(last.open, spec.kind) === today ? minuteDays + 1 : minuteDays;
  const cut = Math.max(0, sessions.length - withToday);
  return {
    days: sessions.slice(0, cut).map((s) => ({ start: s.open, end: s.close })),
    minutes: sessions.slice(cut).map((s) => ({ from: s.open, to: Math.min(s.close, asOf) })),
  };
}

export function simulatePast(options: PastOptions): SymbolPast {
  const { spec } = options;
  const asOf = Math.floor(options.now / MINUTE_MS) * MINUTE_MS;
  const plan = spans(spec, asOf, options.days ?? 730, options.minuteDays ?? 5);
  const w: Walk = { spec, random: streamRandom(options.seed, `${spec.symbol}/past`), rate: options.ratePerSymbol, x: 0 };

  const rawDays = plan.days.map((d) => walkBar(w, tradingDayStart(d.start, spec.kind), d.end - d.start, DAY_STEPS));
  const rawMinutes: RawBar[] = [];
  for (const m of plan.minutes) {
    for (let t = m.from; t < m.to; t += MINUTE_MS) rawMinutes.push(walkBar(w, t, MINUTE_MS, MINUTE_STEPS));
  }

  // Scale so the path ends at the spec's price, then round to the tick size.
  const scale = Math.log(spec.price) - w.x;
  const decimals = decimalsOf(spec.tickSize);
  const price = (x: number) => Math.max(spec.tickSize, roundTo(Math.exp(x + scale), spec.tickSize, decimals));
  const toBar = (r: RawBar): Bar => {
    const c = price(r.c);
    const meanSize = spec.kind === "crypto" ? 5300 / c : 183;
    const v = spec.kind === "crypto" ? Number((r.n * meanSize * r.vf).toPrecision(6)) : Math.round(r.n * meanSize * r.vf);
    return { t: r.t, o: price(r.o), h: price(r.h), l: price(r.l), c, v, n: r.n };
  };
  const minutes = rawMinutes.map(toBar);
  const daily = [...rawDays.map(toBar), ...rollUp(minutes, "1d", spec.kind)];
  return {
    asOf,
    bars: {
      "1s": [],
      "1m": minutes,
      "5m": rollUp(minutes, "5m", spec.kind),
      "15m": rollUp(minutes, "15m", spec.kind),
      "1h": rollUp(minutes, "1h", spec.kind),
      "1d": daily,
    },
  };
}
