/**
 * Queues items and hands them over in one call per frame. Hidden tabs get no animation frames,
 * so the queue is also flushed synchronously once it reaches `maxQueue`, which bounds memory.
 */
import { defaultFrameScheduler, type FrameScheduler } from "./frameScheduler";

export interface FrameBatcherOptions {
  scheduler?: FrameScheduler;
  /** Flush immediately when this many items are waiting. Default 10 000. */
  maxQueue?: number;
}

export interface FrameBatcher<T> {
  push(item: T): void;
  /** Flushes whatever is queued now, e.g. before tearing down. */
  flush(): void;
  /** Drops the queue and cancels the pending frame. */
  dispose(): void;
}

export function createFrameBatcher<T>(
  onFlush: (items: T[]) => void,
  options: FrameBatcherOptions = {},
): FrameBatcher<T> {
  const scheduler = options.scheduler ?? defaultFrameScheduler();
  const maxQueue = options.maxQueue ?? 10_000;
  let queue: T[] = [];
  let pending: unknown = null;
  let disposed = false;

  const flush = (): void => {
    if (pending !== null) {
      scheduler.cancel(pending);
      pending = null;
    }
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    onFlush(items);
  };

  const onFrame = (): void => {
    pending = null;
    flush();
  };

  return {
    push(item) {
      if (disposed) return;
      queue.push(item);
      if (queue.length >= maxQueue) flush();
      else if (pending === null) pending = scheduler.request(onFrame);
    },
    flush,
    dispose() {
      disposed = true;
      queue = [];
      if (pending !== null) scheduler.cancel(pending);
      pending = null;
    },
  };
}
