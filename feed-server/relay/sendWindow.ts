/**
 * Outgoing frames to an upstream that limits how many messages it accepts per second
 * (Binance: 5). A sliding one-second window, so no second ever sees more than the limit,
 * whatever the burst.
 */
import type { Timers } from "../tickSource";

export class SendWindow {
  private readonly queue: string[] = [];
  private readonly sentAt: number[] = [];
  private timer: unknown;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number,
    private readonly timers: Timers,
    private readonly send: (frame: string) => void,
  ) {}

  push(frames: string[]): void {
    this.queue.push(...frames);
    this.drain();
  }

  /** Forgets queued frames (they were for a connection that is gone). */
  clear(): void {
    this.queue.length = 0;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  get pending(): number {
    return this.queue.length;
  }

  private drain(): void {
    if (this.timer !== undefined) return;
    while (this.queue.length > 0) {
      const t = this.now();
      while (this.sentAt.length > 0 && this.sentAt[0]! <= t - 1000) this.sentAt.shift();
      if (this.sentAt.length >= this.perSecond) {
        this.timer = this.timers.setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, this.sentAt[0]! + 1000 - t + 1);
        return;
      }
      this.sentAt.push(t);
      this.send(this.queue.shift()!);
    }
  }
}
