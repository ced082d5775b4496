/**
 * FEED_ROLE=source: runs the configured tick source (sim, replay, relay) and publishes every tick
 * and status change to the TICKS stream, while also serving it locally like a single-process
 * feed. Only the holder of the lease publishes; a second source waits as a hot standby and, when
 * the lease lapses, takes over under a NEW epoch (its seqs start again), which edges read from
 * the lease. An owner that cannot refresh its lease within the TTL stops publishing by itself, so
 * two sources never publish at once; the per-subject expected sequence on every publish and the
 * epoch in every message fence off the rest. It keeps numbering and queueing meanwhile: when NATS
 * answers again and the lease proves nobody else held it (see LeaseStore.confirm), the queue is
 * published in order under the same epoch. Only a real loss (the queue overflowed, the stream
 * lost its store, another source held the lease) starts a new epoch.
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
import { LeaseHold } from "./leaseHold";
import { createSourceTee } from "./sourceTee";
import { StepLoop } from "./stepLoop";
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
/** How soon a failed lease step is tried again while the connection is up (JetStream starting). */
const RETRY_MS = 250;

type Role =
  | { kind: "connecting" }
  | { kind: "standby" }
  /** Holds the lease and publishes. */
  | { kind: "owner"; hold: LeaseHold }
  /** Held it, but could not confirm it within the TTL: publishes nothing, queues its ticks. */
  | { kind: "lapsed"; hold: LeaseHold };

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
  private role: Role = { kind: "connecting" };
  /** Why the current epoch cannot be continued (seqs lost while NATS was away), if so. */
  private lost: string | undefined;
  private readonly writer: BusWriter;
  /** Every symbol on offer, with its open where known: published in the lease for edges. */
  private readonly offered = new Map<string, number | undefined>();
  /** Creation time of the TICKS stream as first seen. */
  private streamCreated: string | undefined;
  private readonly loop: StepLoop;
  private readonly intervalMs: number;
  /** A standby tries no takeover before this time: after a reconnect the owner may be on its way back. */
  private takeOverFrom = 0;
  private stopped = false;
  private reconnects = 0;
  private takeovers = 0;
  private readonly tee: SourceSink;

  constructor(private readonly o: NatsSourceOptions) {
    this.kind = `nats-source:${o.inner.kind}`;
    this.ownerId = `${hostname()}-${process.pid}-${hex(o.random, 6)}`;
    this.intervalMs = Math.max(100, Math.floor(o.bus.leaseTtlMs / 3));
    this.loop = new StepLoop(o.timers, () => this.step(), this.intervalMs);
    this.writer = new BusWriter(
      () => this.publisher,
      (symbol) => this.sink?.report("unsupported_symbol", `${symbol} cannot be a NATS subject (empty token)`),
    );
    this.tee = createSourceTee({
      local: () => this.sink,
      owner: () => this.hold !== undefined,
      writer: this.writer,
      offered: this.offered,
      watch: (symbol) => this.o.inner.demand?.(symbol, true),
      epochChanged: (epoch) => {
        // A chained upstream restarted its numbering: so does the bus, and the lease says so at once.
        this.useEpoch(epoch);
        this.loop.soon(0);
      },
    });
    if (o.registry) {
      registerBusGauges(o.registry, () => ({
        connected: this.busState === "connected" ? 1 : 0,
        leaseOwner: this.role.kind === "owner" ? 1 : 0,
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

  /** The lease held while numbering ticks in an epoch of our own (owner, or lapsed). */
  private get hold(): LeaseHold | undefined {
    return this.role.kind === "owner" || this.role.kind === "lapsed" ? this.role.hold : undefined;
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
    this.loop.stop();
    const { nc, lease, hold } = this;
    hold?.drop();
    if (hold) this.o.inner.stop();
    this.role = { kind: "standby" };
    this.publisher?.clear();
    this.sink = undefined;
    this.nc = undefined;
    if (!nc) return Promise.resolve();
    const closing = (async () => {
      if (hold && lease) await lease.release(hold.revision).catch(() => undefined);
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
        lease: this.role.kind,
        owner: this.ownerId,
        epoch: this.hold ? this.writer.epoch : null,
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
        this.loop.soon(0);
      },
      onDropped: (symbol, count) => {
        this.sink?.report("bus_dropped", `${symbol}: ${count} message(s) dropped, publish queue full`, "warn");
        // Dropped while held back: these seqs never reach the stream, so this epoch cannot go on.
        if (this.hold && this.publisher?.isPaused) this.lost ??= `the publish queue of ${symbol} overflowed while NATS was away`;
      },
    });
    this.busState = "connected";
    this.role = { kind: "standby" };
    watchStatus(nc, (s) => this.onStatus(s));
    this.loop.soon(0);
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
      // Make sure of the stream and the bucket again (NATS may have lost its store), then the lease.
      this.lease = undefined;
      // NATS itself was away (a restart)? The owner is reconnecting too: leave the lease to it for a
      // TTL, so that an outage that cost no seqs costs no epoch either.
      if (this.role.kind === "standby") this.takeOverFrom = this.o.now() + this.o.bus.leaseTtlMs;
      this.loop.soon(0);
    }
  }

  /** One round of the lease: confirm it (owner, lapsed) or try to take it (standby). */
  private async step(): Promise<number> {
    if (this.stopped || !this.js || !this.jsm) return this.intervalMs;
    try {
      if (!this.lease) {
        const created = await ensureTicksStream(this.jsm, { history: this.o.bus.history, maxAgeS: this.o.bus.maxAgeS });
        if (this.streamCreated !== undefined && created !== this.streamCreated) {
          // The history edges rebuild from is gone, and their read positions point past its end.
          this.lost = "the TICKS stream was created anew (NATS lost its store)";
        }
        this.streamCreated = created;
        this.lease = await LeaseStore.open(this.js, this.jsm, this.o.bus.leaseTtlMs, true);
      }
      const hold = this.hold;
      if (hold) await this.confirm(this.lease, hold);
      else await this.tryTakeOver(this.lease);
      return this.intervalMs;
    } catch {
      // NATS away or slow (the fence stops an owner publishing in time). Make sure of the stream
      // and the bucket again next time: NATS may have lost its store.
      this.lease = undefined;
      return this.busState === "connected" ? RETRY_MS : this.intervalMs;
    }
  }

  private leaseValue(epoch: string): LeaseValue {
    const symbols: Record<string, number | null> = {};
    for (const [symbol, open] of this.offered) symbols[symbol] = open ?? null;
    return { owner: this.ownerId, epoch, symbols };
  }

  /**
   * Refreshes the lease (owner), or confirms it after NATS was away or slow (lapsed). Nobody else
   * held it and nothing was lost: publish on in the same epoch, the queue first. Otherwise a new
   * epoch (the lease already names it), or standby if another source holds the lease now.
   */
  private async confirm(lease: LeaseStore, hold: LeaseHold): Promise<void> {
    const epoch = this.writer.epoch;
    if (epoch === undefined) return;
    const lost = this.lost;
    const fresh = this.newEpochId();
    const sentAt = this.o.now();
    const check = await lease.confirm(this.leaseValue(lost === undefined ? epoch : fresh), hold.revision, () => this.leaseValue(fresh));
    if (this.hold !== hold) return;
    if (check.kind === "taken") return this.demote(`lease taken by ${check.owner ?? "another source"}`);
    hold.renewed(check.revision, sentAt);
    if (check.kind === "retaken") return this.renumber(fresh, "another source held the lease while this one could not reach NATS");
    if (lost !== undefined) return this.renumber(fresh, lost);
    // Seqs were lost while we asked: the lease must name a new epoch before anything is published.
    if (this.lost !== undefined) return this.loop.soon(0);
    if (this.role.kind === "lapsed") {
      this.o.log?.warn({ epoch, queued: this.publisher?.queued() ?? 0 }, "lease confirmed again: publishing the queued ticks in the same epoch");
    }
    this.role = { kind: "owner", hold };
    this.publisher?.resume();
  }

  /** Seqs of the current epoch were lost: the lease names `epoch` now; number afresh in it. */
  private renumber(epoch: string, reason: string): void {
    const hold = this.hold;
    if (!hold) return;
    this.o.log?.warn({ reason, epoch, owner: this.ownerId }, "seqs were lost: publishing ticks under a new epoch");
    this.sink?.report("epoch_lost", reason, "warn");
    this.o.inner.stop();
    this.publisher?.clear();
    this.role = { kind: "owner", hold };
    this.startNumbering(epoch);
  }

  private async tryTakeOver(lease: LeaseStore): Promise<void> {
    if (this.o.now() < this.takeOverFrom) return;
    const epoch = this.newEpochId();
    const sentAt = this.o.now();
    const revision = await lease.tryCreate(this.leaseValue(epoch));
    if (revision === undefined || this.stopped) return;
    const hold = new LeaseHold(revision, sentAt, { ttlMs: this.o.bus.leaseTtlMs, now: this.o.now, timers: this.o.timers, onLapse: () => this.lapse(hold) });
    this.role = { kind: "owner", hold };
    this.takeovers++;
    this.o.log?.warn({ epoch, owner: this.ownerId }, "took the source lease: publishing ticks under a new epoch");
    this.startNumbering(epoch);
  }

  private newEpochId(): string {
    return `${this.o.now().toString(36)}-${hex(this.o.random, 8)}`;
  }

  /** Starts the tick source afresh in `epoch`, publishing as its ticks come. */
  private startNumbering(epoch: string): void {
    this.lost = undefined;
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

  /** The TTL passed without a refresh: someone else may take the lease now, so publish nothing. */
  private lapse(hold: LeaseHold): void {
    if (this.role.kind !== "owner" || this.role.hold !== hold) return;
    this.role = { kind: "lapsed", hold };
    this.publisher?.pause();
    const ttl = this.o.bus.leaseTtlMs;
    this.sink?.report("lease_lapsed", `lease not refreshed within ${ttl} ms (NATS unreachable or too slow): ticks queue until it is confirmed`, "warn");
  }

  private demote(reason: string): void {
    const hold = this.hold;
    if (!hold) return;
    hold.drop();
    this.o.log?.warn({ reason, owner: this.ownerId }, "lost the source lease: standing by");
    this.sink?.report("lease_lost", reason, "warn");
    this.role = { kind: "standby" };
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
