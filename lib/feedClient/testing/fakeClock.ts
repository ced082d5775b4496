/**
 * A hand-cranked clock and timer queue for the client's injected `now`/`setTimeout`/
 * `clearTimeout`. Tests move time with `advance()`; nothing ever waits for real time.
 */
export class FakeClock {
  private nowMs = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  readonly now = (): number => this.nowMs;

  readonly setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId;
    this.nextId += 1;
    this.timers.set(id, { at: this.nowMs + ms, fn });
    return id;
  };

  readonly clearTimeout = (handle: unknown): void => {
    if (typeof handle === "number") this.timers.delete(handle);
  };

  /** Number of timers still scheduled. */
  get pending(): number {
    return this.timers.size;
  }

  /** Delays (from now) of the scheduled timers, soonest first. */
  pendingDelays(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.nowMs).sort((a, b) => a - b);
  }

  /** Moves time to the soonest timer and fires it (only it); returns the delay that passed. */
  runNext(): number {
    const delay = this.pendingDelays()[0];
    if (delay === undefined) throw new Error("no timer is scheduled");
    this.advance(delay);
    return delay;
  }

  /** Moves time forward, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.timers.delete(next.id);
      this.nowMs = next.at;
      next.fn();
    }
    this.nowMs = target;
  }

  private nextDue(limit: number): { id: number; at: number; fn: () => void } | null {
    let best: { id: number; at: number; fn: () => void } | null = null;
    for (const [id, timer] of this.timers) {
      if (timer.at > limit) continue;
      // Ties fire in scheduling order, as real timers do.
      if (!best || timer.at < best.at || (timer.at === best.at && id < best.id)) best = { id, ...timer };
    }
    return best;
  }
}
