/** Replay: bars are built from the replayed ticks, in replay time (the ticks' ts), not wall time. */
import { describe, expect, it } from "vitest";
import type { Bar } from "../../lib/bars/types";
import { waitFor } from "../../lib/testing/waitFor";
import { useHarness } from "../testing/harness";
import { realTimers } from "../tickSource";
import type { ReplayTick } from "../replay/replayFile";
import { ReplaySource } from "../replay/replaySource";

const h = useHarness();

describe("replay builds bars in replay time", () => {
  it("ten recorded minutes played at max speed make ten 1m bars and two 5m bars at once", async () => {
    const recorded: ReplayTick[] = [];
    // One tick every 6 recorded seconds for ten minutes: 100 ticks, 10 per minute.
    for (let i = 0; i < 100; i++) recorded.push({ symbol: "AAPL", price: 100 + (i % 10), size: 10, ts: 1_764_095_000_000 + i * 6_000 });
    const startAt = Date.parse("2027-01-15T15:00:00Z");
    const source = new ReplaySource({ ticks: recorded, speed: "max", loop: false, now: () => startAt, timers: realTimers });
    const s = await h.start({}, { source, now: () => startAt, timers: realTimers });
    await waitFor(() => s.server.bars?.book.open("AAPL", "1s")?.seq === 100, "the whole recording to play");
    const get = async (interval: string) =>
      ((await (await fetch(`${s.httpUrl}/bars/AAPL?interval=${interval}`)).json()) as { bars: (Bar & { partial?: boolean })[] }).bars;
    const minutes = await get("1m");
    expect(minutes.map((b) => b.t)).toEqual(Array.from({ length: 10 }, (_, i) => startAt + i * 60_000));
    expect(minutes.map((b) => b.n)).toEqual(Array(10).fill(10));
    expect(minutes.every((b) => b.o === 100 && b.c === 109 && b.h === 109 && b.l === 100)).toBe(true);
    expect((await get("5m")).map((b) => [b.t, b.n])).toEqual([
      [startAt, 50],
      [startAt + 300_000, 50],
    ]);
  });
});
