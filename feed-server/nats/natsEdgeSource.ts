/**
 * FEED_ROLE=edge: a tick source that reads the bus. It consumes only the symbols its clients
 * watch (one consumer per symbol, dropped after a linger), follows the epoch in the source's
 * lease, and keeps serving what it holds while NATS is away: affected symbols go stale, and after
 * the reconnect each consumer continues after the last message it handed on, so no seq is missed.
 */
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection, Status } from "@nats-io/transport-node";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { SourceState } from "../../lib/protocol";
import type { SourceSink, Timers, TickSource } from "../tickSource";
import type { BusConfig } from "./busConfig";
import { openBus, settleWithin, watchStatus, type BusState } from "./busConnection";
import { registerBusGauges } from "./busMetrics";
import { subjectOf } from "./busMessage";
import { EdgeBars } from "./edgeBars";
import { EdgeSymbol } from "./edgeSymbol";
import { LeaseStore } from "./lease";
import { SubjectConsumer } from "./subjectConsumer";

export interface NatsEdgeOptions {
  bus: Extract<BusConfig, { kind: "nats" }>;
  /** FEED_SYMBOLS, offered before the lease lists the source's symbols. */
  symbols?: readonly string[];
  /** FEED_HISTORY: ticks of a symbol's stored history worth handing to the server. */
  history: number;
  now: () => number;
  timers: Timers;
  log?: Logger;
  registry?: Registry;
}

const STOP_DEADLINE_MS = 1000;

export class NatsEdgeSource implements TickSource {
  readonly kind = "nats-edge";
  /** Bars come from BARS (EdgeBars), made by the source: ticks consumed here are not folded again. */
  readonly barMode = "mirror";
  readonly opens: ReadonlyMap<string, number | undefined>;
  private sink: SourceSink | undefined;
  private nc: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private jsm: JetStreamManager | undefined;
  private lease: LeaseStore | undefined;
  private busState: BusState = "connecting";
  /** The epoch of the lease, which the server numbers in; undefined until first read. */
  private busEpoch: string | undefined;
  private leaseState: "unknown" | "held" | "vacant" = "unknown";
  private leaseOwner: string | undefined;
  private readonly announced = new Map<string, number | undefined>();
  /** Symbols with a local subscriber or lingering; consumed once the epoch is known. */
  private readonly wanted = new Set<string>();
  private readonly held = new Map<string, EdgeSymbol>();
  private readonly lingers = new Map<string, unknown>();
  private pollTimer: unknown;
  private polling = false;
  private lastPollAt = 0;
  private stopped = false;
  private reconnects = 0;
  private bars: EdgeBars | undefined;

  constructor(private readonly o: NatsEdgeOptions) {
    this.opens = new Map((o.symbols ?? []).map((s) => [s, undefined]));
    if (o.registry) {
      registerBusGauges(o.registry, () => ({
        connected: this.busState === "connected" ? 1 : 0,
        pending: new Map([...this.held].map(([s, h]) => [s, h.consumer.pending])),
      }));
    }
  }

  get running(): boolean {
    return this.sink !== undefined;
  }

  start(sink: SourceSink): void {
    if (this.sink) throw new Error("nats edge source already started");
    this.sink = sink;
    void this.connect();
  }

  /** Resolves once the consumers are deleted and the connection closed (at most STOP_DEADLINE_MS). */
  stop(): Promise<void> {
    this.stopped = true;
    this.sink = undefined;
    if (this.pollTimer !== undefined) this.o.timers.clearTimeout(this.pollTimer);
    for (const t of this.lingers.values()) this.o.timers.clearTimeout(t);
    this.lingers.clear();
    for (const h of this.held.values()) h.stop();
    this.held.clear();
    this.bars?.stop();
    this.bars = undefined;
    const nc = this.nc;
    this.nc = undefined;
    if (!nc) return Promise.resolve();
    // Flush so the consumer deletes reach the server, but never hold a shutdown for it.
    const closing = nc
      .flush()
      .catch(() => undefined)
      .then(() => nc.close());
    return settleWithin(closing, STOP_DEADLINE_MS);
  }

  demand(symbol: string, watched: boolean): void {
    if (this.stopped) return;
    const linger = this.lingers.get(symbol);
    if (linger !== undefined) this.o.timers.clearTimeout(linger);
    this.lingers.delete(symbol);
    if (watched) {
      this.wanted.add(symbol);
      this.consumeWanted();
      return;
    }
    this.lingers.set(
      symbol,
      this.o.timers.setTimeout(() => this.release(symbol), this.o.bus.lingerMs),
    );
  }

  health(): Record<string, unknown> {
    return {
      bus: {
        kind: "nats",
        role: "edge",
        servers: this.o.bus.servers,
        state: this.busState,
        epoch: this.busEpoch ?? null,
        lease: this.leaseState,
        owner: this.leaseOwner ?? null,
        reconnects: this.reconnects,
        held: [...this.held.keys()].sort(),
        consumers: Object.fromEntries(
          [...this.held].map(([s, h]) => [s, { mode: h.mode, pending: h.consumer.pending, restarts: h.consumer.restarts, otherEpoch: h.skippedOtherEpoch }]),
        ),
        bars: this.bars?.health() ?? null,
      },
    };
  }

  private async connect(): Promise<void> {
    const open = await openBus(this.o.bus, "tickwire-edge", (k, d, l) => this.sink?.report(k, d, l), () => this.stopped);
    if (!open) return;
    const { nc } = open;
    this.nc = nc;
    this.js = open.js;
    this.jsm = open.jsm;
    this.busState = "connected";
    watchStatus(nc, (s) => this.onStatus(s));
    void this.poll();
  }

  private onStatus(s: Status): void {
    if (this.stopped) return;
    if (s.type === "disconnect") {
      this.busState = "disconnected";
      this.sink?.report("bus_disconnect", `NATS connection lost (${s.server})`, "warn");
      this.refreshAll();
    } else if (s.type === "reconnect") {
      this.busState = "connected";
      this.reconnects++;
      this.o.log?.info({ server: s.server }, "NATS reconnected: resuming consumers");
      // Pull requests and ephemeral consumers may not have survived: continue each after its last message.
      for (const h of this.held.values()) h.consumer.restart("reconnect");
      this.bars?.restart("reconnect");
      this.refreshAll();
      this.pollNow();
    }
  }

  /** Reads the lease: the epoch to number in, the symbols on offer, whether a source is alive. */
  private async poll(): Promise<void> {
    if (this.stopped || this.polling || !this.js || !this.jsm) return;
    this.polling = true;
    this.lastPollAt = this.o.now();
    if (this.pollTimer !== undefined) this.o.timers.clearTimeout(this.pollTimer);
    try {
      this.lease ??= await LeaseStore.open(this.js, this.jsm, this.o.bus.leaseTtlMs, false);
      const lease = await this.lease.read().catch((err: unknown) => {
        // No bucket yet: no source has ever started. Anything else: try again next time.
        if (/stream not found/i.test((err as Error).message)) return undefined;
        throw err;
      });
      if (!this.stopped) this.applyLease(lease?.value);
    } catch {
      // NATS away or slow; the connection status already marks symbols stale.
    } finally {
      this.polling = false;
      if (!this.stopped) {
        this.pollTimer = this.o.timers.setTimeout(() => void this.poll(), Math.max(100, Math.floor(this.o.bus.leaseTtlMs / 3)));
      }
    }
  }

  /** A live message of another epoch: check the lease now rather than at the next poll. */
  private pollNow(): void {
    if (this.o.now() - this.lastPollAt < 100) return;
    void this.poll();
  }

  private applyLease(lease: { owner: string; epoch: string; symbols: Record<string, number | null> } | undefined): void {
    const sink = this.sink;
    if (!sink) return;
    if (!lease) {
      if (this.leaseState !== "vacant") this.o.log?.warn({}, "no source holds the lease: symbols go stale until one takes over");
      this.leaseState = "vacant";
      this.leaseOwner = undefined;
      this.refreshAll();
      return;
    }
    this.leaseState = "held";
    this.leaseOwner = lease.owner;
    for (const [symbol, open] of Object.entries(lease.symbols)) {
      if (this.announced.has(symbol) && this.announced.get(symbol) !== undefined) continue;
      this.announced.set(symbol, open ?? undefined);
      sink.addSymbol(symbol, open ?? undefined);
    }
    this.mirrorBars();
    if (lease.epoch !== this.busEpoch) {
      const first = this.busEpoch === undefined;
      this.busEpoch = lease.epoch;
      this.o.log?.[first ? "info" : "warn"]({ epoch: lease.epoch, owner: lease.owner }, "following the source's epoch");
      sink.epoch(lease.epoch);
      for (const h of this.held.values()) h.newEpoch();
      this.consumeWanted();
    }
    this.refreshAll();
  }

  /** Starts reading BARS once the lease has named the symbols on offer (bars of others are ignored). */
  private mirrorBars(): void {
    const { js, jsm } = this;
    if (this.bars || !js || !jsm) return;
    this.bars = new EdgeBars({
      js,
      jsm,
      timers: this.o.timers,
      now: this.o.now,
      heartbeatMs: this.o.bus.pingMs,
      sink: () => this.sink,
      epoch: () => this.busEpoch,
    });
  }

  /** Starts a consumer for every wanted symbol that has none, once NATS and the epoch are known. */
  private consumeWanted(): void {
    const { js, jsm, sink } = this;
    if (!js || !jsm || !sink || this.busEpoch === undefined) return;
    for (const symbol of this.wanted) {
      if (this.held.has(symbol)) continue;
      const subject = subjectOf(symbol);
      if (subject === undefined) {
        sink.report("unsupported_symbol", `${symbol} cannot be a NATS subject (empty token)`, "warn");
        this.wanted.delete(symbol);
        continue;
      }
      let edgeSymbol: EdgeSymbol | undefined = undefined;
      const consumer = new SubjectConsumer({
        js,
        jsm,
        timers: this.o.timers,
        subject,
        heartbeatMs: this.o.bus.pingMs,
        onMessage: (data, pending) => edgeSymbol?.onMessage(data, pending),
        onCaughtUp: () => edgeSymbol?.caughtUp(),
        onRestart: (reason) => this.o.log?.debug({ symbol, reason }, "bus consumer restarted"),
      });
      edgeSymbol = new EdgeSymbol(
        symbol,
        {
          sink,
          epoch: () => this.busEpoch,
          open: (s) => this.announced.get(s),
          historyLimit: this.o.history,
          onForeignEpoch: () => this.pollNow(),
          onStateChange: (s) => this.refreshStatus(s),
        },
        consumer,
      );
      this.held.set(symbol, edgeSymbol);
      edgeSymbol.load();
    }
  }

  private release(symbol: string): void {
    this.lingers.delete(symbol);
    this.wanted.delete(symbol);
    const h = this.held.get(symbol);
    if (!h) return;
    h.stop();
    this.held.delete(symbol);
    // What the server still holds for it is no longer followed; say so to whoever subscribes next.
    this.sink?.status(symbol, "stale", "not followed by this edge (nobody watched it here)");
  }

  private effectiveState(h: EdgeSymbol): { state: SourceState; reason?: string } {
    if (this.busState !== "connected") return { state: "stale", reason: "NATS disconnected" };
    if (this.leaseState === "vacant") return { state: "stale", reason: "no source is publishing" };
    return h.sourceState;
  }

  private refreshStatus(symbol: string): void {
    const h = this.held.get(symbol);
    if (!h || !this.sink) return;
    const { state, reason } = this.effectiveState(h);
    this.sink.status(symbol, state, reason);
  }

  private refreshAll(): void {
    for (const symbol of this.held.keys()) this.refreshStatus(symbol);
  }
}
