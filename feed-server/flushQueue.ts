/**
 * Write batching (FEED_FLUSH_MS): frames bound for a symbol's topic wait here and go out
 * together, every symbol in one event-loop turn, at most `intervalMs` after the first of them
 * was queued. uWS merges everything published in one turn into one write per subscriber, so a
 * longer interval means fewer send() calls per delivered tick, at the price of that much delay.
 *
 * Every frame of a symbol passes through here (ticks, status and reset frames alike), so the
 * order within a symbol is the order the source produced it. With `intervalMs` 0 nothing
 * waits: each frame is published as it is pushed, which is the server's unbatched behaviour.
 */
import type { Timers } from "./tickSource";

export interface FlushQueueOptions {
  /** Longest a frame waits before it is published; 0 = publish at once. */
  intervalMs: number;
  timers: Timers;
  /**
   * Publishes one symbol's frames, oldest first. Called synchronously; must not keep `frames`,
   * and must not push to the queue.
   */
  publish(symbol: string, frames: readonly string[]): void;
  /** Called after each flush (a timed one, an early one for one symbol, or an immediate publish). */
  afterFlush?(): void;
}

export class FlushQueue {
  /** Queued frames per symbol; Map order is the order symbols first queued since the last flush. */
  private queued = new Map<string, string[]>();
  private handle: unknown;
  private stopped = false;

  constructor(private readonly options: FlushQueueOptions) {
    if (!Number.isInteger(options.intervalMs) || options.intervalMs < 0) {
      throw new Error(`flush interval must be a non-negative integer (ms), got ${options.intervalMs}`);
    }
  }

  /** Frames waiting, over all symbols. */
  get size(): number {
    let n = 0;
    for (const frames of this.queued.values()) n += frames.length;
    return n;
  }

  /** Queues a frame for `symbol`, or publishes it now when batching is off or the queue stopped. */
  push(symbol: string, frame: string): void {
    if (this.options.intervalMs === 0 || this.stopped) {
      this.options.publish(symbol, [frame]);
      this.options.afterFlush?.();
      return;
    }
    const frames = this.queued.get(symbol);
    if (frames) frames.push(frame);
    else this.queued.set(symbol, [frame]);
    // Armed by the first frame after a flush, so an idle server sets no timers.
    this.handle ??= this.options.timers.setTimeout(this.onTimer, this.options.intervalMs);
  }

  /**
   * Publishes `symbol`'s queued frames now. The server calls this before it builds a snapshot
   * for a new subscriber: the snapshot already contains them (the book records a tick as it
   * arrives), so they must reach the existing subscribers before the new one joins the topic.
   */
  flushSymbol(symbol: string): void {
    const frames = this.queued.get(symbol);
    if (!frames) return;
    this.queued.delete(symbol);
    this.options.publish(symbol, frames);
    this.options.afterFlush?.();
  }

  /** Publishes everything queued, in one turn. */
  flush(): void {
    if (this.handle !== undefined) this.options.timers.clearTimeout(this.handle);
    this.handle = undefined;
    if (this.queued.size === 0) return;
    const batch = this.queued;
    this.queued = new Map();
    for (const [symbol, frames] of batch) this.options.publish(symbol, frames);
    this.options.afterFlush?.();
  }

  /** Drops what is queued without publishing it (the epoch changed: those frames belong to the old one). */
  clear(): void {
    if (this.handle !== undefined) this.options.timers.clearTimeout(this.handle);
    this.handle = undefined;
    this.queued.clear();
  }

  /** Publishes what is queued; later pushes are published at once. */
  stop(): void {
    this.flush();
    this.stopped = true;
  }

  private readonly onTimer = (): void => {
    this.handle = undefined;
    this.flush();
  };
}
