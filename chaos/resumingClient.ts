/**
 * A lean client for the reconnect storm, thousands to a process: one symbol, the protocol's
 * resume (epoch + since) on every reconnect, and the same loss bookkeeping as the watcher.
 * The full feed client (lib/feedClient) would add a ping timer per client; the storm needs
 * only the resume path.
 */
import WebSocket from "ws";
import { decodeServerFrame, type SnapshotMessage } from "../lib/protocol";

export class ResumingClient {
  /** Ready = welcomed and the symbol's snapshot received on the current connection. */
  ready = false;
  lost = 0;
  epochResets = 0;
  resumed = 0;
  failedAttempts = 0;
  private ws: WebSocket | undefined;
  private epoch = "";
  private heldEpoch = "";
  private seq = 0;

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

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  private onFrame(text: string): void {
    const parsed = decodeServerFrame(text);
    if (!parsed.ok) return;
    const m = parsed.value;
    switch (m.type) {
      case "welcome": {
        this.epoch = m.epoch;
        const resume = this.heldEpoch !== "" ? { epoch: this.heldEpoch, since: { [this.symbol]: this.seq } } : {};
        this.ws?.send(JSON.stringify({ op: "subscribe", symbols: [this.symbol], ...resume }));
        return;
      }
      case "snapshot":
        if (m.symbol === this.symbol) this.onSnapshot(m);
        return;
      case "tick":
        if (m.symbol !== this.symbol || !this.ready) return;
        if (m.seq > this.seq + 1) this.lost += m.seq - this.seq - 1;
        if (m.seq > this.seq) this.seq = m.seq;
        return;
      default:
        return;
    }
  }

  private onSnapshot(s: SnapshotMessage): void {
    if (this.heldEpoch !== "" && this.heldEpoch !== this.epoch) {
      this.epochResets++;
      this.seq = 0;
    } else if (this.heldEpoch !== "") {
      const first = s.ticks[0]?.seq ?? s.seq + 1;
      if (first > this.seq + 1 && s.seq > this.seq) this.lost += first - this.seq - 1;
    }
    if (s.resumed) this.resumed++;
    this.heldEpoch = this.epoch;
    this.seq = Math.max(this.seq, s.seq);
    this.ready = true;
  }
}
