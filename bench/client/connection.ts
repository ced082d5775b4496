/**
 * One load-client connection on a raw TCP socket: the HTTP upgrade, then frames read straight
 * from the socket's bytes. Every connection of a process reads into one shared buffer
 * (`onread`), so receiving costs no allocation and no stream machinery per read.
 */
import { createHash, randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import type { SymbolTable } from "../symbols";
import type { DialectCodec } from "./dialect";
import { clientFrame, FrameReader, Opcode } from "./frames";
import type { GroupStats } from "./groupStats";
import { find, findByte, KEY_SEQ, KEY_SYMBOL, KEY_TS, readDecimal, readUint } from "./scan";
import { SeqTracker } from "./seqTracker";

const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);
const QUOTE = 0x22;
const HEADER_END = Buffer.from("\r\n\r\n");
const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export interface ConnectionHooks {
  /** Every symbol's snapshot has arrived. */
  subscribed(conn: BenchConnection): void;
  /** The connection ended before it was subscribed. */
  failed(conn: BenchConnection, reason: string): void;
}

export type ConnectionState = "dialling" | "upgrading" | "open" | "closed";

export class BenchConnection {
  state: ConnectionState = "dialling";
  dialledAt = 0;
  subscribedAt = 0;
  /** Close code from the server's close frame; "no close frame" when TCP closed without one. */
  closeCode: string | undefined;
  private socket: Socket | undefined;
  private readonly tracker: SeqTracker;
  /** Symbol index (in the table) of each slot. */
  private readonly slots: Int32Array;
  private pendingSnapshots: number;
  private readonly reader = new FrameReader((op, bytes, start, end) => this.onFrame(op, bytes, start, end));
  private handshake: Buffer | undefined;
  private key = "";
  private now = 0;

  constructor(
    readonly symbols: readonly string[],
    private readonly table: SymbolTable,
    private readonly codec: DialectCodec,
    private readonly stats: GroupStats,
    private readonly clock: () => number,
    private readonly hooks: ConnectionHooks,
  ) {
    this.slots = Int32Array.from(symbols, (s) => table.indexOf(s));
    this.tracker = new SeqTracker(symbols.length);
    this.pendingSnapshots = symbols.length;
  }

  dial(port: number): void {
    this.dialledAt = this.clock();
    this.key = randomBytes(16).toString("base64");
    const socket = connect({
      host: "127.0.0.1",
      port,
      noDelay: true,
      onread: { buffer: READ_BUFFER, callback: (n: number, buf: Uint8Array) => this.onBytes(buf as Buffer, n) },
    });
    this.socket = socket;
    socket.on("connect", () => {
      this.state = "upgrading";
      socket.write(
        `GET ${this.codec.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${this.key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.on("error", (err) => this.end(`socket error: ${err.message}`));
    socket.on("close", () => this.end("closed by the server"));
  }

  pause(): void {
    this.socket?.pause();
  }

  resume(): void {
    this.socket?.resume();
  }

  destroy(): void {
    this.socket?.destroy();
  }

  /** Newest seq held of each symbol (-1 before its snapshot). */
  lastSeq(slot: number): number {
    return this.tracker.last(slot);
  }

  private end(reason: string): void {
    if (this.state === "closed") return;
    const wasOpen = this.state === "open";
    this.state = "closed";
    this.closeCode ??= "no close frame";
    if (wasOpen) {
      this.stats.open--;
      this.stats.closed(this.closeCode);
    }
    if (this.pendingSnapshots > 0) this.hooks.failed(this, reason);
  }

  private onBytes(buf: Buffer, n: number): boolean {
    this.now = this.clock();
    this.stats.reads++;
    if (this.state === "open") this.reader.push(buf, 0, n);
    else this.onHandshakeBytes(buf.subarray(0, n));
    return true;
  }

  private onHandshakeBytes(bytes: Buffer): void {
    const all = this.handshake ? Buffer.concat([this.handshake, bytes]) : Buffer.from(bytes);
    const endAt = all.indexOf(HEADER_END);
    if (endAt < 0) {
      this.handshake = all;
      return;
    }
    this.handshake = undefined;
    const head = all.subarray(0, endAt).toString("latin1");
    const accept = createHash("sha1").update(this.key + WS_GUID).digest("base64");
    if (!/^HTTP\/1\.1 101/.test(head) || !head.toLowerCase().includes(`sec-websocket-accept: ${accept.toLowerCase()}`)) {
      this.closeCode = "upgrade-refused";
      this.socket?.destroy();
      this.end(`upgrade refused: ${head.split("\r\n")[0]}`);
      return;
    }
    this.state = "open";
    this.stats.open++;
    if (all.length > endAt + 4) this.reader.push(all, endAt + 4, all.length);
  }

  private send(text: string): void {
    this.socket?.write(clientFrame(Opcode.TEXT, text));
  }

  private onFrame(opcode: number, bytes: Buffer, start: number, end: number): void {
    if (opcode === Opcode.TEXT) return this.onText(bytes, start, end);
    if (opcode === Opcode.PING) {
      this.socket?.write(clientFrame(Opcode.PONG, Buffer.from(bytes.subarray(start, end))));
    } else if (opcode === Opcode.CLOSE) {
      this.closeCode = end - start >= 2 ? String(bytes.readUInt16BE(start)) : "1005";
      this.socket?.destroy();
    }
  }

  private onText(bytes: Buffer, start: number, end: number): void {
    switch (this.codec.classify(bytes, start, end)) {
      case "tick":
        return this.onTick(bytes, start, end);
      case "snapshot":
        return this.onSnapshot(bytes, start, end);
      case "welcome":
        return this.send(this.codec.subscribeFrame(this.symbols));
      case "engine-open":
        if (this.codec.joinFrame) this.send(this.codec.joinFrame);
        return;
      case "engine-ping":
        if (this.codec.pongFrame) this.send(this.codec.pongFrame);
        return;
      case "error":
        this.hooks.failed(this, `server error: ${bytes.toString("utf8", start, Math.min(end, start + 160))}`);
        return;
      case "other":
        return;
    }
  }

  /** Slot of the symbol whose name starts at `at` (after `"symbol":"`), or -1. */
  private slotAt(bytes: Buffer, at: number, end: number): number {
    const close = findByte(bytes, QUOTE, at, end);
    if (close < 0) return -1;
    const index = this.table.lookup(bytes, at, close);
    for (let i = 0; i < this.slots.length; i++) if (this.slots[i] === index) return i;
    return -1;
  }

  private onTick(bytes: Buffer, start: number, end: number): void {
    const sym = find(bytes, KEY_SYMBOL, start, end);
    const slot = sym < 0 ? -1 : this.slotAt(bytes, sym + KEY_SYMBOL.length, end);
    const seqAt = find(bytes, KEY_SEQ, sym + KEY_SYMBOL.length, end);
    const tsAt = seqAt < 0 ? -1 : find(bytes, KEY_TS, seqAt, end);
    if (slot < 0 || tsAt < 0) throw new Error(`unreadable tick: ${bytes.toString("utf8", start, end)}`);
    const seq = readUint(bytes, seqAt + KEY_SEQ.length, end);
    const ts = readDecimal(bytes, tsAt + KEY_TS.length, end);
    this.tracker.tick(slot, seq, this.stats.counts);
    this.stats.record(Math.round((this.now - ts) * 1000));
  }

  private onSnapshot(bytes: Buffer, start: number, end: number): void {
    // The snapshot's own symbol and seq come before its ticks in every dialect.
    const sym = find(bytes, KEY_SYMBOL, start, end);
    const slot = sym < 0 ? -1 : this.slotAt(bytes, sym + KEY_SYMBOL.length, end);
    const seqAt = find(bytes, KEY_SEQ, sym + KEY_SYMBOL.length, end);
    if (slot < 0 || seqAt < 0) throw new Error(`unreadable snapshot: ${bytes.toString("utf8", start, Math.min(end, start + 120))}`);
    const first = !this.tracker.hasSnapshot(slot);
    this.tracker.snapshot(slot, readUint(bytes, seqAt + KEY_SEQ.length, end));
    if (first && --this.pendingSnapshots === 0) {
      this.subscribedAt = this.now;
      this.hooks.subscribed(this);
    }
  }
}
