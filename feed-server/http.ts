/**
 * HTTP endpoints beside /ws: health, Prometheus metrics, symbol list and history.
 * uWS rule: a response answered later (here: /metrics) must register onAborted and write inside cork.
 */
import type * as Uws from "uWebSockets.js";
import type { FeedConfig } from "./config";
import type { Metrics } from "./metrics";
import type { SymbolBook } from "./symbolBook";
import type { TickSource } from "./tickSource";
import type { UwsBuildInfo } from "./uwsChooser";

export interface HttpContext {
  config: FeedConfig;
  metrics: Metrics;
  book: () => SymbolBook;
  source: TickSource;
  connections: () => number;
  startedAt: number;
  now: () => number;
  serverName: string;
  /** The uWebSockets.js build in use (uwsChooser.ts), shown in /health. */
  uwsBuild: UwsBuildInfo;
}

const STATUS = { 200: "200 OK", 204: "204 No Content", 400: "400 Bad Request", 404: "404 Not Found" } as const;

function cors(res: Uws.HttpResponse, origin: string): Uws.HttpResponse {
  return res.writeHeader("Access-Control-Allow-Origin", origin).writeHeader("Vary", "Origin");
}

function json(res: Uws.HttpResponse, origin: string, status: keyof typeof STATUS, body: unknown): void {
  res.cork(() => {
    res.writeStatus(STATUS[status]);
    cors(res, origin)
      .writeHeader("Content-Type", "application/json; charset=utf-8")
      .writeHeader("Cache-Control", "no-store")
      .end(JSON.stringify(body));
  });
}

export function registerHttpRoutes(app: Uws.TemplatedApp, ctx: HttpContext): void {
  const origin = ctx.config.corsOrigin;

  app.get("/health", (res) => {
    json(res, origin, 200, {
      status: "ok",
      server: ctx.serverName,
      uws: ctx.uwsBuild,
      uptime: Math.round((ctx.now() - ctx.startedAt) / 1000),
      connections: ctx.connections(),
      epoch: ctx.book().epoch,
      source: {
        kind: ctx.source.kind,
        state: ctx.source.running ? "running" : "stopped",
        symbols: ctx.book().symbols().length,
        ...ctx.source.health?.(),
      },
    });
  });

  app.get("/metrics", (res) => {
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    void ctx.metrics.registry.metrics().then((text) => {
      if (aborted) return;
      res.cork(() => {
        res.writeStatus(STATUS[200]).writeHeader("Content-Type", ctx.metrics.registry.contentType).end(text);
      });
    });
  });

  app.get("/symbols", (res) => {
    const book = ctx.book();
    json(res, origin, 200, book.symbols().map((s) => book.summary(s)));
  });

  app.get("/history/:symbol", (res, req) => {
    let symbol: string;
    try {
      symbol = decodeURIComponent(req.getParameter(0) ?? "").toUpperCase();
    } catch {
      return json(res, origin, 400, { error: "BAD_REQUEST", message: "symbol is not valid URL encoding" });
    }
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
    json(res, origin, 404, { error: "NOT_FOUND", message: `no route for ${req.getMethod().toUpperCase()} ${req.getUrl().slice(0, 100)}` });
  });
}
