/**
 * A lease this source holds: its revision, and the fence that pauses publishing once the TTL has
 * passed since the last successful refresh was SENT. The server expires the key a TTL after it
 * stored that refresh, which was later, so lapsing then stops us publishing before anyone else
 * can hold the lease, whatever NATS is doing.
 */
import type { Timers } from "../tickSource";

export interface LeaseHoldOptions {
  ttlMs: number;
  now: () => number;
  timers: Timers;
  /** The TTL passed without a refresh: stop publishing until the lease is confirmed. */
  onLapse(): void;
}

export class LeaseHold {
  private timer: unknown;
  private revisionValue: number;

  constructor(revision: number, sentAt: number, private readonly o: LeaseHoldOptions) {
    this.revisionValue = revision;
    this.arm(sentAt);
  }

  get revision(): number {
    return this.revisionValue;
  }

  /** A write at `sentAt` left the lease at `revision`: the fence moves on. */
  renewed(revision: number, sentAt: number): void {
    this.revisionValue = revision;
    this.arm(sentAt);
  }

  /** The lease is given up or lost: no fence any more. */
  drop(): void {
    if (this.timer !== undefined) this.o.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(sentAt: number): void {
    this.drop();
    this.timer = this.o.timers.setTimeout(() => {
      this.timer = undefined;
      this.o.onLapse();
    }, sentAt + this.o.ttlMs - this.o.now());
  }
}
