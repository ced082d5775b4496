/**
 * The per-symbol slice of the ticker store and the pure maths that moves it forward.
 * A SymbolState is immutable once published; a batch works on a SymbolDraft and publishes
 * one new SymbolState per touched symbol, so history arrays are copied once per frame, not per tick.
 */
import type { Bar, DayStats, MarketState, SymbolKind } from "../bars/types";
import type { SnapshotMessage, TickPoint } from "../protocol";
import { symbolKind } from "../universe";
import { addToBars, type SecondBar } from "./secondBars";

export interface SymbolState {
  symbol: string;
  /** Oldest first, at most `maxHistory` points. A new array whenever it changes. */
  history: readonly TickPoint[];
  /** One-second bars of the same ticks, oldest first, at most `maxBars`; for long chart windows. */
  bars: readonly SecondBar[];
  /** Price of the newest tick, or the open when no tick has been seen yet. */
  last: number | null;
  /** The feed's reference price from the latest snapshot (its start price for a simulator). */
  open: number | null;
  /** Stock, ETF or crypto: decides the trading day and the exchange time zone. */
  kind: SymbolKind;
  /** The previous trading day's close, or null while unknown (then change is against `open`). */
  prevClose: number | null;
  /**
   * Today against the previous close: from the snapshot's session fields, extended by every tick
   * (or replaced by every `1d` bar). The one source of day stats for every view.
   */
  day: DayStats;
  /** Today's daily bar (start = the trading day's start), or null before today's first trade. */
  dayBar: Bar | null;
  /** Whether the symbol's market trades now; null until the feed has said (older feeds never do). */
  market: MarketState | null;
  /** Closed one-minute bars built from the ticks since the snapshot; a new array only when one closes. */
  minuteBars: readonly Bar[];
  /** The one-minute bar still taking ticks. */
  minute: Bar | null;
  /** Highest and lowest traded price seen this session (not limited to the bounded history). */
  high: number | null;
  low: number | null;
  /** Sum of trade sizes seen this session (not limited to the bounded history). */
  volume: number;
  /** last - prevClose (last - open while the previous close is unknown), or null. */
  change: number | null;
  /** change / that reference in percent, or null without a non-zero reference. */
  percent: number | null;
  /** Seq of the newest tick applied (0 before any). */
  seq: number;
  /** Direction of the last price move: 1 up, -1 down, 0 unchanged or unknown. */
  direction: -1 | 0 | 1;
  /** True from a disconnect until the next snapshot confirms the data again. */
  stale: boolean;
  /** Why the symbol's source stopped delivering (protocol status "stale"), or null while it is live. */
  sourceStale: string | null;
  /** True when the server said it does not offer this symbol. */
  unknown: boolean;
}

export const EMPTY_DAY: DayStats = { prevClose: null, dayOpen: null, high: null, low: null, volume: 0, change: null, changePct: null };

export function emptySymbol(symbol: string, kind: SymbolKind = symbolKind(symbol)): SymbolState {
  return {
    symbol,
    history: [],
    bars: [],
    last: null,
    open: null,
    kind,
    prevClose: null,
    day: EMPTY_DAY,
    dayBar: null,
    market: null,
    minuteBars: [],
    minute: null,
    high: null,
    low: null,
    volume: 0,
    change: null,
    percent: null,
    seq: 0,
    direction: 0,
    stale: false,
    sourceStale: null,
    unknown: false,
  };
}

/**
 * A mutable working copy used inside one batch. `base` is the published history it extends;
 * `bars` is a private copy of the published bars, made when the first tick arrives.
 */
export interface SymbolDraft {
  state: SymbolState;
  base: readonly TickPoint[];
  added: TickPoint[];
  bars: SecondBar[] | null;
}

export function startDraft(state: SymbolState): SymbolDraft {
  return { state: { ...state }, base: state.history, added: [], bars: null };
}

export interface HistoryLimits {
  /** Raw ticks kept. */
  maxHistory: number;
  /** One-second bars kept. */
  maxBars: number;
}

function addPoint(draft: SymbolDraft, point: TickPoint): void {
  const s = draft.state;
  if (s.last !== null) s.direction = point.price > s.last ? 1 : point.price < s.last ? -1 : 0;
  s.last = point.price;
  s.high = s.high === null || point.price > s.high ? point.price : s.high;
  s.low = s.low === null || point.price < s.low ? point.price : s.low;
  s.volume += point.size;
  s.seq = point.seq;
  draft.added.push(point);
  draft.bars ??= s.bars.slice();
  addToBars(draft.bars, point);
}

/** Change against the previous close when known (what a quote shows), else against the feed's open. */
export function refreshChange(s: SymbolState): void {
  const reference = s.prevClose ?? s.open;
  if (reference === null || s.last === null) {
    s.change = null;
    s.percent = null;
    return;
  }
  s.change = s.last - reference;
  s.percent = reference === 0 ? null : (s.change / reference) * 100;
}

/** Appends a live tick; a tick at or below the current seq is a duplicate and is ignored. */
export function draftTick(draft: SymbolDraft, point: TickPoint): void {
  if (point.seq <= draft.state.seq) return;
  addPoint(draft, point);
  refreshChange(draft.state);
}

/** resumed:false replaces the symbol's history and session stats; resumed:true appends. */
export function draftSnapshot(draft: SymbolDraft, msg: SnapshotMessage): void {
  const s = draft.state;
  if (!msg.resumed) {
    draft.base = [];
    draft.added = [];
    draft.bars = [];
    s.last = null;
    s.high = null;
    s.low = null;
    s.volume = 0;
    s.seq = 0;
    s.direction = 0;
  }
  s.open = msg.open;
  for (const point of msg.ticks) {
    if (point.seq > s.seq) addPoint(draft, point);
  }
  if (s.last === null) s.last = msg.bars?.at(-1)?.c ?? lastFromSession(msg) ?? msg.open;
  if (msg.market !== undefined) s.market = msg.market;
  // The snapshot's seq is authoritative even when it carried no ticks (e.g. nothing new since `since`).
  if (msg.seq > s.seq) s.seq = msg.seq;
  s.stale = false;
  s.sourceStale = msg.state === "stale" ? (msg.reason ?? "source stale") : null;
  s.unknown = false;
  refreshChange(s);
}

/** The last price a snapshot's session fields imply (previous close plus change), if they say. */
function lastFromSession(msg: SnapshotMessage): number | null {
  return msg.prevClose != null && msg.change != null ? msg.prevClose + msg.change : null;
}

/** Publishes the draft: one history and one bars array, each bounded to its newest entries. */
export function finishDraft(draft: SymbolDraft, limits: HistoryLimits): SymbolState {
  const { base, added } = draft;
  const { maxHistory, maxBars } = limits;
  let history: readonly TickPoint[] = base;
  if (added.length > 0) {
    const keepFromBase = Math.max(0, maxHistory - added.length);
    const head = keepFromBase === 0 ? [] : base.slice(Math.max(0, base.length - keepFromBase));
    const tail = added.length > maxHistory ? added.slice(added.length - maxHistory) : added;
    history = head.length === 0 ? tail : head.concat(tail);
  }
  let bars = draft.state.bars;
  if (draft.bars !== null) bars = draft.bars.length > maxBars ? draft.bars.slice(draft.bars.length - maxBars) : draft.bars;
  return { ...draft.state, history, bars };
}
