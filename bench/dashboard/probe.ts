/**
 * In-page instrumentation for the dashboard benchmark, injected with `page.addInitScript` so
 * production code carries none of it. Between start() and stop() it records:
 * - every animation-frame interval (a requestAnimationFrame loop),
 * - long tasks (PerformanceObserver "longtask", i.e. main-thread tasks over 50 ms),
 * - each card's data-seq change (the store applied ticks `from + 1 .. to`) with two times:
 *   `nextFrameMs`, the start of the first animation frame after the one that applied it (that
 *   frame has been painted by then: the "rAF after" measure), and `afterPaintMs`, a message
 *   task posted from the applying frame, which runs once that frame's rendering task is done.
 * Times are wall-clock ms (performance.timeOrigin + now), comparable with the ticks' `ts`.
 */

export interface SeqChange {
  symbol: string;
  from: number;
  to: number;
  appliedMs: number;
  nextFrameMs: number;
  afterPaintMs: number;
}

export interface ProbeResult {
  frameIntervalsMs: number[];
  longTasks: { startMs: number; durationMs: number }[];
  seqChanges: SeqChange[];
  windowMs: number;
}

export interface DashboardProbe {
  start(): void;
  stop(): ProbeResult;
}

declare global {
  interface Window {
    __dashboardProbe?: DashboardProbe;
  }
}

/** Runs in the page (serialised by Playwright): everything it uses must be defined inside. */
export function installProbe(): void {
  const wall = (perfMs: number) => performance.timeOrigin + perfMs;
  let measuring = false;
  let startedAt = 0;
  let lastFrame: number | null = null;
  let intervals: number[] = [];
  let longTasks: ProbeResult["longTasks"] = [];
  let changes: SeqChange[] = [];
  /** Applied but not yet followed by a frame start / an after-paint message. */
  let awaitingFrame: SeqChange[] = [];
  let awaitingPaint: SeqChange[] = [];
  let paintMessagePosted = false;
  const lastSeq = new Map<string, number>();

  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    paintMessagePosted = false;
    const now = wall(performance.now());
    for (const change of awaitingPaint) change.afterPaintMs = now;
    awaitingPaint = [];
  };

  new MutationObserver((records) => {
    for (const record of records) {
      const el = record.target as Element;
      const symbol = el.getAttribute("aria-label");
      const seq = Number(el.getAttribute("data-seq"));
      if (symbol === null || !Number.isFinite(seq)) continue;
      const prev = lastSeq.get(symbol);
      lastSeq.set(symbol, seq);
      // Only live progress counts: not a card's first snapshot, not a reset to a new epoch.
      if (!measuring || prev === undefined || prev === 0 || seq <= prev) continue;
      const change: SeqChange = { symbol, from: prev, to: seq, appliedMs: wall(performance.now()), nextFrameMs: 0, afterPaintMs: 0 };
      changes.push(change);
      awaitingFrame.push(change);
      awaitingPaint.push(change);
      if (!paintMessagePosted) {
        paintMessagePosted = true;
        channel.port2.postMessage(null);
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-seq"] });

  const onFrame = (t: number) => {
    if (measuring) {
      if (lastFrame !== null) intervals.push(t - lastFrame);
      lastFrame = t;
      // A change applied inside this same frame (after its start) is painted at the end of it.
      const frameStart = wall(t);
      const still: SeqChange[] = [];
      for (const change of awaitingFrame) {
        if (change.appliedMs < frameStart) change.nextFrameMs = frameStart;
        else still.push(change);
      }
      awaitingFrame = still;
    }
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  new PerformanceObserver((list) => {
    if (!measuring) return;
    for (const entry of list.getEntries()) longTasks.push({ startMs: entry.startTime, durationMs: entry.duration });
  }).observe({ type: "longtask" });

  window.__dashboardProbe = {
    start() {
      measuring = true;
      startedAt = performance.now();
      lastFrame = null;
      intervals = [];
      longTasks = [];
      changes = [];
      awaitingFrame = [];
      awaitingPaint = [];
    },
    stop() {
      measuring = false;
      // Changes still waiting for their frame at the end are left out rather than guessed.
      const done = changes.filter((c) => c.nextFrameMs > 0 && c.afterPaintMs > 0);
      return { frameIntervalsMs: intervals, longTasks, seqChanges: done, windowMs: performance.now() - startedAt };
    },
  };
}
