/**
 * The well-behaved client every scenario keeps subscribed throughout: tickwire's own feed
 * client (the one the dashboard runs), over the `ws` package. It reconnects, rotates through
 * its URLs and resumes with `epoch` + `since` by itself; this class keeps the books (SeqBooks)
 * and checks at the end that the client caught up with the server.
 */
import WebSocket from "ws";
import { createFeedClient, type FullFeedClient } from "../lib/feedClient";
import { waitFor } from "../lib/testing/waitFor";
import { SeqBooks } from "./seqBooks";

export class Watcher {
  /** Welcomes received: connections that opened. */
  welcomes = 0;
  /** Status frames seen: symbols marked stale, and live again. */
  readonly statuses = { stale: 0, live: 0 };
  /** Close codes seen, e.g. { "1012": 3 }. */
  readonly closes: Record<string, number> = {};
  private readonly client: FullFeedClient;
  private readonly books = new SeqBooks();

  constructor(
    urls: string[],
    readonly symbols: readonly string[],
  ) {
    this.client = createFeedClient({ urls, WebSocket, backoffBaseMs: 100, backoffMaxMs: 1_000, pingIntervalMs: 2_000, pongTimeoutMs: 4_000 });
    this.client.on("welcome", (w) => {
      this.books.welcome(w.epoch);
      this.welcomes++;
    });
    this.client.on("snapshot", (s) => this.books.snapshot(s));
    this.client.on("tick", (t) => this.books.tick(t.symbol, t.seq));
    this.client.on("status", (st) => this.statuses[st.state]++);
    this.client.on("disconnect", (d) => {
      if (d.code === 1000 && !d.reconnect) return; // our own stop()
      this.closes[d.code] = (this.closes[d.code] ?? 0) + 1;
    });
    for (const s of symbols) this.client.watch(s);
    this.client.start();
  }

  get ticksLost(): number {
    return this.books.ticksLost;
  }

  get epochResets(): number {
    return this.books.epochResets;
  }

  get resumed(): number {
    return this.books.resumed;
  }

  /** The epoch of the last welcome. */
  get currentEpoch(): string {
    return this.books.currentEpoch;
  }

  /** Waits until every symbol has had its snapshot and at least one live tick. */
  async live(timeoutMs = 15_000): Promise<this> {
    await waitFor(
      () => this.symbols.every((s) => this.books.seq(s) > 0) && this.books.ticks > this.symbols.length,
      `the well-behaved client to be live on ${this.symbols.join(", ")}`,
      timeoutMs,
      20,
    );
    return this;
  }

  /** Waits for a connection after the `welcomes`-th (a reconnect), e.g. once a server was killed. */
  async reconnected(welcomes: number, timeoutMs = 15_000): Promise<void> {
    await waitFor(() => this.welcomes > welcomes, "the well-behaved client to reconnect", timeoutMs, 20);
  }

  get disconnects(): number {
    return Object.values(this.closes).reduce((a, b) => a + b, 0);
  }

  /**
   * Waits until the client holds, for every symbol, at least the seq `httpUrl`'s /symbols
   * reports now: it is caught up, not silently stalled. Returns a finding when it is not.
   */
  async caughtUp(httpUrl: string, timeoutMs = 10_000): Promise<string | undefined> {
    let target: Map<string, number>;
    try {
      target = await serverSeqs(httpUrl);
    } catch (err) {
      return `could not read ${httpUrl}/symbols: ${(err as Error).message}`;
    }
    const seq = (s: string) => this.books.seq(s);
    try {
      await waitFor(() => this.symbols.every((s) => seq(s) >= (target.get(s) ?? 0)), "the well-behaved client to catch up", timeoutMs, 20);
      return undefined;
    } catch {
      const behind = this.symbols.filter((s) => seq(s) < (target.get(s) ?? 0)).map((s) => `${s} at ${seq(s)} of ${target.get(s)}`);
      return `well-behaved client stalled: ${behind.join(", ")} after ${timeoutMs} ms`;
    }
  }

  stop(): void {
    this.client.stop();
  }
}

/** GET /symbols: seq per symbol, narrowed from unknown. */
export async function serverSeqs(httpUrl: string): Promise<Map<string, number>> {
  const res = await fetch(`${httpUrl}/symbols`);
  if (!res.ok) throw new Error(`GET /symbols answered ${res.status}`);
  const body: unknown = await res.json();
  const out = new Map<string, number>();
  if (!Array.isArray(body)) throw new Error("GET /symbols did not answer an array");
  for (const entry of body as unknown[]) {
    if (typeof entry !== "object" || entry === null) continue;
    const { symbol, seq } = entry as Record<string, unknown>;
    if (typeof symbol === "string" && typeof seq === "number") out.set(symbol, seq);
  }
  return out;
}
