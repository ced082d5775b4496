/**
 * FEED_ROLE=source: runs the configured tick source (sim, replay, relay) and publishes every tick
 * and status change to the TICKS stream, while also serving it locally like a single-process
 * feed. Only the holder of the lease publishes; a second source waits as a hot standby and, when
 * the lease lapses, takes over under a NEW epoch (its seqs start again), which edges read from
 * the lease. An owner that cannot refresh its lease within the TTL stops by itself, so two
 * sources never number ticks at once for long; the per-subject expected sequence on every publish
 * and the epoch in every message fence off the rest.
 */
import { hostname } from "node:os";
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection, Status } from "@nats-io/transport-node";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { SourceSink, Timers, TickSource } from "../tickSource";
import type { BusConfig } from "./busConfig";
import { openBus, settleWithin, watchStatus, type BusState } from "./busConnection";
import { registerBusGauges } from "./busMetrics";
import { BusPublisher } from "./busPublisher";
import { BusWriter } from "./busWriter";
import { LeaseStore, type LeaseValue } from "./lease";
import { createSourceTee } from "./sourceTee";
import { ensureTicksStream } from "./ticksStream";

export interface NatsSourceOptions {
  bus: Extract<BusConfig, { kind: "nats" }>;
  /** The configured source; started only while this process holds the lease. */
  inner: TickSource;
  now: () => number;
  random: () => number;
  timers: Timers;
  log?: Logger;
  registry?: Registry;
}

const STOP_DEADLINE_MS = 1000;

function hex(random: () => number, digits: number): string {
  let out = "";
  for (let i = 0; i < digits; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

export class NatsSource implements TickSource {
  readonly kind: string;
  readonly ownerId: string;
  private sink: SourceSink | undefined;
  private nc: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private jsm: JetStreamManager | undefined;
  private lease: LeaseStore | undefined;
  private publisher: BusPublisher | undefined;
  private busState: BusState = "connecting";
  private role: "connecting" | "standby" | "owner" = "connecting";
  /** While owner: the lease revision and when the last successful refresh was sent. */
  private held: { revision: number; sentAt: number } | undefined;
  private readonly writer: BusWriter;
  /** Every symbol on offer, with its open where known: published in the lease for edges. */
  private readonly offered = new Map<string, number | undefined>();
  /** Creation time of the TICKS stream as first seen. */
  private streamCreated: string | undefined;
  private stepTimer: unknown;
  private fenceTimer: unknown;
  private stepping = false;
  private stopped = false;
  private reconnects = 0;
  private takeovers = 0;
  private readonly tee: SourceSink;

  constructor(private readonly o: NatsSourceOptions) {
    this.kind = `nats-source:${o.inner.kind}`;
    this.ownerId = `${hostname()}-${process.pid}-${hex(o.random, 6)}`;
    this.writer = new BusWriter(
      () => this.publisher,
      (symbol) => this.sink?.report("unsupported_symbol", `${symbol} cannot be a NATS subject (empty token)`),
    );
    this.tee = createSourceTee({
      local: () => this.sink,
      owner: () => this.role === "owner",
      writer: this.writer,
      offered: this.offered,
      watch: (symbol) => this.o.inner.demand?.(symbol, true),
      epochChanged: (epoch) => {
        // A chained upstream restarted its numbering: so does the bus, and the lease says so at once.
        this.useEpoch(epoch);
        this.stepSoon(0);
      },
    });
    if (o.registry) {
      registerBusGauges(o.registry, () => ({
        connected: this.busState === "connected" ? 1 : 0,
        leaseOwner: this.role === "owner" ? 1 : 0,
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
    if (this.stepTimer !== undefined) this.o.timers.clearTimeout(this.stepTimer);
    if (this.fenceTimer !== undefined) this.o.timers.clearTimeout(this.fenceTimer);
    if (this.role === "owner") this.o.inner.stop();
    this.role = "standby";
    this.publisher?.clear();
    this.sink = undefined;
    const { nc, lease, held } = this;
    this.nc = undefined;
    this.held = undefined;
    if (!nc) return Promise.resolve();
    const closing = (async () => {
      if (held && lease) await lease.release(held.revision).catch(() => undefined);
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
        lease: this.role,
        owner: this.ownerId,
        epoch: this.role === "owner" ? this.writer.epoch : null,
        reconnects: this.reconnects,
        takeovers: this.takeovers,
        published: this.publisher?.published ?? 0,
        publishQueue: this.publisher?.queued() ?? 0,
      },
    };
  }

  private async connect(): Promise<void> {
    const { bus } = this.o;
    const open = await openBus(bus, "tickwire-source", (k, d, l) => this.sink?.report(k, d, l), () => this.stopped);
    if (!open) return;
    const { nc, js, timeout } = open;
    this.nc = nc;
    this.js = js;
    this.jsm = open.jsm;
    this.publisher = new BusPublisher({
      js,
      jsm: open.jsm,
      timers: this.o.timers,
      queueLimit: bus.history,
      timeoutMs: timeout,
      onInterference: (symbol) => {
        this.sink?.report("bus_interference", `another writer on ticks.${symbol}: checking the lease`, "warn");
        this.stepSoon(0);
      },
      onDropped: (symbol, count) => this.sink?.report("bus_dropped", `${symbol}: ${count} message(s) dropped, publish queue full`, "warn"),
    });
    this.busState = "connected";
    this.role = "standby";
    watchStatus(nc, (s) => this.onStatus(s));
    this.stepSoon(0);
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
      this.stepSoon(0);
    }
  }

  private stepSoon(ms: number): void {
    if (this.stopped) return;
    if (this.stepTimer !== undefined) this.o.timers.clearTimeout(this.stepTimer);
    this.stepTimer = this.o.timers.setTimeout(() => {
      this.stepTimer = undefined;
      void this.step();
    }, ms);
  }

  /** One round of the lease: refresh it (owner) or try to take it (standby). */
  private async step(): Promise<void> {
    if (this.stepping || this.stopped || !this.js || !this.jsm) return;
    this.stepping = true;
    try {
      if (!this.lease) {
        const created = await ensureTicksStream(this.jsm, { history: this.o.bus.history, maxAgeS: this.o.bus.maxAgeS });
        if (this.streamCreated !== undefined && created !== this.streamCreated) {
          // The history edges rebuild from is gone, and their read positions point past its end.
          this.demote("the TICKS stream was created anew (NATS lost its store): starting a new epoch");
        }
        this.streamCreated = created;
        this.lease = await LeaseStore.open(this.js, this.jsm, this.o.bus.leaseTtlMs, true);
      }
      if (this.role === "owner") await this.refresh(this.lease);
      else await this.tryTakeOver(this.lease);
    } catch {
      // NATS away or slow (the fence stops an owner in time). Make sure of the stream and the
      // bucket again next time: NATS may have lost its store.
      this.lease = undefined;
    } finally {
      this.stepping = false;
      this.stepSoon(Math.max(100, Math.floor(this.o.bus.leaseTtlMs / 3)));
    }
  }

  private leaseValue(epoch: string): LeaseValue {
    const symbols: Record<string, number | null> = {};
    for (const [symbol, open] of this.offered) symbols[symbol] = open ?? null;
    return { owner: this.ownerId, epoch, symbols };
  }

  private async refresh(lease: LeaseStore): Promise<void> {
    const held = this.held;
    const epoch = this.writer.epoch;
    if (!held || epoch === undefined) return;
    const sentAt = this.o.now();
    const value = this.leaseValue(epoch);
    let revision = await lease.refresh(value, held.revision);
    if (revision === undefined) {
      // Not at our revision: it expired (NATS was away longer than the TTL) or someone took it.
      const current = await lease.read();
      if (current && current.value.owner !== this.ownerId) return this.demote(`lease taken by ${current.value.owner}`);
      revision = current ? current.revision : await lease.tryCreate(value);
      if (revision === undefined) return this.demote("lease taken by another source");
    }
    if (this.role !== "owner" || this.held !== held) return;
    held.revision = revision;
    held.sentAt = sentAt;
    this.armFence(sentAt);
    this.publisher?.resume();
  }

  private async tryTakeOver(lease: LeaseStore): Promise<void> {
    const epoch = `${this.o.now().toString(36)}-${hex(this.o.random, 8)}`;
    const sentAt = this.o.now();
    const revision = await lease.tryCreate(this.leaseValue(epoch));
    if (revision === undefined || this.stopped) return;
    this.role = "owner";
    this.held = { revision, sentAt };
    this.armFence(sentAt);
    this.takeovers++;
    this.o.log?.warn({ epoch, owner: this.ownerId }, "took the source lease: publishing ticks under a new epoch");
    this.useEpoch(epoch);
    this.publisher?.resume();
    try {
      this.o.inner.start(this.tee);
    } catch (err) {
      // In one process this would fail the server's start; here it happens later, so say it loudly.
      this.o.log?.error({ err }, "the tick source failed to start");
      return this.demote(`the tick source failed to start: ${(err as Error).message}`);
    }
    for (const symbol of this.offered.keys()) this.o.inner.demand?.(symbol, true);
  }

  /**
   * The server expires the lease TTL after it stored our last refresh, which was after we sent it:
   * stopping at sent time + TTL stops us before anyone else can hold it, whatever NATS is doing.
   */
  private armFence(sentAt: number): void {
    if (this.fenceTimer !== undefined) this.o.timers.clearTimeout(this.fenceTimer);
    const ttl = this.o.bus.leaseTtlMs;
    this.fenceTimer = this.o.timers.setTimeout(() => {
      this.fenceTimer = undefined;
      this.demote(`lease not refreshed within ${ttl} ms (NATS unreachable or too slow)`);
    }, sentAt + ttl - this.o.now());
  }

  private demote(reason: string): void {
    if (this.fenceTimer !== undefined) this.o.timers.clearTimeout(this.fenceTimer);
    this.fenceTimer = undefined;
    if (this.role !== "owner") return;
    this.o.log?.warn({ reason, owner: this.ownerId }, "lost the source lease: standing by");
    this.sink?.report("lease_lost", reason, "warn");
    this.role = "standby";
    this.held = undefined;
    this.o.inner.stop();
    this.publisher?.clear();
    for (const symbol of this.offered.keys()) this.sink?.status(symbol, "stale", "standby: another source publishes");
  }

  /** A new numbering: the local server restarts its book, and the bus carries the new epoch. */
  private useEpoch(epoch: string): void {
    this.writer.begin(epoch);
    this.sink?.epoch(epoch);
  }
}
