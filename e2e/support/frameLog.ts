/**
 * Everything the page sends and receives over its feed WebSockets, decoded with the protocol's
 * own decoders. Attach before navigating; every socket the page opens (reconnects included) is
 * recorded, numbered from 1 in the order it opened.
 */
import type { Page, WebSocket } from "@playwright/test";
import {
  decodeClientFrame,
  decodeServerFrame,
  type ClientMessage,
  type ServerMessage,
  type SubscribeOp,
} from "../../lib/protocol";
import { seqTrail, type ReceivedMessage, type SeqTrail } from "./seqTrail";

export interface SentMessage {
  socket: number;
  message: ClientMessage;
}

export class FrameLog {
  readonly sent: SentMessage[] = [];
  readonly received: ReceivedMessage[] = [];
  /** Frames that did not decode; a healthy session has none. */
  readonly malformed: string[] = [];
  private openSockets = 0;
  private sockets = 0;

  static attach(page: Page, path = "/ws"): FrameLog {
    const log = new FrameLog();
    page.on("websocket", (ws) => {
      if (new URL(ws.url()).pathname === path) log.track(ws);
    });
    return log;
  }

  /** Sockets the page has opened so far. */
  get socketCount(): number {
    return this.sockets;
  }

  /** Sockets that are open now, as far as the page's events tell. */
  get openSocketCount(): number {
    return this.openSockets;
  }

  subscribes(): SubscribeOp[] {
    return this.sent.flatMap(({ message }) => (message.op === "subscribe" ? [message] : []));
  }

  /** Client ops naming `symbol`, e.g. to check it was subscribed exactly once. */
  opsFor(symbol: string): ClientMessage[] {
    return this.sent.flatMap(({ message }) => ("symbols" in message && message.symbols.includes(symbol) ? [message] : []));
  }

  /** Server messages of one type, in arrival order. */
  messages<T extends ServerMessage["type"]>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.received.flatMap(({ message }) =>
      message.type === type ? [message as Extract<ServerMessage, { type: T }>] : [],
    );
  }

  /** Ticks (live or in snapshots) received for `symbol`. */
  tickCount(symbol: string): number {
    let n = 0;
    for (const { message } of this.received) {
      if (message.type === "tick" && message.symbol === symbol) n += 1;
      else if (message.type === "snapshot" && message.symbol === symbol) n += message.ticks.length;
    }
    return n;
  }

  /** Seq and price of the newest trade received for `symbol`, or null before any. */
  latest(symbol: string): { seq: number; price: number } | null {
    for (let i = this.received.length - 1; i >= 0; i--) {
      const { message } = this.received[i]!;
      if (message.type === "tick" && message.symbol === symbol) return { seq: message.seq, price: message.price };
      if (message.type === "snapshot" && message.symbol === symbol) {
        const last = message.ticks[message.ticks.length - 1];
        if (last) return { seq: last.seq, price: last.price };
      }
    }
    return null;
  }

  /** Price of the trade `seq` of `symbol`, searching the newest frames first (seqs repeat across epochs). */
  priceOf(symbol: string, seq: number): number | null {
    for (let i = this.received.length - 1; i >= 0; i--) {
      const { message } = this.received[i]!;
      if (message.type === "tick" && message.symbol === symbol && message.seq === seq) return message.price;
      if (message.type === "snapshot" && message.symbol === symbol) {
        const found = message.ticks.find((t) => t.seq === seq);
        if (found) return found.price;
      }
    }
    return null;
  }

  trail(symbol: string): SeqTrail {
    return seqTrail(this.received, symbol);
  }

  private track(ws: WebSocket): void {
    this.sockets += 1;
    this.openSockets += 1;
    const socket = this.sockets;
    ws.on("close", () => (this.openSockets -= 1));
    ws.on("framesent", ({ payload }) => {
      const decoded = decodeClientFrame(String(payload));
      if (decoded.ok) this.sent.push({ socket, message: decoded.value });
      else this.malformed.push(`sent on socket ${socket}: ${decoded.error}`);
    });
    ws.on("framereceived", ({ payload }) => {
      const decoded = decodeServerFrame(String(payload));
      if (decoded.ok) this.received.push({ socket, message: decoded.value });
      else this.malformed.push(`received on socket ${socket}: ${decoded.error}`);
    });
  }
}
