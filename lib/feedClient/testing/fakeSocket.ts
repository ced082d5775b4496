/**
 * A fake WebSocket the test plays the server side of: it records what the client sends and
 * opens, speaks and drops the connection on demand, so reconnect paths run deterministically.
 */
import { decodeClientFrame, type ClientMessage, type ServerMessage } from "../../protocol";
import type { WebSocketCtor, WebSocketLike } from "../types";

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  /** Raw frames the client sent, in order. */
  readonly sent: string[] = [];
  /** Set when the client closed this socket itself. */
  closedByClient: { code: number | undefined; reason: string | undefined } | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error(`send on a socket in readyState ${this.readyState}`);
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason };
    this.readyState = 3;
  }

  /** Client messages sent so far, decoded with the server's own parser. */
  messages(): ClientMessage[] {
    return this.sent.map((frame) => {
      const parsed = decodeClientFrame(frame);
      if (!parsed.ok) throw new Error(`client sent an invalid frame: ${frame} (${parsed.error})`);
      return parsed.value;
    });
  }

  serverOpen(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  serverSend(message: ServerMessage | string): void {
    this.onmessage?.({ data: typeof message === "string" ? message : JSON.stringify(message) });
  }

  serverClose(code: number, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  serverError(): void {
    this.onerror?.({});
  }
}

export interface FakeSocketFactory {
  WebSocket: WebSocketCtor;
  /** Every socket the client constructed, oldest first. */
  readonly sockets: FakeSocket[];
  /** The newest socket; throws if none was constructed. */
  last(): FakeSocket;
}

export function fakeSocketFactory(): FakeSocketFactory {
  const sockets: FakeSocket[] = [];
  class RecordedSocket extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return {
    WebSocket: RecordedSocket,
    sockets,
    last() {
      const socket = sockets[sockets.length - 1];
      if (!socket) throw new Error("the client has not constructed a socket yet");
      return socket;
    },
  };
}
