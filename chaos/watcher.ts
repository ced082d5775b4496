/**
 * The well-behaved client every scenario keeps subscribed throughout: tickwire's own feed
 * client (the one the dashboard runs), over the `ws` package. It reconnects, rotates through
 * its URLs and resumes with `epoch` + `since` by itself; this class only keeps the books.
 *
 * Ticks lost = seqs of an epoch the client held up to and then never received: a resume or
 * resync whose first tick is beyond the held seq + 1, or (should the client ever pass one on) a
 * live tick that skips. A snapshot of another epoch is counted apart, as an epoch reset: the
 * numbering restarted, so what is missing cannot be counted, and the scenario decides whether
 * a reset was allowed.
 */
import WebSocket from "ws";
import { createFeedClient, type FullFeedClient } from "../lib/feedClient";
import type { SnapshotMessage } from "../lib/protocol";
import { waitFor } from "../lib/testing/waitFor";

interface Held {
  epoch: string;
  seq: number;
}

export class Watcher {
  ticksLost = 0;
  epochResets = 0;
  ticks = 0;
  resumed = 0;
  /** Welcomes received: connections that opened. */
  welcomes = 0;
  /** Close codes seen, e.g. { "1012": 3 }. */
  readonly closes: Record<string, number> = {};
  private readonly client: FullFeedClient;
  private readonly held = new Map<string, Held>();
  private epoch = "";

  constructor(
    urls: string[],
    readonly symbols: readonly string[],
  ) {
    this.client = createFeedClient({ urls, WebSocket, backoffBaseMs: 100, backoffMaxMs: 1_000, pingIntervalMs: 2_000, pongTimeoutMs: 4_000 });
    this.client.on("welcome", (w) => {
      this.epoch = w.epoch;
      this.welcomes++;
    });
    this.client.on("snapshot", (s) => this.onSnapshot(s));
    this.client.on("tick", (t) => this.advance(t.symbol, t.seq));
    this.client.on("disconnect", (d) => {
      if (d.code === 1000 && !d.reconnect) return; // our own stop()
      this.closes[d.code] = (this.closes[d.code] ?? 0) + 1;
    });
    for (const s of symbols) this.client.watch(s);
    this.client.start();
  }

  /** Waits until every symbol has had its snapshot and at least one live tick. */
  async live(timeoutMs = 15_000): Promise<this> {
    await waitFor(
      () => this.symbols.every((s) => (this.held.get(s)?.seq ?? 0) > 0) && this.ticks > this.symbols.length,
      `the well-behaved client to be live on ${this.symbols.join(", ")}`,
      timeoutMs,
      20,
    );
    return this;
  }

  /** The epoch of the last welcome. */
  get currentEpoch(): string {
    return this.epoch;
  }

  /** Waits for a connection after the `welcomes`-th (a reconnect), e.g. once a server was killed. */
  async reconnected(welcomes: number, timeoutMs = 15_000): Promise<void> {
    await waitFor(() => this.welcomes > welcomes, "the well-behaved client to reconnect", timeoutMs, 20);
  }

  /** The seq it holds of `symbol` in the current epoch (0 for none). */
  seq(symbol: string): number {
    const h = this.held.get(symbol);
    return h && h.epoch === this.epoch ? h.seq : 0;
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
    try {
      await waitFor(() => this.symbols.every((s) => this.seq(s) >= (target.get(s) ?? 0)), "the well-behaved client to catch up", timeoutMs, 20);
      return undefined;
    } catch {
      const behind = this.symbols.filter((s) => this.seq(s) < (target.get(s) ?? 0)).map((s) => `${s} at ${this.seq(s)} of ${target.get(s)}`);
      return `well-behaved client stalled: ${behind.join(", ")} after ${timeoutMs} ms`;
    }
  }

  stop(): void {
    this.client.stop();
  }

  private onSnapshot(s: SnapshotMessage): void {
    const before = this.held.get(s.symbol);
    if (s.resumed) this.resumed++;
    if (before && before.epoch !== this.epoch) {
      this.epochResets++;
    } else if (before) {
      // Same epoch: whatever lies between what we held and the snapshot's first tick is gone.
      const first = s.ticks[0]?.seq ?? s.seq + 1;
      if (first > before.seq + 1 && s.seq > before.seq) this.ticksLost += first - before.seq - 1;
    }
    this.held.set(s.symbol, { epoch: this.epoch, seq: Math.max(s.seq, before && before.epoch === this.epoch ? before.seq : 0) });
  }

  private advance(symbol: string, seq: number): void {
    this.ticks++;
    const h = this.held.get(symbol);
    if (!h) return;
    if (seq > h.seq + 1) this.ticksLost += seq - h.seq - 1;
    if (seq > h.seq) h.seq = seq;
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
