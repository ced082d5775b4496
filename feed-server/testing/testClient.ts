/**
 * A real WebSocket client (the `ws` package) that records every frame, for integration tests
 * against a real feed server.
 */
import WebSocket from "ws";
import { decodeServerFrame, type ServerMessage, type SnapshotMessage, type TickMessage, type WelcomeMessage } from "../../lib/protocol";
import { waitFor } from "../../lib/testing/waitFor";

type Of<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;

export class TestClient {
  readonly messages: ServerMessage[] = [];
  /** Frames that did not parse as server messages (should stay empty). */
  readonly garbage: string[] = [];
  closed: { code: number; reason: string } | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data, isBinary) => {
      const text = isBinary ? `<binary>` : data.toString();
      const parsed = decodeServerFrame(text);
      if (parsed.ok) this.messages.push(parsed.value);
      else this.garbage.push(text);
    });
    socket.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
  }

  static async connect(url: string, options?: WebSocket.ClientOptions): Promise<TestClient> {
    const client = new TestClient(new WebSocket(url, options));
    await client.next("welcome");
    return client;
  }

  get welcome(): WelcomeMessage {
    const w = this.messages.find((m): m is WelcomeMessage => m.type === "welcome");
    if (!w) throw new Error("no welcome received");
    return w;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  subscribe(symbols: string[], resume?: { epoch: string; since: Record<string, number> }): void {
    this.send({ op: "subscribe", symbols, ...resume });
  }

  /** Waits for the first message of `type` (after index `from`) that matches `where`. */
  async next<T extends ServerMessage["type"]>(
    type: T,
    where: (m: Of<T>) => boolean = () => true,
    from = 0,
    timeoutMs = 5000,
  ): Promise<Of<T>> {
    return waitFor(
      () => this.messages.slice(from).find((m): m is Of<T> => m.type === type && where(m as Of<T>)),
      `a "${type}" message${where.toString().length > 12 ? ` matching ${where.toString()}` : ""}`,
      timeoutMs,
    );
  }

  snapshots(symbol: string): SnapshotMessage[] {
    return this.messages.filter((m): m is SnapshotMessage => m.type === "snapshot" && m.symbol === symbol);
  }

  ticks(symbol: string): TickMessage[] {
    return this.messages.filter((m): m is TickMessage => m.type === "tick" && m.symbol === symbol);
  }

  /** Seqs of `symbol` from its first snapshot on: snapshot ticks, then live ticks, in arrival order. */
  seqsSinceSnapshot(symbol: string): number[] {
    const start = this.messages.findIndex((m) => m.type === "snapshot" && m.symbol === symbol);
    if (start < 0) return [];
    const snap = this.messages[start] as SnapshotMessage;
    const live = this.messages.slice(start + 1).filter((m): m is TickMessage => m.type === "tick" && m.symbol === symbol);
    return [...snap.ticks.map((t) => t.seq), ...live.map((t) => t.seq)];
  }

  async waitForClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return waitFor(() => this.closed, "the connection to close", timeoutMs);
  }

  close(): void {
    this.socket.terminate();
  }
}

/** Asserts the given seqs are contiguous; returns a description of the first hole or disorder. */
export function firstGap(seqs: number[]): string | undefined {
  for (let i = 1; i < seqs.length; i++) {
    if (seqs[i] !== seqs[i - 1]! + 1) return `seq ${seqs[i]} after ${seqs[i - 1]} at index ${i}`;
  }
  return undefined;
}
