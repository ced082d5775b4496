/**
 * The BARS side of a source role. Each time this process takes the lease (a term), it opens the
 * JetStream bar store afresh, hands it to the local server, which loads what BARS holds (so a
 * standby that takes over continues the same bar series, and its simulator continues from the last
 * price rather than inventing a new past), and from then on writes its closed bars and, once a
 * second, its open bars there. When the term ends (lease lost, stop) the open bars are written
 * once more and the store is closed, so a former owner never writes over the new owner's bars.
 */
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { Interval } from "../../lib/bars/types";
import { openJetStreamBarStore, type JetStreamBarStore } from "../bars/jetstreamBarStore";
import type { SourceSink } from "../tickSource";

export interface SourceBarsContext {
  /** Most bars kept per series (FEED_BAR_RETENTION). */
  retention: Readonly<Record<Interval, number>>;
  /** The local server's sink, undefined once stopped. */
  sink(): SourceSink | undefined;
  /** The epoch the owner numbers in, written with each bar for edges. */
  epoch(): string | undefined;
  /** Stream name (tests may use their own); default BARS. */
  stream?: string;
}

export class SourceBars {
  private bus: { js: JetStreamClient; jsm: JetStreamManager } | undefined;
  private store: JetStreamBarStore | undefined;
  private term = 0;
  /** The last term's hand-over and close, which the next term waits for. */
  private closing: Promise<void> = Promise.resolve();

  constructor(private readonly c: SourceBarsContext) {}

  attach(js: JetStreamClient, jsm: JetStreamManager): void {
    this.bus = { js, jsm };
  }

  /**
   * Starts a term (unless one is going on: a new epoch of the same owner keeps its store): the
   * previous term's bars are written out, then BARS is opened and loaded into the local server.
   * Resolves true when the term is still current (start the tick source then), false when it
   * ended meanwhile. A store that cannot be opened is reported and the term goes on with bars
   * kept locally only.
   */
  async begin(): Promise<boolean> {
    // Renumbering while still the owner: the local bars are the ones in BARS, the store goes on.
    if (this.store) return true;
    const term = ++this.term;
    await this.closeStore();
    const bus = this.bus;
    if (term !== this.term || !bus) return term === this.term;
    let store: JetStreamBarStore;
    try {
      store = await openJetStreamBarStore({
        js: bus.js,
        jsm: bus.jsm,
        maxBars: this.c.retention,
        // The local server flushes every second (and at stop); no timer of the store's own.
        flushMs: 0,
        epoch: () => this.c.epoch(),
        ...(this.c.stream ? { stream: this.c.stream } : {}),
        onWriteError: (err, info) => this.c.sink()?.report("bar_store", `BARS: ${err.message} (${info.pending} bars queued, ${info.dropped} dropped)`, "warn"),
      });
    } catch (err) {
      this.c.sink()?.report("bar_store", `BARS could not be opened, bars stay local: ${(err as Error).message}`, "warn");
      return term === this.term;
    }
    if (term !== this.term) {
      await store.close().catch(() => undefined);
      return false;
    }
    this.store = store;
    try {
      await this.c.sink()?.barStore?.(store);
    } catch (err) {
      // NATS went away while loading, or the term ended and closed the store: bars held so far stay.
      if (term === this.term) this.c.sink()?.report("bar_store", `BARS could not be read: ${(err as Error).message}`, "warn");
    }
    return term === this.term;
  }

  /**
   * Ends the term (the lease went to another source, or this one stops), and any begin still
   * loading: the local server writes its open bars and stops writing; the store closes.
   */
  end(): Promise<void> {
    this.term++;
    return this.closeStore();
  }

  private closeStore(): Promise<void> {
    const store = this.store;
    this.store = undefined;
    // Taken now: a stopping source drops its sink right after calling this.
    const sink = this.c.sink();
    const previous = this.closing;
    this.closing = (async () => {
      await previous;
      if (!store) return;
      await sink?.barStore?.(undefined).catch(() => undefined);
      await store.close().catch((err: unknown) => sink?.report("bar_store", `BARS: bars not written at the end of the term: ${(err as Error).message}`, "warn"));
    })();
    return this.closing;
  }

  stats(): Record<string, unknown> | null {
    return this.store ? { stream: this.store.stream, ...this.store.stats() } : null;
  }
}
