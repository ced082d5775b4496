import { describe, expect, it } from "vitest";
import { FakeClock } from "./testing/fakeClock";
import { FlushQueue } from "./flushQueue";

function setup(intervalMs: number) {
  const clock = new FakeClock();
  /** [time, symbol, frames] per publish call; `|` marks the end of a flush. */
  const log: (string | [number, string, string[]])[] = [];
  const queue = new FlushQueue({
    intervalMs,
    timers: clock,
    publish: (symbol, frames) => log.push([clock.now(), symbol, [...frames]]),
    afterFlush: () => log.push("|"),
  });
  return { clock, queue, log, t0: clock.now() };
}

describe("FlushQueue", () => {
  it("with interval 0 publishes each frame at once, one flush each, and sets no timer", () => {
    const { clock, queue, log, t0 } = setup(0);
    queue.push("AAPL", "a1");
    queue.push("AAPL", "a2");
    expect(log).toEqual([[t0, "AAPL", ["a1"]], "|", [t0, "AAPL", ["a2"]], "|"]);
    expect(clock.timerCount).toBe(0);
  });

  it("keeps the order within a symbol, status and reset frames included, and publishes every symbol in one flush", () => {
    const { clock, queue, log, t0 } = setup(16);
    queue.push("AAPL", "a1");
    queue.push("MSFT", "m1");
    queue.push("AAPL", "a2");
    queue.push("AAPL", "status:stale");
    queue.push("MSFT", "reset");
    queue.push("AAPL", "a3");
    expect(log).toEqual([]);
    expect(queue.size).toBe(6);
    clock.advance(16);
    expect(log).toEqual([[t0 + 16, "AAPL", ["a1", "a2", "status:stale", "a3"]], [t0 + 16, "MSFT", ["m1", "reset"]], "|"]);
    expect(queue.size).toBe(0);
  });

  it("holds no frame longer than the interval: the first frame's timer publishes all queued since", () => {
    const { clock, queue, log, t0 } = setup(10);
    queue.push("AAPL", "a1");
    clock.advance(9);
    queue.push("AAPL", "a2");
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual([[t0 + 10, "AAPL", ["a1", "a2"]], "|"]);
    // The next frame starts a new window of its own, measured from its arrival.
    clock.advance(3);
    queue.push("AAPL", "a3");
    clock.advance(9);
    expect(log).toHaveLength(2);
    clock.advance(1);
    expect(log.at(-2)).toEqual([t0 + 23, "AAPL", ["a3"]]);
  });

  it("sets no timer while idle, and one per window however many frames come", () => {
    const { clock, queue } = setup(10);
    expect(clock.timerCount).toBe(0);
    for (let i = 0; i < 100; i++) queue.push(`S${i % 7}`, String(i));
    expect(clock.timerCount).toBe(1);
    clock.advance(10);
    expect(clock.timerCount).toBe(0);
  });

  it("flushSymbol publishes one symbol's frames early and leaves the others to the timer", () => {
    const { clock, queue, log, t0 } = setup(50);
    queue.push("AAPL", "a1");
    queue.push("MSFT", "m1");
    clock.advance(5);
    queue.flushSymbol("AAPL");
    queue.flushSymbol("NONE");
    expect(log).toEqual([[t0 + 5, "AAPL", ["a1"]], "|"]);
    queue.push("AAPL", "a2");
    clock.advance(45);
    expect(log.slice(2)).toEqual([[t0 + 50, "MSFT", ["m1"]], [t0 + 50, "AAPL", ["a2"]], "|"]);
  });

  it("stop() publishes what is queued, cancels the timer, and publishes later frames at once", () => {
    const { clock, queue, log, t0 } = setup(25);
    queue.push("AAPL", "a1");
    queue.push("AAPL", "a2");
    queue.stop();
    expect(log).toEqual([[t0, "AAPL", ["a1", "a2"]], "|"]);
    expect(clock.timerCount).toBe(0);
    queue.push("AAPL", "a3");
    expect(log.at(-2)).toEqual([t0, "AAPL", ["a3"]]);
    clock.advance(100);
    expect(log).toHaveLength(4);
  });

  it("clear() drops what is queued without publishing it", () => {
    const { clock, queue, log } = setup(25);
    queue.push("AAPL", "old epoch");
    queue.clear();
    clock.advance(100);
    expect(log).toEqual([]);
    expect(clock.timerCount).toBe(0);
  });

  it("refuses an interval that is not a non-negative integer", () => {
    const clock = new FakeClock();
    for (const intervalMs of [-1, 1.5, Number.NaN]) {
      expect(() => new FlushQueue({ intervalMs, timers: clock, publish: () => {} })).toThrow(/non-negative integer/);
    }
  });
});
