/**
 * The two ways the load client talks to a server: tickwire's JSON frames (the feed server and
 * the ws peer), or the same messages as Socket.IO v5 events over Engine.IO v4 text packets.
 * Only the framing differs; frames are classified from their first bytes, without parsing.
 */
import type { Dialect } from "../ipc";

export type FrameKind =
  | "tick"
  | "snapshot"
  | "welcome"
  /** The server refused something (unknown symbol, bad request). */
  | "error"
  /** Engine.IO `0{...}`: the engine session is open; the namespace must be joined next. */
  | "engine-open"
  /** Engine.IO ping `2`, to be answered with `3` or the server drops the connection. */
  | "engine-ping"
  | "other";

export interface DialectCodec {
  /** Request target of the WebSocket upgrade. */
  readonly path: string;
  classify(bytes: Buffer, start: number, end: number): FrameKind;
  subscribeFrame(symbols: readonly string[]): string;
  /** Sent on engine-open (Socket.IO joins the default namespace with `40`). */
  readonly joinFrame: string | undefined;
  readonly pongFrame: string | undefined;
}

const TYPE_PREFIX = Buffer.from('{"type":"');
const EVENT_PREFIX = Buffer.from('42["');
const CH = (c: string) => c.charCodeAt(0);

function hasPrefix(bytes: Buffer, start: number, end: number, prefix: Buffer): boolean {
  if (end - start < prefix.length + 1) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[start + i] !== prefix[i]) return false;
  return true;
}

/** Message names with their closing quote, so "status" is never taken for "snapshot". */
const NAMES: [Buffer, FrameKind][] = [
  [Buffer.from('tick"'), "tick"],
  [Buffer.from('snapshot"'), "snapshot"],
  [Buffer.from('welcome"'), "welcome"],
  [Buffer.from('error"'), "error"],
  [Buffer.from('feed_error"'), "error"],
];

function byName(bytes: Buffer, at: number, end: number): FrameKind {
  for (const [name, kind] of NAMES) {
    if (end - at < name.length) continue;
    let i = 0;
    while (i < name.length && bytes[at + i] === name[i]) i++;
    if (i === name.length) return kind;
  }
  return "other";
}

const tickwire: DialectCodec = {
  path: "/ws",
  classify(bytes, start, end) {
    return hasPrefix(bytes, start, end, TYPE_PREFIX) ? byName(bytes, start + TYPE_PREFIX.length, end) : "other";
  },
  subscribeFrame: (symbols) => JSON.stringify({ op: "subscribe", symbols }),
  joinFrame: undefined,
  pongFrame: undefined,
};

const socketio: DialectCodec = {
  path: "/socket.io/?EIO=4&transport=websocket",
  classify(bytes, start, end) {
    if (hasPrefix(bytes, start, end, EVENT_PREFIX)) return byName(bytes, start + EVENT_PREFIX.length, end);
    if (end - start === 1 && bytes[start] === CH("2")) return "engine-ping";
    if (bytes[start] === CH("0")) return "engine-open";
    return "other";
  },
  subscribeFrame: (symbols) => `42${JSON.stringify(["subscribe", { symbols }])}`,
  joinFrame: "40",
  pongFrame: "3",
};

export function codecFor(dialect: Dialect): DialectCodec {
  switch (dialect) {
    case "tickwire":
      return tickwire;
    case "socketio":
      return socketio;
    default: {
      const unreachable: never = dialect;
      throw new Error(`unknown dialect ${String(unreachable)}`);
    }
  }
}
