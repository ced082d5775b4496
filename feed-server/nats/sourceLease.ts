/**
 * The lease side of a source role: takes the lease as a standby, refreshes it as the owner, and
 * decides what an outage cost. An owner that cannot refresh within the TTL lapses: it publishes
 * nothing (another source may hold the lease from then on) but keeps numbering and queueing. When
 * NATS answers again and the lease proves nobody else held it (LeaseStore.confirm), the queue is
 * published in order under the same epoch. Only a real loss (the queue overflowed while away, the
 * stream lost its store, another source held the lease) starts a new epoch; a lease another
 * source holds sends it back to standby.
 */
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { Logger } from "pino";
import type { Timers } from "../tickSource";
import type { BusConfig } from "./busConfig";
import { LeaseStore, type LeaseValue } from "./lease";
import { LeaseHold } from "./leaseHold";
import { StepLoop } from "./stepLoop";
import { ensureTicksStream } from "./ticksStream";

/** How soon a failed lease step is tried again while the connection is up (JetStream starting)... */
const RETRY_MS = 250;
/** ...for this many failures in a row; then at the usual interval, not to hammer a NATS that refuses. */
const QUICK_RETRIES = 4;

export type LeaseRole =
  | { kind: "connecting" }
  | { kind: "standby" }
  /** Holds the lease and publishes. */
  | { kind: "owner"; hold: LeaseHold }
  /** Held it, but could not confirm it within the TTL: publishes nothing, queues its ticks. */
  | { kind: "lapsed"; hold: LeaseHold };

export interface SourceLeaseContext {
  bus: Extract<BusConfig, { kind: "nats" }>;
  ownerId: string;
  now: () => number;
  random: () => number;
  timers: Timers;
  log?: Logger;
  /** The lease's value for `epoch`: the owner, the epoch and the symbols on offer. */
  value(epoch: string): LeaseValue;
  /** The epoch ticks are numbered in now. */
  epoch(): string | undefined;
  /** Number afresh in `epoch`: drop the queue, (re)start the tick source, publish. May throw. */
  begin(epoch: string): void;
  /** Stop numbering: stop the tick source, drop the queue; another source publishes. */
  end(): void;
  /** Publishing paused (lapsed) or on again (confirmed). Ticks queue meanwhile. */
  publishing(on: boolean): void;
  queued(): number;
  connected(): boolean;
  report(kind: string, detail: string): void;
}

export function randomHex(random: () => number, digits: number): string {
  let out = "";
  for (let i = 0; i < digits; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

export class SourceLease {
  role: LeaseRole = { kind: "connecting" };
  takeovers = 0;
  private bus: { js: JetStreamClient; jsm: JetStreamManager } | undefined;
  private store: LeaseStore | undefined;
  /** Why the current epoch cannot be continued (seqs lost while NATS was away), if so. */
  private lost: string | undefined;
  /** Creation time of the TICKS stream as first seen. */
  private streamCreated: string | undefined;
  /** A standby tries no takeover before this time: after a reconnect the owner may be on its way back. */
  private takeOverFrom = 0;
  private readonly loop: StepLoop;
  private readonly intervalMs: number;
  private stopped = false;
  private failures = 0;

  constructor(private readonly c: SourceLeaseContext) {
    this.intervalMs = Math.max(100, Math.floor(c.bus.leaseTtlMs / 3));
    this.loop = new StepLoop(c.timers, () => this.step(), this.intervalMs);
  }

  /** The lease held while numbering ticks in an epoch of our own (owner, or lapsed). */
  get hold(): LeaseHold | undefined {
    return this.role.kind === "owner" || this.role.kind === "lapsed" ? this.role.hold : undefined;
  }

  /** Connected: stand by, and try for the lease at once. */
  attach(js: JetStreamClient, jsm: JetStreamManager): void {
    this.bus = { js, jsm };
    this.role = { kind: "standby" };
    this.loop.soon(0);
  }

  /** NATS is back: make sure of the stream and the bucket again (it may have lost its store), then the lease. */
  reconnected(): void {
    this.store = undefined;
    this.failures = 0;
    // NATS itself was away (a restart)? The owner is reconnecting too: leave the lease to it for a
    // TTL, so that an outage that cost no seqs costs no epoch either.
    if (this.role.kind === "standby") this.takeOverFrom = this.c.now() + this.c.bus.leaseTtlMs;
    this.loop.soon(0);
  }

  /** Check the lease now (a foreign write on a subject, a new epoch to announce). */
  checkSoon(): void {
    this.loop.soon(0);
  }

  /** Seqs of the current epoch cannot reach the stream: the next confirmation starts a new epoch. */
  lose(reason: string): void {
    if (this.hold) this.lost ??= reason;
  }

  /** Stops stepping; resolves once the lease is given up (if held), so a standby need not wait out the TTL. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.loop.stop();
    const { hold, store } = this;
    hold?.drop();
    this.role = { kind: "standby" };
    if (hold && store) await store.release(hold.revision);
  }

  /** One round of the lease: confirm it (owner, lapsed) or try to take it (standby). */
  private async step(): Promise<number> {
    const { bus } = this;
    if (!bus || this.stopped) return this.intervalMs;
    try {
      if (!this.store) {
        const created = await ensureTicksStream(bus.jsm, { history: this.c.bus.history, maxAgeS: this.c.bus.maxAgeS });
        // The history edges rebuild from is gone, and their read positions point past its end.
        if (this.streamCreated !== undefined && created !== this.streamCreated) this.lose("the TICKS stream was created anew (NATS lost its store)");
        this.streamCreated = created;
        this.store = await LeaseStore.open(bus.js, bus.jsm, this.c.bus.leaseTtlMs, true);
      }
      const hold = this.hold;
      if (hold) await this.confirm(this.store, hold);
      else await this.tryTakeOver(this.store);
      this.failures = 0;
      return this.intervalMs;
    } catch {
      // NATS away or slow (the fence stops an owner publishing in time). Make sure of the stream
      // and the bucket again next time: NATS may have lost its store.
      this.store = undefined;
      this.failures++;
      return this.c.connected() && this.failures <= QUICK_RETRIES ? RETRY_MS : this.intervalMs;
    }
  }

  /**
   * Refreshes the lease (owner), or confirms it after NATS was away or slow (lapsed). Nobody else
   * held it and nothing was lost: publish on in the same epoch, the queue first. Otherwise a new
   * epoch (the lease already names it), or standby if another source holds the lease now.
   */
  private async confirm(store: LeaseStore, hold: LeaseHold): Promise<void> {
    const epoch = this.c.epoch();
    if (epoch === undefined) return;
    const lost = this.lost;
    const fresh = this.newEpochId();
    const sentAt = this.c.now();
    const check = await store.confirm(this.c.value(lost === undefined ? epoch : fresh), hold.revision, () => this.c.value(fresh));
    if (this.hold !== hold) return;
    if (check.kind === "taken") return this.demote(`lease taken by ${check.owner ?? "another source"}`);
    hold.renewed(check.revision, sentAt);
    if (check.kind === "retaken") return this.renumber(hold, fresh, "another source held the lease while this one could not reach NATS");
    if (lost !== undefined) return this.renumber(hold, fresh, lost);
    // Seqs were lost while we asked: the lease must name a new epoch before anything is published.
    if (this.lost !== undefined) return this.loop.soon(0);
    if (this.role.kind === "lapsed") this.c.log?.warn({ epoch, queued: this.c.queued() }, "lease confirmed again: publishing the queued ticks in the same epoch");
    this.role = { kind: "owner", hold };
    this.c.publishing(true);
  }

  /** Seqs of the current epoch were lost: the lease names `epoch` now; number afresh in it. */
  private renumber(hold: LeaseHold, epoch: string, reason: string): void {
    this.c.log?.warn({ reason, epoch, owner: this.c.ownerId }, "seqs were lost: publishing ticks under a new epoch");
    this.c.report("epoch_lost", reason);
    this.role = { kind: "owner", hold };
    this.begin(epoch);
  }

  private async tryTakeOver(store: LeaseStore): Promise<void> {
    if (this.c.now() < this.takeOverFrom) return;
    const epoch = this.newEpochId();
    const sentAt = this.c.now();
    const revision = await store.tryCreate(this.c.value(epoch));
    if (revision === undefined || this.stopped || this.role.kind !== "standby") return;
    const hold = new LeaseHold(revision, sentAt, { ttlMs: this.c.bus.leaseTtlMs, now: this.c.now, timers: this.c.timers, onLapse: () => this.lapse(hold) });
    this.role = { kind: "owner", hold };
    this.takeovers++;
    this.c.log?.warn({ epoch, owner: this.c.ownerId }, "took the source lease: publishing ticks under a new epoch");
    this.begin(epoch);
  }

  private begin(epoch: string): void {
    this.lost = undefined;
    try {
      this.c.begin(epoch);
    } catch (err) {
      // In one process this would fail the server's start; here it happens later, so say it loudly.
      this.c.log?.error({ err }, "the tick source failed to start");
      this.demote(`the tick source failed to start: ${(err as Error).message}`);
    }
  }

  private newEpochId(): string {
    return `${this.c.now().toString(36)}-${randomHex(this.c.random, 8)}`;
  }

  /** The TTL passed without a refresh: someone else may take the lease now, so publish nothing. */
  private lapse(hold: LeaseHold): void {
    if (this.role.kind !== "owner" || this.role.hold !== hold) return;
    this.role = { kind: "lapsed", hold };
    this.c.publishing(false);
    this.c.report("lease_lapsed", `lease not refreshed within ${this.c.bus.leaseTtlMs} ms (NATS unreachable or too slow): ticks queue until it is confirmed`);
  }

  /** The owner cannot go on (its tick source failed to start after the lease was taken): standby. */
  giveUp(reason: string): void {
    this.demote(reason);
  }

  private demote(reason: string): void {
    const hold = this.hold;
    if (!hold) return;
    hold.drop();
    this.c.log?.warn({ reason, owner: this.c.ownerId }, "lost the source lease: standing by");
    this.c.report("lease_lost", reason);
    this.role = { kind: "standby" };
    this.c.end();
  }
}
