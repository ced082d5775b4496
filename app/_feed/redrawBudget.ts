/**
 * Shares the main thread between many charts. Each chart asks for a redraw; every animation
 * frame runs waiting redraws, oldest request first, until a time budget is spent, and leaves the
 * rest for the next frames. Fifty cards then cost a few chart renders per frame instead of fifty
 * renders landing in one long task, and every chart still keeps up, just less often.
 */
export interface RedrawBudgetOptions {
  requestFrame: (cb: () => void) => unknown;
  now: () => number;
  /** Milliseconds of redraw work per frame before the rest waits for the next frame. */
  budgetMs: number;
}

export interface RedrawBudget {
  /** Queues `job` (once, however often it is asked for) for an upcoming frame. */
  request(job: () => void): void;
  cancel(job: () => void): void;
  readonly pending: number;
}

export function createRedrawBudget(options: RedrawBudgetOptions): RedrawBudget {
  // A Set keeps insertion order, so a job re-requested after it ran goes to the back: round robin.
  const waiting = new Set<() => void>();
  let frameRequested = false;

  const runFrame = () => {
    frameRequested = false;
    const start = options.now();
    for (const job of waiting) {
      waiting.delete(job);
      job();
      if (options.now() - start >= options.budgetMs) break;
    }
    if (waiting.size > 0) requestFrame();
  };

  function requestFrame(): void {
    if (frameRequested) return;
    frameRequested = true;
    options.requestFrame(runFrame);
  }

  return {
    request(job) {
      waiting.add(job);
      requestFrame();
    },
    cancel(job) {
      waiting.delete(job);
    },
    get pending() {
      return waiting.size;
    },
  };
}

let shared: RedrawBudget | undefined;

/** The page's budget (browser only): about a third of a 60 Hz frame for chart redraws. */
export function pageRedrawBudget(): RedrawBudget {
  shared ??= createRedrawBudget({
    requestFrame: (cb) => requestAnimationFrame(() => cb()),
    now: () => performance.now(),
    budgetMs: 6,
  });
  return shared;
}
