/**
 * The feed server: one uWS app serving /ws and HTTP, fed by one tick source.
 * Lifecycle is explicit (start/stop), port 0 picks a free port, and nothing here installs
 * signal handlers: main.ts does that for the command-line entry point only.
 */
import { randomBytes } from "node:crypto";
import pino, { type Logger } from "pino";
import type * as Uws from "uWebSockets.js";
import type { Tick } from "../lib/protocol";
import type { FeedConfig } from "./config";
import { type ClientSocket, closeIfSlow, createWsBehavior, endClient } from "./connection";
import { CloseCodes } from "../lib/codes";
import { createAdmission } from "./admission";
import { FlushQueue } from "./flushQueue";
import type { BarStore } from "./bars/barStore";
import { BarService } from "./bars/barService";
import { registerHttpRoutes } from "./http";
import { createMetrics, type Metrics } from "./metrics";
import { SymbolBook } from "./symbolBook";
import { createSource } from "./createSource";
import { realTimers, type SourceSink, type Timers, type TickSource } from "./tickSource";
import { listenExclusive, loadUws, PortInUseError } from "./uwsBinding";
import { SERVER_NAME } from "./version";

export interface FeedServerDeps {
  now?: () => number;
  timers?: Timers;
  logger?: Logger;
  /** Defaults to the source the config names (FEED_SOURCE). */
  source?: TickSource;
  /** Randomness for reconnect jitter of relays. Default Math.random. */
  random?: () => number;
  /** Names a numbering of seqs; must differ on every start, even with a fixed seed. */
  epochId?: () => string;
  /** How often send buffers are checked against FEED_MAX_BACKPRESSURE. Default 100 ms. */
  backpressureSweepMs?: number;
  /**
   * A durable bar store (SQLite under FEED_DATA_DIR, JetStream). The server loads bars from it at
   * start, queues closed bars as they close, and every FEED_BAR_FLUSH_MS (and at stop) adds the open
   * bars and flushes it. The caller opens and closes it (main.ts: bars/openBarStore.ts).
   */
  barStore?: BarStore;
}

export interface FeedServer {
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
  readonly port: number | undefined;
  readonly metrics: Metrics;
  readonly epoch: string | undefined;
  /** The server's bars (undefined before start). */
  readonly bars: BarService | undefined;
}

const defaultEpochId = () => `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;

export function createFeedServer(config: FeedConfig, deps: FeedServerDeps = {}): FeedServer {
  const now = deps.now ?? Date.now;
  const timers = deps.timers ?? realTimers;
  const log = deps.logger ?? pino({ level: config.logLevel, base: { svc: "feed" } });
  const epochId = deps.epochId ?? defaultEpochId;
  const sweepMs = deps.backpressureSweepMs ?? 100;

  const connections = new Set<ClientSocket>();
  let book: SymbolBook | undefined;
  let bars: BarService | undefined;
  let app: Uws.TemplatedApp | undefined;
  let uws: typeof Uws | undefined;
  let listenSocket: Uws.us_listen_socket | undefined;
  let port: number | undefined;
  let sweepHandle: unknown;
  let queue: FlushQueue | undefined;
  /** Sends of the flush in progress, for tickwire_flush_sends. */
  let flushSends = 0;
  const currentBook = () => {
    if (!book) throw new Error("feed server not started");
    return book;
  };
  const currentBars = () => {
    if (!bars) throw new Error("feed server not started");
    return bars;
  };

  const metrics = createMetrics(function* () {
    if (!app || !book) return;
    for (const symbol of book.symbols()) yield [symbol, app.numSubscribers(symbol)];
  });
  const source: TickSource =
    deps.source ?? createSource(config, { now, timers, random: deps.random ?? Math.random, log, registry: metrics.registry });

  /** Every frame for a symbol's topic goes through the flush queue (FEED_FLUSH_MS), in order. */
  function publishFrame(symbol: string, frame: string): void {
    queue?.push(symbol, frame);
  }

  /** The queue's output: one symbol's frames, all published in this turn. */
  function publishBatch(symbol: string, frames: readonly string[]): void {
    if (!app) return;
    for (const frame of frames) app.publish(symbol, frame, false, false);
    const subscribers = app.numSubscribers(symbol);
    if (subscribers === 0) return;
    metrics.messagesSent.inc(subscribers * frames.length);
    metrics.ticksPerSend.observe(frames.length);
    flushSends += subscribers;
  }

  function flushed(): void {
    if (flushSends > 0) metrics.sendsPerFlush.observe(flushSends);
    flushSends = 0;
  }

  /** Status frames reach a symbol's tick subscribers and its bar subscribers alike. */
  function publishStatus(symbol: string, frame: string): void {
    publishFrame(symbol, frame);
    for (const topic of bars?.topicsOf(symbol) ?? []) publishFrame(topic, frame);
  }

  /** A NATS edge mirrors the source's bars; every other source's ticks are folded into bars here. */
  const ticksMakeBars = source.barMode !== "mirror";

  const sink: SourceSink = {
    tick(tick: Tick) {
      if (!book) return;
      let frame: string;
      try {
        frame = book.record(tick);
      } catch (err) {
        // A misbehaving source loses that tick, visibly, and nothing else.
        metrics.sourceErrors.inc({ kind: "tick_rejected" });
        log.error({ err, symbol: tick.symbol, seq: tick.seq }, "tick rejected");
        return;
      }
      publishFrame(tick.symbol, frame);
      metrics.ticksPublished.inc();
      if (ticksMakeBars) bars?.record(tick);
    },
    status(symbol, state, reason) {
      const frame = book?.setState(symbol, state, reason, bars ? `,"market":"${bars.market(symbol)}"` : "");
      if (frame) {
        log.warn({ symbol, state, reason }, "symbol source state changed");
        publishStatus(symbol, frame);
      }
    },
    addSymbol(symbol, open) {
      book?.addSymbol(symbol, open);
      bars?.addSymbol(symbol);
    },
    history(symbol, past) {
      if (book?.has(symbol)) bars?.history(symbol, past);
    },
    lastPrice(symbol) {
      return bars?.lastPrice(symbol);
    },
    barStore(store) {
      return bars?.useStore(store) ?? Promise.resolve();
    },
    bar(symbol, interval, bar, seq) {
      bars?.mirror(symbol, interval, bar, seq);
    },
    preload(symbol, ticks) {
      if (!book?.has(symbol)) return;
      for (const tick of ticks) {
        try {
          book.record(tick);
        } catch (err) {
          metrics.sourceErrors.inc({ kind: "tick_rejected" });
          log.error({ err, symbol, seq: tick.seq }, "preloaded tick rejected");
          return;
        }
      }
    },
    fold(symbol, ticks) {
      if (!book?.has(symbol) || !ticksMakeBars) return;
      for (const tick of ticks) bars?.record(tick);
    },
    reset(symbol, open, ticks) {
      if (!book?.has(symbol)) return;
      log.warn({ symbol, from: ticks[0]?.seq }, "symbol history replaced by the source (it could not continue the previous numbering)");
      publishFrame(symbol, book.reset(symbol, open, ticks));
    },
    report(kind, detail, level = "debug") {
      metrics.sourceErrors.inc({ kind });
      log[level]({ kind, detail }, "source problem");
    },
    epoch(epoch) {
      if (!book || book.epoch === epoch) return;
      log.warn({ from: book.epoch, to: epoch }, "epoch changed: closing clients so they start afresh");
      queue?.clear(); // frames of the old numbering: their clients are being closed
      const symbols = new Map(book.symbols().map((s) => [s, book!.summary(s)?.open ?? undefined]));
      book = new SymbolBook(epoch, symbols, config.history, config.snapshotTicks);
      bars?.book.newEpoch();
      for (const ws of [...connections]) endClient(ws, CloseCodes.EPOCH_CHANGED);
    },
  };

  function sweep(): void {
    for (const ws of connections) {
      if (closeIfSlow(ws, config.maxBackpressure, metrics)) {
        log.warn({ client: ws.getUserData().id }, "slow consumer disconnected");
      }
    }
    sweepHandle = timers.setTimeout(sweep, sweepMs);
  }

  async function start(): Promise<{ port: number }> {
    if (app) throw new Error("feed server already started");
    const chosen = loadUws();
    uws = chosen.uws;
    const startedAt = now();
    book = new SymbolBook(source.epoch ?? epochId(), source.opens, config.history, config.snapshotTicks);
    queue = new FlushQueue({ intervalMs: config.flushMs, timers, publish: publishBatch, afterFlush: flushed });
    const service = new BarService({
      config,
      now,
      timers,
      log,
      metrics,
      store: deps.barStore,
      publish: publishFrame,
      onMarket: (symbol, market) => {
        const frame = book?.status(symbol, `,"market":"${market}"`);
        if (frame) publishStatus(symbol, frame);
      },
    });
    bars = service;
    await service.start(book.symbols());
    const a = uws.App();
    app = a;
    a.ws<import("./connection").ClientData>(
      "/ws",
      createWsBehavior({
        config,
        metrics,
        now,
        timers,
        admission: createAdmission(config, now),
        serverName: SERVER_NAME,
        book: currentBook,
        bars: currentBars,
        connections,
        log,
        flushSymbol: (symbol) => queue?.flushSymbol(symbol),
        onDemand: (symbol, watched) => source.demand?.(symbol, watched),
      }),
    );
    registerHttpRoutes(a, {
      config,
      metrics,
      book: currentBook,
      bars: currentBars,
      source,
      connections: () => connections.size,
      startedAt,
      now,
      serverName: SERVER_NAME,
      uwsBuild: chosen.build,
    });
    const binding = uws;
    port = await new Promise<number>((resolve, reject) => {
      listenExclusive(a, config.host, config.port, (socket) => {
        if (!socket) return reject(new PortInUseError(config.host, config.port));
        listenSocket = socket;
        resolve(binding.us_socket_local_port(socket as unknown as Uws.us_socket));
      });
    }).catch(async (err: unknown) => {
      app = undefined;
      book = undefined;
      queue = undefined;
      await service.stop();
      bars = undefined;
      throw err;
    });
    const sourceStartedAt = performance.now();
    source.start(sink);
    const startMs = Math.round(performance.now() - sourceStartedAt);
    sweepHandle = timers.setTimeout(sweep, sweepMs);
    for (const r of chosen.refused) log.info({ uws: r.build, reason: r.reason }, "uWebSockets.js build not usable here");
    log.info({ host: config.host, port, epoch: book.epoch, symbols: source.opens.size, source: source.kind, uws: chosen.build, flushMs: config.flushMs, sourceStartMs: startMs }, "feed server listening");
    return { port };
  }

  async function stop(): Promise<void> {
    if (!app) return;
    // Bus sources (feed-server/nats) finish stopping asynchronously: they release the lease and
    // close the NATS connection, and a process must not exit before that is done.
    const sourceStopped: unknown = source.stop();
    if (sweepHandle !== undefined) timers.clearTimeout(sweepHandle);
    sweepHandle = undefined;
    if (listenSocket && uws) uws.us_listen_socket_close(listenSocket);
    listenSocket = undefined;
    queue?.stop(); // what is queued still goes to the clients before they are closed
    queue = undefined;
    for (const ws of [...connections]) endClient(ws, CloseCodes.GOING_AWAY);
    connections.clear();
    app = undefined;
    if (sourceStopped instanceof Promise) await sourceStopped;
    await bars?.stop();
    log.info({}, "feed server stopped");
  }

  return {
    start,
    stop,
    metrics,
    get port() {
      return port;
    },
    get epoch() {
      return book?.epoch;
    },
    get bars() {
      return bars;
    },
  };
}
