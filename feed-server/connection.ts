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
  type SubscribeOp,
  type UnsubscribeOp,
} from "../lib/protocol";
import type { TokenCheck } from "../lib/feedToken";
import { type Admission, tokenKey, writeRefusal } from "./admission";
import { decideRenewal } from "./authOp";
import type { FeedConfig } from "./config";
import type { Metrics } from "./metrics";
import { TokenBucket } from "./rateLimiter";
import type { SymbolBook } from "./symbolBook";
import type { Timers } from "./tickSource";

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
  symbols: Set<string>;
  bucket: TokenBucket;
  /** Ops refused for rate within the current strike window. */
  strikes: number;
  strikeWindowStart: number;
  closed: boolean;
}

export type ClientSocket = Uws.WebSocket<ClientData>;

/** Refused ops tolerated within STRIKE_WINDOW_MS before the connection is closed with 1008. */
export const MAX_STRIKES = 20;
const STRIKE_WINDOW_MS = 10_000;

export interface ConnectionContext {
  config: FeedConfig;
  metrics: Metrics;
  now: () => number;
  serverName: string;
  book: () => SymbolBook;
  connections: Set<ClientSocket>;
  admission: Admission;
  timers: Timers;
  /** A symbol gained its first subscriber (true) or lost its last (false). */
  onDemand: (symbol: string, watched: boolean) => void;
  log: { warn(obj: object, msg: string): void; debug(obj: object, msg: string): void };
}

const decoder = new TextDecoder("utf-8", { fatal: true });

export function createWsBehavior(ctx: ConnectionContext): Uws.WebSocketBehavior<ClientData> {
  let nextId = 1;
  const { config, metrics } = ctx;

  function sendError(ws: ClientSocket, code: ErrorCode, message: string, symbol?: string): void {
    metrics.badRequests.inc({ code });
    const frame: { type: "error"; code: ErrorCode; message: string; symbol?: string } = { type: "error", code, message };
    if (symbol !== undefined) frame.symbol = symbol;
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
    for (const symbol of new Set(op.symbols)) {
      if (data.closed) return;
      if (!isValidSymbol(symbol)) {
        sendError(ws, ErrorCodes.BAD_REQUEST, `invalid symbol ${JSON.stringify(symbol.slice(0, 24))}`, symbol.slice(0, 24));
        continue;
      }
      if (data.allowed && !data.allowed.has(symbol)) {
        sendError(ws, ErrorCodes.UNAUTHORIZED, `your token does not allow ${symbol}`, symbol);
        continue;
      }
      if (!book.has(symbol)) {
        sendError(ws, ErrorCodes.UNKNOWN_SYMBOL, `unknown symbol ${symbol}`, symbol);
        continue;
      }
      if (!data.symbols.has(symbol) && data.symbols.size >= config.maxSymbols) {
        sendError(ws, ErrorCodes.LIMIT_EXCEEDED, `at most ${config.maxSymbols} symbols per connection`, symbol);
        continue;
      }
      // Snapshot and topic subscription happen in the same synchronous turn, so no tick can be
      // published between them: the first live tick is exactly snapshot.seq + 1.
      send(ws, book.snapshot({ symbol, epoch: op.epoch, since: op.since?.[symbol] }));
      if (!data.symbols.has(symbol)) {
        data.symbols.add(symbol);
        ws.subscribe(symbol);
      }
    }
  }

  function unsubscribe(ws: ClientSocket, op: UnsubscribeOp): void {
    const data = ws.getUserData();
    const done: string[] = [];
    for (const symbol of new Set(op.symbols)) {
      if (data.symbols.delete(symbol)) {
        ws.unsubscribe(symbol);
        done.push(symbol);
      }
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
        bucket: new TokenBucket(config.rateLimit, config.rateBurst, ctx.now),
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
      if (oldCount === 0 && newCount > 0) ctx.onDemand(Buffer.from(topic).toString(), true);
      else if (newCount === 0 && oldCount > 0) ctx.onDemand(Buffer.from(topic).toString(), false);
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
