/**
 * Per-symbol history and the one place a tick is serialised. Each tick becomes JSON exactly
 * once, when it is recorded: the live frame is published as is, and snapshots are joined from
 * the stored fragments, so no client ever costs a JSON.stringify of tick data.
 */
import type { SourceState, Tick, TickPoint } from "../lib/protocol";
import { RingBuffer } from "../lib/ringBuffer";

interface Entry {
  point: TickPoint;
  /** `{"seq":..,"price":..,"size":..,"ts":..}` */
  json: string;
}

interface SymbolHistory {
  /** Session open; undefined until known (relays take the first trade). */
  open: number | undefined;
  ring: RingBuffer<Entry>;
  state: SourceState;
  reason: string | undefined;
}

export interface SnapshotRequest {
  symbol: string;
  /** The client's epoch and the newest seq it holds, when it asks to resume. */
  epoch?: string;
  since?: number;
  /** Send at most this many ticks and never resume (a connection over its snapshot budget). */
  maxTicks?: number;
}

export interface SymbolSummary {
  symbol: string;
  price: number | null;
  open: number | null;
  seq: number;
  ts: number | null;
  state: SourceState;
}

/** Numbers are finite and symbols match SYMBOL_PATTERN (no quotes), so plain templates are valid JSON. */
function pointJson(t: TickPoint): string {
  return `{"seq":${t.seq},"price":${t.price},"size":${t.size},"ts":${t.ts}}`;
}

export class SymbolBook {
  private readonly bySymbol = new Map<string, SymbolHistory>();

  constructor(
    readonly epoch: string,
    opens: ReadonlyMap<string, number | undefined>,
    private readonly historySize: number,
    private readonly snapshotTicks: number,
  ) {
    for (const [symbol, open] of opens) this.addSymbol(symbol, open);
  }

  /** Offers a symbol from now on; a known symbol only learns its open if it had none. */
  addSymbol(symbol: string, open?: number): void {
    const h = this.bySymbol.get(symbol);
    if (h) {
      h.open ??= open;
      return;
    }
    this.bySymbol.set(symbol, { open, ring: new RingBuffer(this.historySize), state: "live", reason: undefined });
  }

  /**
   * Records a source state change; returns the status frame to publish, or undefined if nothing
   * changed. `extra` is appended to the frame (`,"market":"open"`).
   */
  setState(symbol: string, state: SourceState, reason?: string, extra = ""): string | undefined {
    const h = this.bySymbol.get(symbol);
    if (!h || (h.state === state && h.reason === reason)) return undefined;
    h.state = state;
    h.reason = state === "stale" ? reason : undefined;
    return this.status(symbol, extra);
  }

  /** The symbol's status frame as it stands, with `extra` fields appended. */
  status(symbol: string, extra = ""): string | undefined {
    const h = this.bySymbol.get(symbol);
    if (!h) return undefined;
    const why = h.reason === undefined ? "" : `,"reason":${JSON.stringify(h.reason)}`;
    return `{"type":"status","symbol":"${symbol}","state":"${h.state}"${why}${extra}}`;
  }

  /** Replaces a symbol's history (the source could not fill a gap); returns the snapshot to publish. */
  reset(symbol: string, open: number, ticks: TickPoint[]): string {
    const h = this.bySymbol.get(symbol);
    if (!h) throw new Error(`reset of unknown symbol ${symbol}`);
    h.ring.clear();
    h.open = open;
    for (const t of ticks.slice(-this.historySize)) h.ring.push({ point: t, json: pointJson(t) });
    return this.snapshot({ symbol });
  }

  has(symbol: string): boolean {
    return this.bySymbol.has(symbol);
  }

  symbols(): string[] {
    return [...this.bySymbol.keys()];
  }

  /** Stores the tick and returns its live frame. Throws on a seq that is not the next one. */
  record(tick: Tick): string {
    const h = this.bySymbol.get(tick.symbol);
    if (!h) throw new Error(`tick for unknown symbol ${tick.symbol}`);
    const last = h.ring.newest()?.point.seq ?? 0;
    if (h.ring.size > 0 && tick.seq !== last + 1) {
      throw new Error(`${tick.symbol}: seq ${tick.seq} does not follow ${last}`);
    }
    h.open ??= tick.price;
    const point: TickPoint = { seq: tick.seq, price: tick.price, size: tick.size, ts: tick.ts };
    const json = pointJson(point);
    h.ring.push({ point, json });
    return `{"type":"tick","symbol":"${tick.symbol}",${json.slice(1)}`;
  }

  /**
   * Builds the snapshot frame. Resumes (ticks exactly after `since`) when the epoch matches and
   * every tick after `since` is still in the window; otherwise sends the latest window.
   */
  snapshot(req: SnapshotRequest, extra = ""): string {
    const h = this.bySymbol.get(req.symbol);
    if (!h) throw new Error(`snapshot for unknown symbol ${req.symbol}`);
    const ring = h.ring;
    const newest = ring.newest()?.point.seq ?? 0;
    const oldest = ring.oldest()?.point.seq ?? 1;
    let entries: Entry[];
    let resumed = false;
    let seq = newest;
    const since = req.since;
    if (req.maxTicks !== undefined) {
      entries = ring.last(Math.min(this.snapshotTicks, req.maxTicks));
    } else if (since !== undefined && req.epoch === this.epoch && since <= newest && since >= oldest - 1) {
      resumed = true;
      entries = ring.last(newest - since);
    } else {
      entries = ring.last(this.snapshotTicks);
      seq = newest;
    }
    const ticks = entries.map((e) => e.json).join(",");
    return this.snapshotFrame(req.symbol, h, seq, resumed, ticks, extra);
  }

  /**
   * A snapshot without ticks, for bar subscriptions: `extra` carries the bars and says nothing
   * about ticks, `resumed` is the caller's (bars since the client's seq).
   */
  tickless(symbol: string, resumed: boolean, extra: string): string {
    const h = this.bySymbol.get(symbol);
    if (!h) throw new Error(`snapshot for unknown symbol ${symbol}`);
    return this.snapshotFrame(symbol, h, h.ring.newest()?.point.seq ?? 0, resumed, "", extra);
  }

  private snapshotFrame(symbol: string, h: SymbolHistory, seq: number, resumed: boolean, ticks: string, extra: string): string {
    const state = h.state === "live" ? "" : `,"state":"stale","reason":${JSON.stringify(h.reason ?? "source stale")}`;
    return `{"type":"snapshot","symbol":"${symbol}","seq":${seq},"resumed":${resumed},"open":${h.open ?? 0},"ticks":[${ticks}]${state}${extra}}`;
  }

  history(symbol: string, limit: number): TickPoint[] {
    const h = this.bySymbol.get(symbol);
    return h ? h.ring.last(limit).map((e) => e.point) : [];
  }

  summary(symbol: string): SymbolSummary | undefined {
    const h = this.bySymbol.get(symbol);
    if (!h) return undefined;
    const last = h.ring.newest()?.point;
    return { symbol, price: last?.price ?? h.open ?? null, open: h.open ?? null, seq: last?.seq ?? 0, ts: last?.ts ?? null, state: h.state };
  }

  get capacity(): number {
    return this.historySize;
  }
}
