/**
 * FEED_ROLE=source: runs the configured tick source (sim, replay, relay) and publishes every tick
 * and status change to the TICKS stream, while also serving it locally like a single-process
 * feed. Only the holder of the lease publishes (SourceLease decides); a second source waits as a
 * hot standby and, when the lease lapses, takes over under a NEW epoch (its seqs start again),
 * which edges read from the lease. While NATS is away the owner keeps numbering and its ticks
 * queue in the publisher, to be published in order under the same epoch if nothing was lost.
 */
import { hostname } from "node:os";
import type { NatsConnection, Status } from "@nats-io/transport-node";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { Interval } from "../../lib/bars/types";
import type { SourceSink, Timers, TickSource } from "../tickSource";
import type { BusConfig } from "./busConfig";
import { openBus, settleWithin, watchStatus, type BusState } from "./busConnection";
import { registerBusGauges } from "./busMetrics";
import { BusPublisher } from "./busPublisher";
import { BusWriter } from "./busWriter";
import type { LeaseValue } from "./lease";
import { SourceBars } from "./sourceBars";
import { createSourceTee } from "./sourceTee";
import { randomHex, SourceLease } from "./sourceLease";

export interface NatsSourceOptions {
  bus: Extract<BusConfig, { kind: "nats" }>;
  /** The configured source; started only while this process holds the lease. */
  inner: TickSource;
  now: () => number;
  random: () => number;
  timers: Timers;
  log?: Logger;
  registry?: Registry;
  /** Bars per series kept in BARS (FEED_BAR_RETENTION). */
  barRetention: Readonly<Record<Interval, number>>;
}

const STOP_DEADLINE_MS = 1000;

export class NatsSource implements TickSource {
  readonly kind: string;
  readonly ownerId: string;
  private sink: SourceSink | undefined;
  private nc: NatsConnection | undefined;
  private publisher: BusPublisher | undefined;
  private busState: BusState = "connecting";
  private readonly lease: SourceLease;
  private readonly writer: BusWriter;
  /** Every symbol on offer, with its open where known: published in the lease for edges. */
  private readonly offered = new Map<string, number | undefined>();
  private stopped = false;
  private reconnects = 0;
  private readonly tee: SourceSink;
  private readonly bars: SourceBars;

  constructor(private readonly o: NatsSourceOptions) {
    this.kind = `nats-source:${o.inner.kind}`;
    this.ownerId = `${hostname()}-${process.pid}-${randomHex(o.random, 6)}`;
    this.writer = new BusWriter(
      () => this.publisher,
      (symbol) => this.sink?.report("unsupported_symbol", `${symbol} cannot be a NATS subject (empty token)`),
    );
    this.lease = new SourceLease({
      bus: o.bus,
      ownerId: this.ownerId,
      now: o.now,
      random: o.random,
      timers: o.timers,
      ...(o.log ? { log: o.log } : {}),
      value: (epoch) => this.leaseValue(epoch),
      epoch: () => this.writer.epoch,
      begin: (epoch) => this.begin(epoch),
      end: () => this.end(),
      publishing: (on) => (on ? this.publisher?.resume() : this.publisher?.pause()),
      queued: () => this.publisher?.queued() ?? 0,
      connected: () => this.busState === "connected",
      report: (kind, detail) => this.sink?.report(kind, detail, "warn"),
    });
    this.bars = new SourceBars({ retention: o.barRetention, sink: () => this.sink, epoch: () => this.writer.epoch });
    this.tee = createSourceTee({
      local: () => this.sink,
      owner: () => this.lease.hold !== undefined,
      writer: this.writer,
      offered: this.offered,
      watch: (symbol) => this.o.inner.demand?.(symbol, true),
      epochChanged: (epoch) => {
        // A chained upstream restarted its numbering: so does the bus, and the lease says so at once.
        this.useEpoch(epoch);
        this.lease.checkSoon();
      },
    });
    if (o.registry) {
      registerBusGauges(o.registry, () => ({
        connected: this.busState === "connected" ? 1 : 0,
        leaseOwner: this.lease.role.kind === "owner" ? 1 : 0,
        publishQueue: this.publisher?.queued() ?? 0,
      }));
    }
  }

  get opens(): ReadonlyMap<string, number | undefined> {
    return this.o.inner.opens;
  }

  get running(): boolean {
    return this.sink !== undefined;
  }

  start(sink: SourceSink): void {
    if (this.sink) throw new Error("nats source already started");
    this.sink = sink;
    for (const [symbol, open] of this.o.inner.opens) this.offered.set(symbol, open);
    void this.connect();
  }

  /** Stops the source and gives the lease up at once, so a standby need not wait out the TTL. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.lease.hold) this.o.inner.stop();
    // The open bars go to BARS before the lease is given up, so a standby taking over loads them.
    const barsWritten = this.bars.end();
    const releasing = barsWritten.then(() => this.lease.stop());
    this.publisher?.clear();
    this.sink = undefined;
    const nc = this.nc;
    this.nc = undefined;
    if (!nc) return settleWithin(releasing, STOP_DEADLINE_MS);
    const closing = (async () => {
      await releasing.catch(() => undefined);
      await nc.close();
    })();
    return settleWithin(closing, STOP_DEADLINE_MS);
  }

  /**
   * Local demand is not passed on: edges watch through the bus, which carries no demand back, so
   * the source publishes every symbol it offers (a relay subscribes all of them upstream).
   */
  demand(): void {}

  health(): Record<string, unknown> {
    return {
      bus: {
        kind: "nats",
        role: "source",
        servers: this.o.bus.servers,
        state: this.busState,
        lease: this.lease.role.kind,
        owner: this.ownerId,
        epoch: this.lease.hold ? this.writer.epoch : null,
        reconnects: this.reconnects,
        takeovers: this.lease.takeovers,
        published: this.publisher?.published ?? 0,
        publishQueue: this.publisher?.queued() ?? 0,
        /** The tick source runs (it starts once BARS is loaded after taking the lease). */
        ticking: this.o.inner.running,
        bars: this.bars.stats(),
      },
    };
  }

  private async connect(): Promise<void> {
    const { bus } = this.o;
    const open = await openBus(bus, "tickwire-source", (k, d, l) => this.sink?.report(k, d, l), () => this.stopped);
    if (!open) return;
    const { nc, js, jsm, timeout } = open;
    this.nc = nc;
    this.publisher = new BusPublisher({
      js,
      jsm,
      timers: this.o.timers,
      queueLimit: bus.history,
      timeoutMs: timeout,
      onInterference: (symbol) => {
        this.sink?.report("bus_interference", `another writer on ticks.${symbol}: checking the lease`, "warn");
        this.lease.checkSoon();
      },
      onDropped: (symbol, count) => {
        this.sink?.report("bus_dropped", `${symbol}: ${count} message(s) dropped, publish queue full`, "warn");
        // Dropped while held back: these seqs never reach the stream, so this epoch cannot go on.
        if (this.publisher?.isPaused) this.lease.lose(`the publish queue of ${symbol} overflowed while NATS was away`);
      },
    });
    this.busState = "connected";
    watchStatus(nc, (s) => this.onStatus(s));
    this.bars.attach(js, jsm);
    this.lease.attach(js, jsm);
  }

  private onStatus(s: Status): void {
    if (this.stopped) return;
    if (s.type === "disconnect") {
      this.busState = "disconnected";
      // Held back until the lease is confirmed after the reconnect: we may have lost it meanwhile.
      this.publisher?.pause();
      this.sink?.report("bus_disconnect", `NATS connection lost (${s.server})`, "warn");
    } else if (s.type === "reconnect") {
      this.busState = "connected";
      this.reconnects++;
      this.lease.reconnected();
    }
  }

  private leaseValue(epoch: string): LeaseValue {
    const symbols: Record<string, number | null> = {};
    for (const [symbol, open] of this.offered) symbols[symbol] = open ?? null;
    return { owner: this.ownerId, epoch, symbols };
  }

  /**
   * Numbers afresh in `epoch`: what was queued is dropped, and once BARS is loaded into the local
   * server (the bars so far, which the tick source continues) the tick source starts again.
   */
  private begin(epoch: string): void {
    if (this.o.inner.running) this.o.inner.stop();
    this.publisher?.clear();
    this.useEpoch(epoch);
    this.publisher?.resume();
    void this.bars.begin().then((current) => {
      if (!current || this.stopped || this.writer.epoch !== epoch || !this.lease.hold) return;
      try {
        this.o.inner.start(this.tee);
      } catch (err) {
        this.o.log?.error({ err }, "the tick source failed to start");
        this.lease.giveUp(`the tick source failed to start: ${(err as Error).message}`);
        return;
      }
      for (const symbol of this.offered.keys()) this.o.inner.demand?.(symbol, true);
    }, (err: unknown) => this.o.log?.error({ err }, "bars could not be handed over"));
  }

  /** Another source publishes: stop numbering, drop the queue, say so to local clients. */
  private end(): void {
    this.o.inner.stop();
    void this.bars.end();
    this.publisher?.clear();
    for (const symbol of this.offered.keys()) this.sink?.status(symbol, "stale", "standby: another source publishes");
  }

  /** A new numbering: the local server restarts its book, and the bus carries the new epoch. */
  private useEpoch(epoch: string): void {
    this.writer.begin(epoch);
    this.sink?.epoch(epoch);
  }
}
