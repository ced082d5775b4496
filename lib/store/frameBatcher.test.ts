import { describe, expect, it, vi } from "vitest";
import { createFrameBatcher } from "./frameBatcher";
import { defaultFrameScheduler } from "./frameScheduler";
import { manualFrames } from "./testSupport";

describe("createFrameBatcher", () => {
  it("hands over everything queued in one call per frame", () => {
    const frames = manualFrames();
    const onFlush = vi.fn();
    const batcher = createFrameBatcher<number>(onFlush, { scheduler: frames.scheduler });
    for (let i = 0; i < 500; i++) batcher.push(i);
    expect(onFlush).not.toHaveBeenCalled();
    expect(frames.pending()).toBe(1);
    frames.runFrame();
    expect(onFlush).toHaveBeenCalledTimes(1);
    expect(onFlush.mock.calls[0]![0]).toHaveLength(500);
    frames.runFrame();
    expect(onFlush).toHaveBeenCalledTimes(1);
  });

  it("flushes synchronously when the queue is full (hidden tabs get no frames)", () => {
    const frames = manualFrames();
    const onFlush = vi.fn();
    const batcher = createFrameBatcher<number>(onFlush, { scheduler: frames.scheduler, maxQueue: 3 });
    batcher.push(1);
    batcher.push(2);
    batcher.push(3);
    expect(onFlush).toHaveBeenCalledWith([1, 2, 3]);
    expect(frames.pending()).toBe(0);
  });

  it("drops the queue and the frame on dispose", () => {
    const frames = manualFrames();
    const onFlush = vi.fn();
    const batcher = createFrameBatcher<number>(onFlush, { scheduler: frames.scheduler });
    batcher.push(1);
    batcher.dispose();
    batcher.push(2);
    frames.runFrame();
    expect(onFlush).not.toHaveBeenCalled();
  });

  it("falls back to a 16 ms timer without requestAnimationFrame", () => {
    vi.useFakeTimers();
    try {
      const onFlush = vi.fn();
      const batcher = createFrameBatcher<number>(onFlush, { scheduler: defaultFrameScheduler() });
      batcher.push(1);
      vi.advanceTimersByTime(15);
      expect(onFlush).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(onFlush).toHaveBeenCalledWith([1]);
    } finally {
      vi.useRealTimers();
    }
  });
});
