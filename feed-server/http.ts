/**
 * HTTP endpoints beside /ws: health, Prometheus metrics, symbol list and history.
 * uWS rule: a response answered later (here: /metrics) must register onAborted and write inside cork.
 * uWS routes HEAD only to head() handlers, so /health registers one explicitly.
 */
import type * as Uws from "uWebSockets.js";
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

export function registerHttpRoutes(app: Uws.TemplatedApp, ctx: HttpContext): void {
  const origin = ctx.config.corsOrigin;

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
    const method = req.getMethod().toUpperCase();
    json(res, origin, 404, { error: "NOT_FOUND", message: `no route for ${method} ${req.getUrl().slice(0, 100)}` }, method === "HEAD");
  });
}
