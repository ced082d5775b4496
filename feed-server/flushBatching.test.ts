/**
 * Write batching (FEED_FLUSH_MS) against a real server: ticks wait in the flush queue, yet a
 * client that subscribes meanwhile gets a snapshot and then exactly the ticks after it.
 */
import { describe, expect, it } from "vitest";
import { ManualSource } from "./testing/manualSource";
import { useHarness } from "./testing/harness";
import { firstGap, type TestClient } from "./testing/testClient";

const h = useHarness();

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Seqs of AAPL the client holds: its snapshot's, then its live ticks', in arrival order. */
function expectContiguousFromSnapshot(c: TestClient, label: string): void {
  const snap = c.snapshots("AAPL")[0]!;
  const ticks = c.ticks("AAPL");
  expect(ticks[0]?.seq, `${label}: first live tick after snapshot seq ${snap.seq}`).toBe(snap.seq + 1);
  expect(firstGap(c.seqsSinceSnapshot("AAPL")), label).toBeUndefined();
}

describe("FEED_FLUSH_MS write batching", () => {
  it("a subscriber joining while ticks are queued gets them in its snapshot only, and existing subscribers get them as ticks", async () => {
    const source = new ManualSource({ AAPL: 100 });
    // A window long enough that the subscribe below surely lands while ticks 1-3 are queued.
    const running = await h.start({ FEED_FLUSH_MS: "1000" }, { source });
    const early = await h.connect(running.wsUrl);
    early.subscribe(["AAPL"]);
    await early.next("snapshot");
    source.emitMany("AAPL", 3);
    const late = await h.connect(running.wsUrl);
    late.subscribe(["AAPL"]);
    const snap = await late.next("snapshot");
    expect(snap.seq).toBe(3);
    expect(snap.ticks.map((t) => t.seq)).toEqual([1, 2, 3]);
    source.emit("AAPL");
    await late.next("tick", (t) => t.seq === 4, 0, 5000);
    await early.next("tick", (t) => t.seq === 4, 0, 5000);
    expect(late.ticks("AAPL").map((t) => t.seq)).toEqual([4]);
    expect(early.ticks("AAPL").map((t) => t.seq)).toEqual([1, 2, 3, 4]);
  });

  it("under a steady stream at 50 ms, every late subscriber continues at snapshot.seq + 1 with no duplicate and no gap", async () => {
    const running = await h.start({ FEED_SYMBOLS: "AAPL", FEED_TICK_RATE: "400", FEED_FLUSH_MS: "50" });
    const watcher = await h.connect(running.wsUrl);
    watcher.subscribe(["AAPL"]);
    await watcher.next("snapshot");
    const late: TestClient[] = [];
    for (let i = 0; i < 8; i++) {
      // Let the stream move on between subscribers, so they join at different points of a window.
      const seen = watcher.ticks("AAPL").at(-1)?.seq ?? 0;
      await watcher.next("tick", (t) => t.seq > seen + 7, 0, 10_000);
      const c = await h.connect(running.wsUrl);
      c.subscribe(["AAPL"]);
      late.push(c);
    }
    for (const [i, c] of late.entries()) {
      const snap = await c.next("snapshot", () => true, 0, 10_000);
      await c.next("tick", (t) => t.seq >= snap.seq + 60, 0, 15_000);
      expectContiguousFromSnapshot(c, `late subscriber ${i + 1}`);
    }
    expectContiguousFromSnapshot(watcher, "watcher");
    expect(watcher.garbage).toEqual([]);

    // Batching happened: on average a send carried more than one tick.
    const text = await (await fetch(`${running.httpUrl}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
    expect(value("tickwire_flush_sends_count")).toBeGreaterThan(0);
    expect(value("tickwire_flush_ticks_per_send_sum") / value("tickwire_flush_ticks_per_send_count")).toBeGreaterThan(1.5);
  });

  it("a resume while ticks are queued returns exactly the ticks after since, then the live ones", async () => {
    const source = new ManualSource({ AAPL: 100 });
    const running = await h.start({ FEED_FLUSH_MS: "1000" }, { source });
    const c = await h.connect(running.wsUrl);
    source.emitMany("AAPL", 10);
    c.subscribe(["AAPL"], { epoch: c.welcome.epoch, since: { AAPL: 6 } });
    const snap = await c.next("snapshot");
    expect(snap).toMatchObject({ resumed: true, seq: 10 });
    expect(snap.ticks.map((t) => t.seq)).toEqual(range(7, 10));
    source.emitMany("AAPL", 2);
    await c.next("tick", (t) => t.seq === 12, 0, 5000);
    expect(c.ticks("AAPL").map((t) => t.seq)).toEqual([11, 12]);
  });

  it("at FEED_FLUSH_MS=0 every frame goes out at once, one per send", async () => {
    const source = new ManualSource({ AAPL: 100 });
    const running = await h.start({ FEED_FLUSH_MS: "0" }, { source });
    const c = await h.connect(running.wsUrl);
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    source.emitMany("AAPL", 20);
    // Published synchronously: the counter moved before any timer could run.
    expect((await running.server.metrics.ticksPerSend.get()).values.find((v) => v.metricName === "tickwire_flush_ticks_per_send_count")?.value).toBe(20);
    await c.next("tick", (t) => t.seq === 20);
    const text = await (await fetch(`${running.httpUrl}/metrics`)).text();
    expect(text).toMatch(/^tickwire_flush_ticks_per_send_sum 20$/m);
    expect(text).toMatch(/^tickwire_flush_sends_sum 20$/m);
  });

  it("stopping the server publishes what is queued before the clients are closed", async () => {
    const source = new ManualSource({ AAPL: 100 });
    const running = await h.start({ FEED_FLUSH_MS: "1000" }, { source });
    const c = await h.connect(running.wsUrl);
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    source.emitMany("AAPL", 5);
    await running.server.stop();
    await c.waitForClose();
    expect(c.ticks("AAPL").map((t) => t.seq)).toEqual(range(1, 5));
  });
});
