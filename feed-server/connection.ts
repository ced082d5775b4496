/**
 * WebSocket behaviour for /ws: decoding client frames, subscribe/unsubscribe/ping, rate limits
 * and per-connection limits. Fan-out itself is not here: ticks go out through uWS topics
 * (server.ts), one topic per symbol, so this file never loops over clients.
 */
import type * as Uws from "uWebSockets.js";
import { CloseCodes, ErrorCodes, type ErrorCode } from "../lib/codes";
import {
  type AuthOp,
  type ClientMessage,
  decodeClientFrame,
  isValidSymbol,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  type ErrorMessage,
  type SubscribeOp,
  type UnsubscribeOp,
} from "../lib/protocol";
import type { TokenCheck } from "../lib/feedToken";
import { type Admission, tokenKey, writeRefusal } from "./admission";
import type { Interval } from "../lib/bars/types";
import { barTopic } from "./bars/barFrames";
import type { BarService } from "./bars/barService";
import { decideRenewal } from "./authOp";
import type { FeedConfig } from "./config";
import type { Metrics } from "./metrics";
import { TokenBucket } from "./rateLimiter";
import type { SnapshotRequest, SymbolBook } from "./symbolBook";
import type { Timers } from "./tickSource";
import { createTopicDemand } from "./topicDemand";

export interface ClientData {
  id: number;
  ip: string;
  origin: string;
  /** The token check, when the server requires tokens. */
  token: TokenCheck | undefined;
  /** Symbols the token allows; undefined = any. */
  allowed: Set<string> | undefined;
  /** The token's per-token connection slot (admission.ts), once taken at open; released at close. */
  tokenSlot: string | undefined;
  expiryTimer: unknown;
  /**
   * While an `auth` op's token is being verified (asynchronously), the ops that arrive after it
   * wait here, so they are handled in order and under the token that was decided; undefined
   * otherwise. Bounded by the rate limit: every op in it was admitted by the bucket.
   */
  heldOps: ClientMessage[] | undefined;
  /** Every subscribed symbol, whether for ticks or for bars. */
  symbols: Set<string>;
  /** Symbols subscribed for bars, with their interval (the others get ticks). */
  barSubs: Map<string, Interval>;
  bucket: TokenBucket;
  /** Snapshot bytes this connection may still draw (FEED_SNAPSHOT_BUDGET per second). */
  snapshotBudget: TokenBucket;
  /** Ops refused for rate within the current strike window. */
  strikes: number;
  strikeWindowStart: number;
  closed: boolean;
}

export type ClientSocket = Uws.WebSocket<ClientData>;

/** Refused ops tolerated within STRIKE_WINDOW_MS before the connection is closed with 1008. */
export const MAX_STRIKES = 20;
const STRIKE_WINDOW_MS = 10_000;
/** Seconds of FEED_SNAPSHOT_BUDGET a connection can save up, for one large subscribe. */
const SNAPSHOT_BUDGET_SECONDS = 16;
/** Symbols an error message names before "and N more" (the `symbols` field lists them all). */
const NAMED_IN_MESSAGE = 10;

/** Symbols of one request refused, grouped by error code in the order first seen. */
class Refusals {
  readonly byCode = new Map<ErrorCode, string[]>();
  add(code: ErrorCode, symbol: string): void {
    const list = this.byCode.get(code);
    if (list) list.push(symbol);
    else this.byCode.set(code, [symbol]);
  }
}

function refusalMessage(code: ErrorCode, symbols: readonly string[], maxSymbols: number): string {
  const one = symbols.length === 1;
  const quote = code === ErrorCodes.BAD_REQUEST ? (s: string) => JSON.stringify(s) : (s: string) => s;
  const rest = symbols.length > NAMED_IN_MESSAGE ? ` and ${symbols.length - NAMED_IN_MESSAGE} more` : "";
  const named = symbols.slice(0, NAMED_IN_MESSAGE).map(quote).join(", ") + rest;
  switch (code) {
    case ErrorCodes.BAD_REQUEST:
      return one ? `invalid symbol ${named}` : `${symbols.length} invalid symbols: ${named}`;
    case ErrorCodes.UNAUTHORIZED:
      return one ? `your token does not allow ${named}` : `your token does not allow ${symbols.length} symbols: ${named}`;
    case ErrorCodes.UNKNOWN_SYMBOL:
      return one ? `unknown symbol ${named}` : `${symbols.length} unknown symbols: ${named}`;
    case ErrorCodes.LIMIT_EXCEEDED:
      return `at most ${maxSymbols} symbols per connection; not subscribed: ${named}`;
    case ErrorCodes.RATE_LIMITED:
      return `rate limited: ${named}`;
    case ErrorCodes.TOKEN_REFUSED:
      return `token refused for ${named}`;
    default: {
      const unreachable: never = code;
      throw new Error(`unhandled error code ${String(unreachable)}`);
    }
  }
}

export interface ConnectionContext {
  config: FeedConfig;
  metrics: Metrics;
  now: () => number;
  serverName: string;
  book: () => SymbolBook;
  bars: () => BarService;
  connections: Set<ClientSocket>;
  admission: Admission;
  timers: Timers;
  /**
   * Publishes the symbol's frames still waiting in the flush queue (FEED_FLUSH_MS). Called before
   * a snapshot is built: the book already holds those ticks, so a new subscriber must not get
   * them again as live ticks, and the existing ones must get them before any later tick.
   */
  flushSymbol: (symbol: string) => void;
  /** A symbol gained its first subscriber (true) or lost its last (false). */
  onDemand: (symbol: string, watched: boolean) => void;
  log: { warn(obj: object, msg: string): void; debug(obj: object, msg: string): void };
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** The topic a connection's subscription to a symbol lives on: the symbol (ticks) or its bar topic. */
function topicOf(data: ClientData, symbol: string): string {
  const interval = data.barSubs.get(symbol);
  return interval === undefined ? symbol : barTopic(symbol, interval);
}

export function createWsBehavior(ctx: ConnectionContext): Uws.WebSocketBehavior<ClientData> {
  let nextId = 1;
  const { config, metrics } = ctx;
  const topicDemand = createTopicDemand({
    onDemand: (symbol, watched) => ctx.onDemand(symbol, watched),
    onBarTopic: (symbol, interval, watched) => ctx.bars().watch(symbol, interval, watched),
  });

  function sendError(ws: ClientSocket, code: ErrorCode, message: string, symbols?: readonly string[]): void {
    metrics.badRequests.inc({ code });
    const frame: ErrorMessage = { type: "error", code, message };
    if (symbols?.length === 1) frame.symbol = symbols[0];
    if (symbols !== undefined) frame.symbols = [...symbols];
    send(ws, JSON.stringify(frame));
  }

  /** Direct sends share the publish path's rule: over the limit means disconnect, never a silent drop. */
  function send(ws: ClientSocket, frame: string): void {
    const result = ws.send(frame, false, false);
    metrics.messagesSent.inc();
    if (result === 2) {
      metrics.slowConsumers.inc();
      endClient(ws, CloseCodes.SLOW_CONSUMER);
    }
  }

  function subscribe(ws: ClientSocket, op: SubscribeOp): void {
    const data = ws.getUserData();
    const book = ctx.book();
    const bars = ctx.bars();
    // Refusals are collected and answered with one error frame per code, so a request naming
    // 1,500 unknown symbols costs one frame, not 1,500.
    const refused = new Refusals();
    for (const symbol of new Set(op.symbols)) {
      if (data.closed) return;
      if (!isValidSymbol(symbol)) {
        refused.add(ErrorCodes.BAD_REQUEST, symbol.slice(0, 24));
        continue;
      }
      if (data.allowed && !data.allowed.has(symbol)) {
        refused.add(ErrorCodes.UNAUTHORIZED, symbol);
        continue;
      }
      if (!book.has(symbol)) {
        refused.add(ErrorCodes.UNKNOWN_SYMBOL, symbol);
        continue;
      }
      if (!data.symbols.has(symbol) && data.symbols.size >= config.maxSymbols) {
        refused.add(ErrorCodes.LIMIT_EXCEEDED, symbol);
        continue;
      }
      // Snapshot and topic subscription happen in the same synchronous turn, so no tick can be
      // published between them: the first live tick is exactly snapshot.seq + 1. Frames still
      // waiting in the flush queue go to the current subscribers first, as the book holds them.
      const session = bars.sessionFragment(symbol);
      const interval = op.bars;
      const since = op.since?.[symbol];
      if (interval === undefined) {
        ctx.flushSymbol(symbol);
        send(ws, snapshotWithinBudget(data, { symbol, epoch: op.epoch, since }, session));
      } else {
        ctx.flushSymbol(barTopic(symbol, interval));
        const seq = book.summary(symbol)?.seq ?? 0;
        const req = { symbol, interval, seq, sameEpoch: op.epoch === book.epoch, since };
        const snap = bars.snapshotBars(req);
        let frame = book.tickless(symbol, snap.resumed, snap.fragment + session);
        if (!data.snapshotBudget.take(frame.length)) {
          metrics.snapshotsTrimmed.inc();
          const one = bars.snapshotBars({ ...req, since: undefined, limit: 1 });
          frame = book.tickless(symbol, one.resumed, one.fragment + session);
        }
        send(ws, frame);
      }
      // Switching between ticks and bars (or intervals): the new topic first, so demand never drops to zero.
      const before = data.symbols.has(symbol) ? topicOf(data, symbol) : undefined;
      data.symbols.add(symbol);
      if (interval === undefined) data.barSubs.delete(symbol);
      else data.barSubs.set(symbol, interval);
      const after = topicOf(data, symbol);
      if (before !== after) {
        ws.subscribe(after);
        if (before !== undefined) ws.unsubscribe(before);
      }
    }
    for (const [code, symbols] of refused.byCode) {
      if (data.closed) return;
      sendError(ws, code, refusalMessage(code, symbols, config.maxSymbols), symbols);
    }
  }

  /**
   * A snapshot, charged to the connection's byte budget. Over budget, the client still gets a
   * correct snapshot (seq, state) with only the newest tick, so re-subscribing in a loop cannot
   * turn a few bytes in into megabytes out.
   */
  function snapshotWithinBudget(data: ClientData, req: SnapshotRequest, session: string): string {
    const book = ctx.book();
    const full = book.snapshot(req, session);
    if (data.snapshotBudget.take(full.length)) return full;
    metrics.snapshotsTrimmed.inc();
    return book.snapshot({ symbol: req.symbol, maxTicks: 1 }, session);
  }

  function unsubscribe(ws: ClientSocket, op: UnsubscribeOp): void {
    const data = ws.getUserData();
    const done: string[] = [];
    for (const symbol of new Set(op.symbols)) {
      if (!data.symbols.has(symbol)) continue;
      ws.unsubscribe(topicOf(data, symbol));
      data.symbols.delete(symbol);
      data.barSubs.delete(symbol);
      done.push(symbol);
    }
    send(ws, JSON.stringify({ type: "unsubscribed", symbols: done }));
  }

  /** A token's expiry ends its connection; the client fetches a new token and resumes. */
  function scheduleExpiry(ws: ClientSocket, expiresAt: number): void {
    const data = ws.getUserData();
    // Node timers cap at about 24.8 days; a longer token re-arms when the first timer fires.
    const delay = Math.min(expiresAt - ctx.now(), 2 ** 31 - 1);
    data.expiryTimer = ctx.timers.setTimeout(() => {
      data.expiryTimer = undefined;
      if (ctx.now() < expiresAt) return scheduleExpiry(ws, expiresAt);
      endClient(ws, { code: CloseCodes.UNAUTHORIZED.code, reason: `${CloseCodes.UNAUTHORIZED.reason}: token expired` });
    }, Math.max(0, delay));
  }

  /** The `auth` op (authOp.ts): verify the new token, then move expiry, symbols and slot to it. */
  function authenticate(ws: ClientSocket, op: AuthOp): void {
    const data = ws.getUserData();
    const verify = ctx.admission.verify;
    if (!verify) return sendError(ws, ErrorCodes.TOKEN_REFUSED, "token refused: this server does not use tokens");
    data.heldOps = [];
    void verify(op.token, data.origin).then((check) => {
      if (data.closed) return;
      try {
        ws.cork(() => {
          const renewal = decideRenewal(op.token, check, data.symbols, data.tokenSlot, ctx.admission);
          if (renewal.ok) {
            data.token = renewal.check;
            data.allowed = renewal.allowed;
            data.tokenSlot = renewal.tokenSlot;
            if (data.expiryTimer !== undefined) ctx.timers.clearTimeout(data.expiryTimer);
            const expiresAt = renewal.check.claims.exp * 1000;
            scheduleExpiry(ws, expiresAt);
            send(ws, `{"type":"authed","expiresAt":${expiresAt}}`);
          } else {
            sendError(ws, ErrorCodes.TOKEN_REFUSED, `token refused: ${renewal.reason}`);
          }
          releaseHeldOps(ws);
        });
      } catch (err) {
        // As in message(): a bug costs one request, not the process (here an unhandled rejection).
        ctx.log.warn({ err, client: data.id }, "error handling an auth op");
        data.heldOps = undefined;
        if (!data.closed) sendError(ws, ErrorCodes.BAD_REQUEST, "request could not be handled");
      }
    });
  }

  /** Handles the ops that waited for an auth op, in order, until one of them is an auth op again. */
  function releaseHeldOps(ws: ClientSocket): void {
    const data = ws.getUserData();
    const held = data.heldOps ?? [];
    data.heldOps = undefined;
    for (let i = 0; i < held.length; i++) {
      if (data.closed) return;
      dispatch(ws, held[i]!);
      const waitingAgain = ws.getUserData().heldOps; // set again when that op was an auth op
      if (waitingAgain) {
        waitingAgain.push(...held.slice(i + 1));
        return;
      }
    }
  }

  /** False when the op must be refused; closes the connection when refusals keep coming. */
  function admit(ws: ClientSocket): boolean {
    const data = ws.getUserData();
    if (data.bucket.take()) return true;
    const now = ctx.now();
    if (now - data.strikeWindowStart > STRIKE_WINDOW_MS) {
      data.strikeWindowStart = now;
      data.strikes = 0;
    }
    data.strikes++;
    if (data.strikes > MAX_STRIKES) {
      metrics.badRequests.inc({ code: "POLICY_CLOSE" });
      endClient(ws, CloseCodes.POLICY_VIOLATION);
    } else {
      sendError(ws, ErrorCodes.RATE_LIMITED, `too many messages: at most ${config.rateLimit}/s, bursts of ${config.rateBurst}`);
    }
    return false;
  }

  function handle(ws: ClientSocket, message: ArrayBuffer, isBinary: boolean): void {
    if (ws.getUserData().closed) return;
    if (message.byteLength > MAX_FRAME_BYTES) {
      metrics.badRequests.inc({ code: "TOO_BIG" });
      return endClient(ws, CloseCodes.MESSAGE_TOO_BIG);
    }
    if (!admit(ws)) return;
    if (isBinary) return sendError(ws, ErrorCodes.BAD_REQUEST, "binary frames are not supported; send JSON text");
    let text: string;
    try {
      text = decoder.decode(message);
    } catch {
      return sendError(ws, ErrorCodes.BAD_REQUEST, "frame is not valid UTF-8");
    }
    const parsed = decodeClientFrame(text);
    if (!parsed.ok) return sendError(ws, ErrorCodes.BAD_REQUEST, parsed.error);
    dispatch(ws, parsed.value);
  }

  function dispatch(ws: ClientSocket, op: ClientMessage): void {
    const held = ws.getUserData().heldOps;
    if (held) {
      held.push(op);
      return;
    }
    switch (op.op) {
      case "subscribe":
        return subscribe(ws, op);
      case "unsubscribe":
        return unsubscribe(ws, op);
      case "ping":
        return send(ws, `{"type":"pong","id":${op.id},"time":${ctx.now()}}`);
      case "auth":
        return authenticate(ws, op);
      default: {
        const unreachable: never = op;
        throw new Error(`unhandled op ${JSON.stringify(unreachable)}`);
      }
    }
  }

  return {
    compression: 0, // DISABLED: ticks are small, and per-message deflate costs more CPU than it saves
    // uWS drops the TCP connection without a close frame when a frame passes its limit, so its
    // limit sits above ours and handle() closes frames over MAX_FRAME_BYTES with 1009 and a reason.
    maxPayloadLength: 4 * MAX_FRAME_BYTES,
    idleTimeout: config.idleTimeout,
    maxBackpressure: config.maxBackpressure * 2, // hard ceiling; the sweep in server.ts acts at 1x with a close reason
    closeOnBackpressureLimit: true,
    sendPingsAutomatically: true,
    maxLifetime: 0,
    upgrade(res, req, context) {
      // Request data is only valid until this handler returns or awaits: copy it first.
      const origin = req.getHeader("origin");
      const key = req.getHeader("sec-websocket-key");
      const protocol = req.getHeader("sec-websocket-protocol");
      const extensions = req.getHeader("sec-websocket-extensions");
      const token = req.getQuery("token") ?? "";
      const ip = ctx.admission.clientAddress(Buffer.from(res.getRemoteAddressAsText()).toString(), req.getHeader("x-forwarded-for"));
      const refusal = ctx.admission.refuse(origin, ip, ctx.connections.size);
      if (refusal) {
        metrics.refusedUpgrades.inc({ status: refusal.status.slice(0, 3) });
        return writeRefusal(res, refusal);
      }
      const data: ClientData = {
        id: nextId++,
        ip,
        origin,
        token: undefined,
        allowed: undefined,
        tokenSlot: undefined,
        expiryTimer: undefined,
        heldOps: undefined,
        symbols: new Set(),
        barSubs: new Map(),
        bucket: new TokenBucket(config.rateLimit, config.rateBurst, ctx.now),
        snapshotBudget: new TokenBucket(config.snapshotBudget, config.snapshotBudget * SNAPSHOT_BUDGET_SECONDS, ctx.now),
        strikes: 0,
        strikeWindowStart: ctx.now(),
        closed: false,
      };
      const verify = ctx.admission.verify;
      if (!verify) return res.upgrade(data, key, protocol, extensions, context);
      let aborted = false;
      res.onAborted(() => {
        aborted = true;
      });
      void verify(token, origin).then((check) => {
        if (aborted) return;
        data.token = check;
        if (check.ok && check.claims.symbols) data.allowed = new Set(check.claims.symbols);
        if (check.ok) data.tokenSlot = tokenKey(token, check);
        res.cork(() => res.upgrade(data, key, protocol, extensions, context));
      });
    },
    open(ws) {
      const data = ws.getUserData();
      if (data.token && !data.token.ok) {
        metrics.badRequests.inc({ code: "UNAUTHORIZED" });
        return endClient(ws, { code: CloseCodes.UNAUTHORIZED.code, reason: `${CloseCodes.UNAUTHORIZED.reason}: ${data.token.reason}` });
      }
      const refused = ctx.admission.admitOpen(data.tokenSlot, ctx.connections.size);
      if (refused) {
        if (refused.kind === "full") metrics.refusedUpgrades.inc({ status: "503" });
        else metrics.badRequests.inc({ code: "TOKEN_CONNECTIONS" });
        data.tokenSlot = undefined; // never held: nothing to release at close
        return endClient(ws, refused.close);
      }
      if (data.token?.ok) scheduleExpiry(ws, data.token.claims.exp * 1000);
      ctx.connections.add(ws);
      metrics.connections.inc();
      metrics.connectionsTotal.inc();
      const book = ctx.book();
      send(
        ws,
        JSON.stringify({
          type: "welcome",
          protocol: PROTOCOL_VERSION,
          server: ctx.serverName,
          epoch: book.epoch,
          symbols: book.symbols(),
          time: ctx.now(),
        }),
      );
    },
    message(ws, message, isBinary) {
      try {
        ws.cork(() => handle(ws, message, isBinary));
      } catch (err) {
        // A bug must cost one request, not the process or anyone else's ticks.
        ctx.log.warn({ err, client: ws.getUserData().id }, "error handling client frame");
        if (!ws.getUserData().closed) sendError(ws, ErrorCodes.BAD_REQUEST, "request could not be handled");
      }
    },
    subscription(_ws, topic, newCount, oldCount) {
      topicDemand(Buffer.from(topic).toString(), newCount, oldCount);
    },
    close(ws, code) {
      const data = ws.getUserData();
      data.closed = true;
      if (data.expiryTimer !== undefined) ctx.timers.clearTimeout(data.expiryTimer);
      if (data.tokenSlot !== undefined) ctx.admission.releaseToken(data.tokenSlot);
      if (!ctx.connections.delete(ws)) return; // refused at open: never counted as a connection
      metrics.connections.dec();
      metrics.closes.inc({ code: String(code) });
      ctx.log.debug({ client: data.id, code }, "client closed");
    },
  };
}

/** The one way the server ends a client: a close frame with a named code, at most once. */
export function endClient(ws: ClientSocket, c: { code: number; reason: string }): void {
  const data = ws.getUserData();
  if (data.closed) return;
  data.closed = true;
  ws.end(c.code, c.reason);
}

/** Closes a connection whose buffered data passed the limit; returns true when it did. */
export function closeIfSlow(ws: ClientSocket, limit: number, metrics: Metrics): boolean {
  if (ws.getUserData().closed || ws.getBufferedAmount() <= limit) return false;
  metrics.slowConsumers.inc();
  endClient(ws, CloseCodes.SLOW_CONSUMER);
  return true;
}
