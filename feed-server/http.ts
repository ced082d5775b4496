/**
 * HTTP endpoints beside /ws: health, Prometheus metrics, symbol list, quotes, tick history and
 * bars (docs/protocol.md).
 * uWS rule: a response answered later (here: /metrics) must register onAborted and write inside cork.
 * uWS routes HEAD only to head() handlers, so /health registers one explicitly.
 */
import type * as Uws from "uWebSockets.js";
import { INTERVALS, isInterval } from "../lib/bars/types";
import { symbolInfo } from "../lib/universe";
import type { BarService } from "./bars/barService";
import type { FeedConfig } from "./config";
import { assessHealth } from "./healthStatus";
import type { Metrics } from "./metrics";
import type { SymbolBook } from "./symbolBook";
import type { TickSource } from "./tickSource";
import type { UwsBuildInfo } from "./uwsChooser";

export interface HttpContext {
  config: FeedConfig;
  metrics: Metrics;
  book: () => SymbolBook;
  bars: () => BarService;
  source: TickSource;
  connections: () => number;
  startedAt: number;
  now: () => number;
  serverName: string;
  /** The uWebSockets.js build in use (uwsChooser.ts), shown in /health. */
  uwsBuild: UwsBuildInfo;
}

const STATUS = {
  200: "200 OK",
  204: "204 No Content",
  400: "400 Bad Request",
  404: "404 Not Found",
  503: "503 Service Unavailable",
} as const;

function cors(res: Uws.HttpResponse, origin: string): Uws.HttpResponse {
  return res.writeHeader("Access-Control-Allow-Origin", origin).writeHeader("Vary", "Origin");
}

/**
 * Answers with a JSON body; for HEAD, the same status and headers without the body. (v20.30's
 * endWithoutBody refuses a reported length, so HEAD answers carry no Content-Length.)
 */
function json(res: Uws.HttpResponse, origin: string, status: keyof typeof STATUS, body: unknown, head = false): void {
  const text = JSON.stringify(body);
  res.cork(() => {
    res.writeStatus(STATUS[status]);
    cors(res, origin).writeHeader("Content-Type", "application/json; charset=utf-8").writeHeader("Cache-Control", "no-store");
    if (head) res.endWithoutBody();
    else res.end(text);
  });
}

/** GET /bars limits, as Binance's klines: 500 by default, 5000 at most. */
export const BARS_DEFAULT_LIMIT = 500;
export const BARS_MAX_LIMIT = 5000;

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The path symbol, decoded and upper-cased. */
function pathSymbol(req: Uws.HttpRequest): Parsed<string> {
  try {
    return { ok: true, value: decodeURIComponent(req.getParameter(0) ?? "").toUpperCase() };
  } catch {
    return { ok: false, message: "symbol is not valid URL encoding" };
  }
}

/** An optional non-negative integer query parameter (ms times, limits). */
function queryInt(req: Uws.HttpRequest, name: string): Parsed<number | undefined> {
  const raw = req.getQuery(name);
  if (raw === undefined || raw === "") return { ok: true, value: undefined };
  if (!/^\d{1,16}$/.test(raw)) return { ok: false, message: `${name} must be a non-negative integer${name === "limit" ? "" : " (ms since the Unix epoch)"}, got ${JSON.stringify(raw.slice(0, 24))}` };
  return { ok: true, value: Number(raw) };
}

export function registerHttpRoutes(app: Uws.TemplatedApp, ctx: HttpContext): void {
  const origin = ctx.config.corsOrigin;
  const badRequest = (res: Uws.HttpResponse, message: string) => json(res, origin, 400, { error: "BAD_REQUEST", message });
  const unknown = (res: Uws.HttpResponse, symbol: string) => json(res, origin, 404, { error: "UNKNOWN_SYMBOL", message: `unknown symbol ${symbol.slice(0, 24)}` });

  /** One symbol's line in /symbols and the body of /quote: last trade, day stats, market, kind. */
  function quote(symbol: string): Record<string, unknown> {
    const summary = ctx.book().summary(symbol);
    // No tick held (a NATS edge nobody watches this symbol on, or before the first tick): the
    // newest bar's close is the last price known, rather than the session open.
    const lastClose = summary && summary.seq === 0 ? ctx.bars().lastPrice(symbol) : undefined;
    return { ...summary, ...(lastClose !== undefined ? { price: lastClose } : {}), ...ctx.bars().quote(symbol), sector: symbolInfo(symbol).sector };
  }

  const health = (res: Uws.HttpResponse, head: boolean) => {
    const book = ctx.book();
    const sourceHealth = ctx.source.health?.();
    const verdict = assessHealth({
      sourceRunning: ctx.source.running,
      symbols: book.symbols().map((symbol) => ({ symbol, state: book.summary(symbol)?.state ?? "live" })),
      source: sourceHealth,
    });
    const body = {
      status: verdict.status,
      reasons: verdict.reasons,
      server: ctx.serverName,
      uws: ctx.uwsBuild,
      uptime: Math.round((ctx.now() - ctx.startedAt) / 1000),
      connections: ctx.connections(),
      epoch: book.epoch,
      source: {
        kind: ctx.source.kind,
        state: ctx.source.running ? "running" : "stopped",
        symbols: book.symbols().length,
        ...sourceHealth,
      },
    };
    json(res, origin, verdict.status === "down" ? 503 : 200, body, head);
  };
  app.get("/health", (res) => health(res, false));
  app.head("/health", (res) => health(res, true));

  app.get("/metrics", (res) => {
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    void ctx.metrics.registry.metrics().then((text) => {
      if (aborted) return;
      res.cork(() => {
        res.writeStatus(STATUS[200]);
        cors(res, origin).writeHeader("Content-Type", ctx.metrics.registry.contentType).end(text);
      });
    });
  });

  app.get("/symbols", (res) => {
    json(res, origin, 200, ctx.book().symbols().map(quote));
  });

  app.get("/quote/:symbol", (res, req) => {
    const symbol = pathSymbol(req);
    if (!symbol.ok) return badRequest(res, symbol.message);
    if (!ctx.book().has(symbol.value)) return unknown(res, symbol.value);
    json(res, origin, 200, quote(symbol.value));
  });

  app.get("/bars/:symbol", (res, req) => {
    const symbol = pathSymbol(req);
    if (!symbol.ok) return badRequest(res, symbol.message);
    const interval = req.getQuery("interval");
    if (!isInterval(interval)) {
      const got = interval ? `, got ${JSON.stringify(interval.slice(0, 24))}` : " (it is required)";
      return badRequest(res, `interval must be one of ${INTERVALS.join(", ")}${got}`);
    }
    const from = queryInt(req, "from");
    if (!from.ok) return badRequest(res, from.message);
    const to = queryInt(req, "to");
    if (!to.ok) return badRequest(res, to.message);
    const limit = queryInt(req, "limit");
    if (!limit.ok) return badRequest(res, limit.message);
    const n = limit.value ?? BARS_DEFAULT_LIMIT;
    if (n < 1 || n > BARS_MAX_LIMIT) return badRequest(res, `limit must be from 1 to ${BARS_MAX_LIMIT}, got ${n}`);
    if (from.value !== undefined && to.value !== undefined && to.value <= from.value) {
      return badRequest(res, `the range is empty or inverted: from ${from.value} is not before to ${to.value}`);
    }
    if (!ctx.book().has(symbol.value)) return unknown(res, symbol.value);
    const page = ctx.bars().book.page(symbol.value, interval, { from: from.value, to: to.value, limit: n });
    const bars: object[] = page.bars;
    if (page.partial) bars[bars.length - 1] = { ...page.bars[page.bars.length - 1], partial: true };
    json(res, origin, 200, { symbol: symbol.value, interval, bars, next: page.next });
  });

  app.get("/history/:symbol", (res, req) => {
    const parsed = pathSymbol(req);
    if (!parsed.ok) return badRequest(res, parsed.message);
    const symbol = parsed.value;
    const book = ctx.book();
    const rawLimit = req.getQuery("limit");
    const limit = rawLimit === undefined || rawLimit === "" ? 100 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > book.capacity) {
      return json(res, origin, 400, { error: "BAD_REQUEST", message: `limit must be an integer from 1 to ${book.capacity}` });
    }
    if (!book.has(symbol)) {
      return json(res, origin, 404, { error: "UNKNOWN_SYMBOL", message: `unknown symbol ${symbol.slice(0, 24)}` });
    }
    json(res, origin, 200, { symbol, epoch: book.epoch, ticks: book.history(symbol, limit) });
  });

  app.options("/*", (res) => {
    res.cork(() => {
      res.writeStatus(STATUS[204]);
      cors(res, origin)
        .writeHeader("Access-Control-Allow-Methods", "GET, OPTIONS")
        .writeHeader("Access-Control-Max-Age", "600")
        .end();
    });
  });

  app.any("/*", (res, req) => {
    const method = req.getMethod().toUpperCase();
    json(res, origin, 404, { error: "NOT_FOUND", message: `no route for ${method} ${req.getUrl().slice(0, 100)}` }, method === "HEAD");
  });
}
