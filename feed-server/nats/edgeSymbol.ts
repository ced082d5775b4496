/**
 * One symbol an edge consumes: reads `ticks.<SYMBOL>` from the oldest stored message, keeps the
 * ticks of the current epoch, and when it has caught up hands them to the server in one go, then
 * follows live. Every edge therefore holds the same seqs in the same epoch, and any edge can
 * resume a client that was connected to another.
 */
import type { SourceState, Tick, TickPoint } from "../../lib/protocol";
import type { SourceSink } from "../tickSource";
import { decodeBusMessage } from "./busMessage";
import type { SubjectConsumer } from "./subjectConsumer";

export interface EdgeSymbolContext {
  sink: SourceSink;
  /** The epoch the edge follows (the lease's); undefined until it is known. */
  epoch(): string | undefined;
  /** The session open the source announced, if any. */
  open(symbol: string): number | undefined;
  /** Ticks worth keeping: the server's history window (FEED_HISTORY). */
  historyLimit: number;
  /** A live message of another epoch arrived: maybe a new owner took over. */
  onForeignEpoch(): void;
  /** The symbol's own state (source status, loading done) changed. */
  onStateChange(symbol: string): void;
}

/** The part of a SubjectConsumer an EdgeSymbol and its edge use (tests pass a fake). */
export type EdgeConsumer = Pick<SubjectConsumer, "rewind" | "restart" | "stop" | "pending" | "restarts">;

export class EdgeSymbol {
  mode: "loading" | "live" = "loading";
  /** Newest seq handed to the server in the current epoch. */
  private fedSeq: number | undefined;
  private buffer: TickPoint[] = [];
  /** What the source last said about the symbol (a relay's upstream can go stale). */
  sourceState: { state: SourceState; reason?: string } = { state: "live" };
  skippedOtherEpoch = 0;
  duplicates = 0;

  constructor(
    readonly symbol: string,
    private readonly ctx: EdgeSymbolContext,
    readonly consumer: EdgeConsumer,
  ) {}

  /** Reads the subject from its oldest message (first hold, or after an epoch change). */
  load(): void {
    this.mode = "loading";
    this.buffer = [];
    this.consumer.rewind();
  }

  /** The epoch changed: the server's book for it is empty, so start from nothing. */
  newEpoch(): void {
    this.fedSeq = undefined;
    this.sourceState = { state: "live" };
    this.load();
  }

  stop(): void {
    this.consumer.stop();
  }

  onMessage(data: Uint8Array, pending: number): void {
    const { ctx } = this;
    // `pending` belongs to this message: if it makes us reload, it says nothing about the reload.
    const loading = this.mode === "loading";
    const decoded = decodeBusMessage(data, this.symbol);
    if (!decoded.ok) {
      ctx.sink.report("malformed", `ticks.${this.symbol}: ${decoded.error}`);
    } else if (decoded.value.epoch !== ctx.epoch()) {
      // History of an earlier owner is expected while loading; live, it may announce a new one.
      this.skippedOtherEpoch++;
      if (this.mode === "live") ctx.onForeignEpoch();
    } else if (decoded.value.kind === "status") {
      const { state, reason } = decoded.value;
      this.sourceState = reason === undefined ? { state } : { state, reason };
      if (this.mode === "live") ctx.onStateChange(this.symbol);
    } else {
      const tick = decoded.value;
      if (this.mode === "loading") this.keep({ seq: tick.seq, price: tick.price, size: tick.size, ts: tick.ts });
      else this.follow(tick);
    }
    if (loading && pending === 0) this.caughtUp();
  }

  /** Everything stored has been read: hand the history over, then follow live. */
  caughtUp(): void {
    if (this.mode !== "loading") return;
    const { ctx } = this;
    const tail = contiguousTail(this.buffer);
    this.buffer = [];
    this.mode = "live";
    const last = tail[tail.length - 1];
    if (last !== undefined) {
      // Where the server's book for this symbol ends: nothing yet in this epoch is seq 0.
      const fed = this.fedSeq ?? 0;
      if (tail[0]!.seq <= fed + 1 && last.seq >= fed) {
        // The history continues what the server (and so its clients) hold: hand it on as ticks.
        for (const t of tail) if (t.seq > fed) ctx.sink.tick({ symbol: this.symbol, ...t });
      } else {
        // It does not (older seqs were trimmed from the stream): one snapshot replaces the symbol.
        ctx.sink.addSymbol(this.symbol);
        ctx.sink.reset(this.symbol, ctx.open(this.symbol) ?? tail[0]!.price, tail);
      }
      this.fedSeq = last.seq;
    }
    ctx.onStateChange(this.symbol);
  }

  private keep(t: TickPoint): void {
    this.buffer.push(t);
    // Trim in batches: only the newest historyLimit ticks can reach the server's window.
    if (this.buffer.length >= 2 * this.ctx.historyLimit) this.buffer.splice(0, this.buffer.length - this.ctx.historyLimit);
  }

  private follow(t: Tick): void {
    const fed = this.fedSeq;
    if (fed === undefined || t.seq === fed + 1) {
      this.fedSeq = t.seq;
      this.ctx.sink.tick(t);
    } else if (t.seq <= fed) {
      this.duplicates++;
    } else {
      // The stream itself lacks these seqs (the source dropped them): rebuild from what is stored.
      this.ctx.sink.report("bus_gap", `${this.symbol}: seq ${t.seq} after ${fed}, reloading`, "warn");
      this.load();
    }
  }
}

/** The newest run of consecutive seqs (history may hold a hole where a source lost ticks). */
export function contiguousTail(ticks: TickPoint[]): TickPoint[] {
  let start = ticks.length - 1;
  while (start > 0 && ticks[start - 1]!.seq === ticks[start]!.seq - 1) start--;
  return start < 0 ? [] : ticks.slice(start);
}
