/**
 * A lean client for the reconnect storm, thousands to a process: one symbol, the protocol's
 * resume (epoch + since) on every reconnect, and the watcher's loss bookkeeping (SeqBooks).
 * The full feed client (lib/feedClient) would add a ping timer per client; the storm needs
 * only the resume path.
 */
import WebSocket from "ws";
import { decodeServerFrame } from "../lib/protocol";
import { SeqBooks } from "./seqBooks";

export class ResumingClient {
  /** Ready = welcomed and the symbol's snapshot received on the current connection. */
  ready = false;
  failedAttempts = 0;
  readonly books = new SeqBooks();
  private ws: WebSocket | undefined;

  constructor(
    private readonly url: string,
    readonly symbol: string,
  ) {}

  connect(): void {
    this.ready = false;
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.on("message", (data) => this.onFrame(data.toString()));
    ws.on("error", () => undefined); // "close" follows and counts it
    ws.on("close", () => {
      if (this.ws === ws && !this.ready) this.failedAttempts++;
      if (this.ws === ws) this.ready = false;
    });
  }

  /** Drops the connection as a network failure would (no close handshake). */
  drop(): void {
    const ws = this.ws;
    this.ws = undefined;
    this.ready = false;
    ws?.terminate();
  }

  private onFrame(text: string): void {
    const parsed = decodeServerFrame(text);
    if (!parsed.ok) return;
    const m = parsed.value;
    switch (m.type) {
      case "welcome": {
        this.books.welcome(m.epoch);
        const held = this.books.resumeFrom(this.symbol);
        const resume = held ? { epoch: held.epoch, since: { [this.symbol]: held.seq } } : {};
        this.ws?.send(JSON.stringify({ op: "subscribe", symbols: [this.symbol], ...resume }));
        return;
      }
      case "snapshot":
        if (m.symbol !== this.symbol) return;
        this.books.snapshot(m);
        this.ready = true;
        return;
      case "tick":
        if (m.symbol === this.symbol && this.ready) this.books.tick(m.symbol, m.seq);
        return;
      default:
        return;
    }
  }
}
