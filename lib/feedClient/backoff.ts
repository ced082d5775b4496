/**
 * Reconnect delay with "full jitter", from Marc Brooker, "Exponential Backoff And Jitter",
 * AWS Architecture Blog, 2015 (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/):
 *
 *   sleep = random_between(0, min(cap, base * 2 ** attempt))
 *
 * Full jitter spreads a crowd of clients that lost the same server over the whole window, so
 * they do not come back in synchronized waves; the post shows it does the least total work.
 */
export interface BackoffOptions {
  /** Ceiling of the window for attempt 0, in ms. */
  baseMs: number;
  /** The window never grows beyond this, in ms. */
  maxMs: number;
}

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry after a live connection).
 * `random` is expected in [0, 1); it is clamped so a bad injected source cannot exceed the cap.
 */
export function fullJitterDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  // 2 ** attempt overflows to Infinity for huge attempts; Math.min then yields the cap, which
  // is exactly what we want, but a negative or NaN attempt must not shrink the window.
  const exponent = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0;
  return unit * ceiling;
}
