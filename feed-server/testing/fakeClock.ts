/** A clock and timers that move only when the test says so. */
import type { Timers } from "../tickSource";

export class FakeClock implements Timers {
  private pending = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;

  constructor(public time = 1_800_000_000_000) {}

  readonly now = (): number => this.time;

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Moves time forward, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.pending) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.pending.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
    }
    this.time = end;
  }

  /**
   * Moves time to `time` at once, as a suspended machine wakes: timers that fell due meanwhile
   * run once on the next advance(), not once per period they missed.
   */
  jumpTo(time: number): void {
    this.time = time;
    for (const entry of this.pending.values()) entry.at = Math.max(entry.at, time);
  }

  get timerCount(): number {
    return this.pending.size;
  }
}
