/**
 * Wire protocol v1: every message type in one place, and the one parser that turns an
 * untrusted frame into a typed client message or a reasoned error. See docs/protocol.md.
 */
import { isInterval, type Bar, type DayStats, type Interval, type MarketState } from "./bars/types";
import type { ErrorCode } from "./codes";

export const PROTOCOL_VERSION = 1;

/** Largest frame the server accepts, in bytes (bigger frames close with 1009). */
export const MAX_FRAME_BYTES = 16_384; // 16 KiB, as a literal: bundles (widget.js) drop it when unused

/** Symbols are upper-case tickers or pairs: AAPL, BRK.B, BTC-USD, EUR:USD. */
export const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9.:_-]{0,19}$/;

export function isValidSymbol(value: unknown): boolean {
  return typeof value === "string" && SYMBOL_PATTERN.test(value);
}

/** One trade as it sits in history and in snapshots. */
export interface TickPoint {
  seq: number;
  price: number;
  size: number;
  /** Milliseconds since the Unix epoch, when the tick was born at its source. */
  ts: number;
}

/** A trade of one symbol, as the tick source emits it. */
export interface Tick extends TickPoint {
  symbol: string;
}

// ---------- client to server ----------

export interface SubscribeOp {
  op: "subscribe";
  symbols: string[];
  /** Epoch the `since` seqs belong to. */
  epoch?: string;
  /** Per symbol, the newest seq the client already has. */
  since?: Record<string, number>;
  /** Bars of this interval instead of ticks: a conflated feed (snapshot with bars, then `bar` updates). */
  bars?: Interval;
}

export interface UnsubscribeOp {
  op: "unsubscribe";
  symbols: string[];
}

export interface PingOp {
  op: "ping";
  id: number;
}

/**
 * Presents a fresh token on an open connection (before the current one expires, or to cover
 * more symbols). Answered with `authed` or a TOKEN_REFUSED error; ops sent after it are handled
 * after it is decided, so a subscribe right behind it is judged under the new token.
 */
export interface AuthOp {
  op: "auth";
  token: string;
}

/** Longest token an `auth` op may carry, in characters (a 200-symbol token is about 3 KB). */
export const MAX_TOKEN_CHARS = 8_192;

export type ClientMessage = SubscribeOp | UnsubscribeOp | PingOp | AuthOp;

// ---------- server to client ----------

export interface WelcomeMessage {
  type: "welcome";
  protocol: typeof PROTOCOL_VERSION;
  server: string;
  epoch: string;
  symbols: string[];
  time: number;
}

/** Whether a symbol's source is delivering ("live") or has stopped ("stale": upstream down or quiet). */
export type SourceState = "live" | "stale";

/** Day stats and market state: added to snapshots, /symbols and /quote (v1 clients ignore them). */
export interface SessionFields extends DayStats {
  market: MarketState;
}

export interface SnapshotMessage extends Partial<SessionFields> {
  type: "snapshot";
  symbol: string;
  /** Seq of the newest tick the client now has (0 when the symbol has had no tick yet). */
  seq: number;
  /** True when `ticks` are exactly the ones after the requested `since`. */
  resumed: boolean;
  /** Reference price for change and percent. */
  open: number;
  /** Oldest first. */
  ticks: TickPoint[];
  /** The symbol's source state; absent means "live". */
  state?: SourceState;
  /** Why the symbol is stale, when it is. */
  reason?: string;
  /** Bar subscriptions: the interval, and the recent bars (oldest first; the last may be open). */
  interval?: Interval;
  bars?: Bar[];
}

export interface StatusMessage {
  type: "status";
  symbol: string;
  state: SourceState;
  reason?: string;
  /** Present when the market opened or closed, and on every status from a server with bars. */
  market?: MarketState;
}

/** A bar of a bar subscription: sent when it changed (conflated), and once more when it closes. */
export interface BarMessage {
  type: "bar";
  symbol: string;
  interval: Interval;
  bar: Bar;
  closed: boolean;
  /** Seq of the last tick in the bar (0 for bars from history). */
  seq: number;
}

export interface TickMessage extends Tick {
  type: "tick";
}

export interface UnsubscribedMessage {
  type: "unsubscribed";
  symbols: string[];
}

export interface PongMessage {
  type: "pong";
  id: number;
  time: number;
}

/** The connection now runs on the token of the last `auth` op. */
export interface AuthedMessage {
  type: "authed";
  /** When the new token expires, ms since the Unix epoch: the connection is closed with 4401 then. */
  expiresAt: number;
}

export interface ErrorMessage {
  type: "error";
  code: ErrorCode;
  message: string;
  /** The symbol, when the error is about exactly one. */
  symbol?: string;
  /** Every symbol of the request refused for this code (one error frame per code per request). */
  symbols?: string[];
}

export type ServerMessage =
  | WelcomeMessage
  | SnapshotMessage
  | TickMessage
  | BarMessage
  | UnsubscribedMessage
  | PongMessage
  | StatusMessage
  | AuthedMessage
  | ErrorMessage;

// ---------- parsing ----------

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Symbols arrive as an array of strings; validity of each symbol is judged later, one by one. */
function parseSymbolList(value: unknown): ParseResult<string[]> {
  if (!Array.isArray(value)) return fail('"symbols" must be an array of strings');
  if (value.length === 0) return fail('"symbols" must not be empty');
  for (const s of value) {
    if (typeof s !== "string") return fail('"symbols" must be an array of strings');
  }
  return { ok: true, value: value as string[] };
}

function isSeq(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function parseSince(value: unknown): ParseResult<Record<string, number>> {
  if (!isRecord(value)) return fail('"since" must be an object of symbol to seq');
  const since: Record<string, number> = {};
  for (const [symbol, seq] of Object.entries(value)) {
    if (!isSeq(seq)) return fail(`"since.${symbol.slice(0, 24)}" must be a non-negative integer`);
    since[symbol] = seq;
  }
  return { ok: true, value: since };
}

/** Narrows an already JSON-decoded value to a client message. */
export function parseClientMessage(data: unknown): ParseResult<ClientMessage> {
  if (!isRecord(data)) return fail("message must be a JSON object");
  const op = data.op;
  switch (op) {
    case "subscribe": {
      const symbols = parseSymbolList(data.symbols);
      if (!symbols.ok) return symbols;
      const msg: SubscribeOp = { op, symbols: symbols.value };
      if (data.epoch !== undefined) {
        if (typeof data.epoch !== "string" || data.epoch.length > 64) {
          return fail('"epoch" must be a string of at most 64 characters');
        }
        msg.epoch = data.epoch;
      }
      if (data.since !== undefined) {
        const since = parseSince(data.since);
        if (!since.ok) return since;
        msg.since = since.value;
      }
      if (data.bars !== undefined) {
        if (!isInterval(data.bars)) return fail('"bars" must be one of 1s, 1m, 5m, 15m, 1h, 1d');
        msg.bars = data.bars;
      }
      return { ok: true, value: msg };
    }
    case "unsubscribe": {
      const symbols = parseSymbolList(data.symbols);
      if (!symbols.ok) return symbols;
      return { ok: true, value: { op, symbols: symbols.value } };
    }
    case "ping": {
      if (typeof data.id !== "number" || !Number.isFinite(data.id)) {
        return fail('"id" must be a number');
      }
      return { ok: true, value: { op, id: data.id } };
    }
    case "auth": {
      if (typeof data.token !== "string" || data.token === "" || data.token.length > MAX_TOKEN_CHARS) {
        return fail(`"token" must be a non-empty string of at most ${MAX_TOKEN_CHARS} characters`);
      }
      return { ok: true, value: { op, token: data.token } };
    }
    default:
      return fail(
        typeof op === "string"
          ? `unknown op "${op.slice(0, 32)}"`
          : 'missing "op" (one of subscribe, unsubscribe, ping, auth)',
      );
  }
}

function decodeJson<T>(text: string, parse: (data: unknown) => ParseResult<T>): ParseResult<T> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail("frame is not valid JSON");
  }
  return parse(data);
}

/** Decodes a text frame and narrows it; the only entry point for untrusted client input. */
export function decodeClientFrame(text: string): ParseResult<ClientMessage> {
  return decodeJson(text, parseClientMessage);
}

function isTickPoint(value: unknown): value is TickPoint {
  return (
    isRecord(value) &&
    isSeq(value.seq) &&
    typeof value.price === "number" &&
    typeof value.size === "number" &&
    typeof value.ts === "number"
  );
}

export function isBar(value: unknown): value is Bar {
  return (
    isRecord(value) &&
    typeof value.t === "number" &&
    typeof value.o === "number" &&
    typeof value.h === "number" &&
    typeof value.l === "number" &&
    typeof value.c === "number" &&
    typeof value.v === "number" &&
    typeof value.n === "number"
  );
}

const isNumberOrNull = (v: unknown) => v === undefined || v === null || typeof v === "number";
const isMarket = (v: unknown) => v === undefined || v === "open" || v === "closed";

/** The additive session fields are optional; when present they must have their types. */
function sessionFieldsOk(data: Record<string, unknown>): boolean {
  return (
    isMarket(data.market) &&
    ["prevClose", "dayOpen", "high", "low", "change", "changePct"].every((k) => isNumberOrNull(data[k])) &&
    (data.volume === undefined || typeof data.volume === "number")
  );
}

/**
 * Narrows a frame from a feed server. Clients use it so that a broken or hostile server
 * cannot put wrongly typed data into their stores.
 */
export function parseServerMessage(data: unknown): ParseResult<ServerMessage> {
  if (!isRecord(data)) return fail("message must be a JSON object");
  const type = data.type;
  switch (type) {
    case "welcome":
      if (
        data.protocol !== PROTOCOL_VERSION ||
        typeof data.server !== "string" ||
        typeof data.epoch !== "string" ||
        !Array.isArray(data.symbols) ||
        !data.symbols.every((s) => typeof s === "string") ||
        typeof data.time !== "number"
      ) {
        return fail("malformed welcome");
      }
      return { ok: true, value: data as unknown as WelcomeMessage };
    case "snapshot":
      if (
        typeof data.symbol !== "string" ||
        !isSeq(data.seq) ||
        typeof data.resumed !== "boolean" ||
        typeof data.open !== "number" ||
        !Array.isArray(data.ticks) ||
        !data.ticks.every(isTickPoint) ||
        (data.state !== undefined && data.state !== "live" && data.state !== "stale") ||
        !sessionFieldsOk(data) ||
        (data.interval !== undefined && !isInterval(data.interval)) ||
        (data.bars !== undefined && (!Array.isArray(data.bars) || !data.bars.every(isBar)))
      ) {
        return fail("malformed snapshot");
      }
      return { ok: true, value: data as unknown as SnapshotMessage };
    case "tick":
      if (typeof data.symbol !== "string" || !isTickPoint(data)) return fail("malformed tick");
      return { ok: true, value: data as unknown as TickMessage };
    case "bar":
      if (typeof data.symbol !== "string" || !isInterval(data.interval) || !isBar(data.bar) || typeof data.closed !== "boolean" || !isSeq(data.seq)) {
        return fail("malformed bar");
      }
      return { ok: true, value: data as unknown as BarMessage };
    case "unsubscribed":
      if (!Array.isArray(data.symbols)) return fail("malformed unsubscribed");
      return { ok: true, value: data as unknown as UnsubscribedMessage };
    case "pong":
      if (typeof data.id !== "number" || typeof data.time !== "number") return fail("malformed pong");
      return { ok: true, value: data as unknown as PongMessage };
    case "status":
      if (typeof data.symbol !== "string" || (data.state !== "live" && data.state !== "stale") || !isMarket(data.market)) {
        return fail("malformed status");
      }
      return { ok: true, value: data as unknown as StatusMessage };
    case "authed":
      if (typeof data.expiresAt !== "number" || !Number.isFinite(data.expiresAt)) return fail("malformed authed");
      return { ok: true, value: { type, expiresAt: data.expiresAt } };
    case "error":
      if (typeof data.code !== "string" || typeof data.message !== "string") {
        return fail("malformed error");
      }
      if (data.symbols !== undefined && !(Array.isArray(data.symbols) && data.symbols.every((s) => typeof s === "string"))) {
        return fail("malformed error: symbols must be an array of strings");
      }
      return { ok: true, value: data as unknown as ErrorMessage };
    default:
      return fail(`unknown message type ${JSON.stringify(type)?.slice(0, 32)}`);
  }
}

export function decodeServerFrame(text: string): ParseResult<ServerMessage> {
  return decodeJson(text, parseServerMessage);
}
