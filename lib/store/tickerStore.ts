/**
 * The ticker store: a vanilla zustand store with no React in it, created per page session
 * (never a module-level singleton, so server renders cannot share one).
 * All feed input goes through `applyBatch`, which publishes at most one update per call;
 * `connectFeedToStore` calls it at most once per animation frame.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { FeedState } from "../feedClient/types";
import { ErrorCodes } from "../codes";
import type { ErrorMessage } from "../protocol";
import type { FeedEvent } from "./feedEvents";
import { DayTracker } from "./dayTracker";
import { DEFAULT_MAX_BARS } from "./secondBars";
import {
  draftSnapshot,
  draftTick,
  emptySymbol,
  finishDraft,
  refreshChange,
  startDraft,
  type HistoryLimits,
  type SymbolDraft,
  type SymbolState,
} from "./symbolState";

export const DEFAULT_MAX_HISTORY = 2_000;

export interface TickerState {
  connection: FeedState;
  /** Round-trip time of the last ping in ms, or null before the first pong. */
  latencyMs: number | null;
  /** Epoch of the feed server we are connected to, from its welcome. */
  epoch: string | null;
  /** Every symbol the server offers, from its welcome. */
  serverSymbols: readonly string[];
  /** Per-symbol data. Replaced (never mutated) on every change. */
  symbols: ReadonlyMap<string, SymbolState>;
  /** The last error frame that was not about an unknown symbol (e.g. LIMIT_EXCEEDED). */
  lastError: ErrorMessage | null;
  /** Applies feed events in order and publishes the result as one store update. */
  applyBatch(events: readonly FeedEvent[]): void;
  /** Drops a symbol's data, e.g. when it leaves the watchlist. */
  forget(symbol: string): void;
}

export type TickerStore = StoreApi<TickerState>;

export interface TickerStoreOptions {
  /** Raw ticks kept per symbol; older ones are dropped. Default 2 000. */
  maxHistory?: number;
  /** One-second bars kept per symbol. Default 900 (15 minutes). */
  maxBars?: number;
}

type Scalars = Pick<TickerState, "connection" | "latencyMs" | "epoch" | "serverSymbols" | "lastError">;

export function createTickerStore(options: TickerStoreOptions = {}): TickerStore {
  const limits: HistoryLimits = {
    maxHistory: options.maxHistory ?? DEFAULT_MAX_HISTORY,
    maxBars: options.maxBars ?? DEFAULT_MAX_BARS,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  }

  // Each symbol's day (previous close, daily and minute bars): mutable, private, published as copies.
  const days = new Map<string, DayTracker>();
  const dayOf = (draft: SymbolDraft): DayTracker => {
    let tracker = days.get(draft.state.symbol);
    if (!tracker) {
      tracker = new DayTracker(draft.state.kind);
      days.set(draft.state.symbol, tracker);
    }
    return tracker;
  };

  return createStore<TickerState>()((set, get) => ({
    connection: "connecting",
    latencyMs: null,
    epoch: null,
    serverSymbols: [],
    symbols: new Map(),
    lastError: null,

    applyBatch(events) {
      if (events.length === 0) return;
      const prev = get();
      const scalars: Scalars = {
        connection: prev.connection,
        latencyMs: prev.latencyMs,
        epoch: prev.epoch,
        serverSymbols: prev.serverSymbols,
        lastError: prev.lastError,
      };
      const drafts = new Map<string, SymbolDraft>();
      const draftFor = (symbol: string): SymbolDraft => {
        let draft = drafts.get(symbol);
        if (!draft) {
          draft = startDraft(prev.symbols.get(symbol) ?? emptySymbol(symbol));
          drafts.set(symbol, draft);
        }
        return draft;
      };

      for (const event of events) {
        switch (event.type) {
          case "tick": {
            const draft = draftFor(event.symbol);
            if (event.seq > draft.state.seq) dayOf(draft).applyTick(event);
            draftTick(draft, event);
            break;
          }
          case "snapshot": {
            const draft = draftFor(event.symbol);
            draftSnapshot(draft, event);
            dayOf(draft).applySnapshot(event, draft.state.last);
            break;
          }
          case "bar": {
            const draft = draftFor(event.symbol);
            dayOf(draft).applyBar(event);
            const s = draft.state;
            if (s.last !== null) s.direction = event.bar.c > s.last ? 1 : event.bar.c < s.last ? -1 : 0;
            s.last = event.bar.c;
            if (event.seq > s.seq) s.seq = event.seq;
            break;
          }
          case "status": {
            const s = draftFor(event.symbol).state;
            s.sourceStale = event.state === "stale" ? (event.reason ?? "source stale") : null;
            if (event.market !== undefined) s.market = event.market;
            break;
          }
          case "welcome":
            scalars.epoch = event.epoch;
            scalars.serverSymbols = event.symbols;
            break;
          case "error":
            // One frame may list several unknown symbols (`symbols`); older servers name one (`symbol`).
            if (event.code === ErrorCodes.UNKNOWN_SYMBOL && (event.symbols ?? event.symbol) !== undefined) {
              for (const symbol of event.symbols ?? [event.symbol!]) draftFor(symbol).state.unknown = true;
            } else {
              scalars.lastError = event;
            }
            break;
          case "state":
            scalars.connection = event.state;
            if (event.state === "reconnecting" || event.state === "offline") {
              // Every symbol we hold, including ones first seen earlier in this batch.
              for (const symbol of prev.symbols.keys()) draftFor(symbol);
              for (const draft of drafts.values()) draft.state.stale = true;
            }
            if (event.state !== "live") scalars.latencyMs = null;
            break;
          case "latency":
            scalars.latencyMs = event.ms;
            break;
          default: {
            const unhandled: never = event;
            throw new Error(`unhandled feed event ${JSON.stringify(unhandled)}`);
          }
        }
      }

      const changed: Partial<TickerState> = {};
      if (scalars.connection !== prev.connection) changed.connection = scalars.connection;
      if (scalars.latencyMs !== prev.latencyMs) changed.latencyMs = scalars.latencyMs;
      if (scalars.epoch !== prev.epoch) changed.epoch = scalars.epoch;
      if (scalars.serverSymbols !== prev.serverSymbols) changed.serverSymbols = scalars.serverSymbols;
      if (scalars.lastError !== prev.lastError) changed.lastError = scalars.lastError;
      if (drafts.size > 0) {
        const symbols = new Map(prev.symbols);
        for (const [symbol, draft] of drafts) {
          const tracker = days.get(symbol);
          if (tracker) {
            const s = draft.state;
            s.day = tracker.stats();
            s.dayBar = tracker.today() ?? null;
            s.prevClose = s.day.prevClose;
            s.minuteBars = tracker.closedMinuteBars();
            s.minute = tracker.openMinuteBar();
            refreshChange(s);
          }
          symbols.set(symbol, finishDraft(draft, limits));
        }
        changed.symbols = symbols;
      }
      if (Object.keys(changed).length > 0) set(changed);
    },

    forget(symbol) {
      days.delete(symbol);
      const current = get().symbols;
      if (!current.has(symbol)) return;
      const symbols = new Map(current);
      symbols.delete(symbol);
      set({ symbols });
    },
  }));
}
