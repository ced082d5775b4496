/**
 * When to flush queued feed events. Browsers flush on the next animation frame; tests inject
 * their own scheduler and call the callbacks themselves; elsewhere a 16 ms timer stands in.
 */
export interface FrameScheduler {
  request(callback: () => void): unknown;
  cancel(handle: unknown): void;
}

const FALLBACK_FRAME_MS = 16;

export function defaultFrameScheduler(): FrameScheduler {
  const g = globalThis as typeof globalThis & {
    requestAnimationFrame?: (cb: () => void) => number;
    cancelAnimationFrame?: (handle: number) => void;
  };
  if (typeof g.requestAnimationFrame === "function" && typeof g.cancelAnimationFrame === "function") {
    const raf = g.requestAnimationFrame.bind(g);
    const caf = g.cancelAnimationFrame.bind(g);
    return { request: (cb) => raf(cb), cancel: (handle) => caf(handle as number) };
  }
  return {
    request: (cb) => setTimeout(cb, FALLBACK_FRAME_MS),
    cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}
