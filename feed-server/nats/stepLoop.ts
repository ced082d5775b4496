/**
 * Runs an async step over and over, never two at once: each run says how long to wait before the
 * next. A run asked for while one is under way (NATS came back in the middle of a lease step that
 * is still waiting on a dead connection) happens right after it instead of being lost, which would
 * leave the next attempt a whole interval away.
 */
import type { Timers } from "../tickSource";

export class StepLoop {
  private timer: unknown;
  private running = false;
  private again = false;
  private stopped = false;

  /** `step` resolves to the delay before its next run; a rejection waits `fallbackMs`. */
  constructor(
    private readonly timers: Timers,
    private readonly step: () => Promise<number>,
    private readonly fallbackMs: number,
  ) {}

  /** Runs the step in `ms`; with 0, now, or right after the current run. */
  soon(ms: number): void {
    if (this.stopped) return;
    if (this.running) {
      if (ms === 0) this.again = true;
      return;
    }
    this.schedule(ms);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    this.running = true;
    let delay: number;
    try {
      delay = await this.step();
    } catch {
      delay = this.fallbackMs;
    }
    this.running = false;
    const again = this.again;
    this.again = false;
    if (!this.stopped) this.schedule(again ? 0 : delay);
  }
}
