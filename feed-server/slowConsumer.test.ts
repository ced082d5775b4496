import { describe, expect, it } from "vitest";
import { ManualSource } from "./testing/manualSource";
import { useHarness } from "./testing/harness";
import type { RunningServer } from "./testing/startServer";
import { firstGap, TestClient } from "./testing/testClient";

const h = useHarness();
let running: RunningServer | undefined;

const turn = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("slow consumers", () => {
  it("are disconnected with 4008 and a reason past the backpressure limit, counted, and can resume; others lose nothing", async () => {
    const source = new ManualSource({ AAPL: 100 });
    running = await h.start({ FEED_HISTORY: "400000" }, { source, backpressureSweepMs: 5 });
    const healthy = await TestClient.connect(running.wsUrl);
    const slow = await TestClient.connect(running.wsUrl);
    h.track(healthy, slow);
    healthy.subscribe(["AAPL"]);
    slow.subscribe(["AAPL"]);
    await healthy.next("snapshot");
    await slow.next("snapshot");
    const epoch = slow.welcome.epoch;

    // The slow client stops reading: kernel buffers fill, then the server's own buffer grows.
    const raw = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    const slowConsumers = async () => (await running!.server.metrics.slowConsumers.get()).values[0]?.value ?? 0;
    for (let i = 0; i < 4000 && (await slowConsumers()) === 0; i++) {
      source.emitMany("AAPL", 200);
      await turn();
    }
    expect(await slowConsumers()).toBe(1);
    source.emitMany("AAPL", 500); // published after the disconnect: the slow client must get these on resume
    const published = source.lastSeq("AAPL");

    // The healthy client got every tick, in order.
    await healthy.next("tick", (t) => t.seq === published, 0, 15_000);
    expect(firstGap(healthy.seqsSinceSnapshot("AAPL"))).toBeUndefined();
    expect(healthy.closed).toBeUndefined();

    // Reading again, the slow client drains what was sent, then finds the close code and reason.
    raw.resume();
    const closed = await slow.waitForClose(15_000);
    expect(closed.code).toBe(4008);
    expect(closed.reason).toMatch(/slow consumer/i);
    expect(firstGap(slow.seqsSinceSnapshot("AAPL"))).toBeUndefined();

    // It resumes from the last tick it saw and misses nothing.
    const lastSeen = slow.ticks("AAPL").at(-1)!.seq;
    expect(lastSeen).toBeLessThan(published);
    const again = await TestClient.connect(running.wsUrl);
    h.track(again);
    again.subscribe(["AAPL"], { epoch, since: { AAPL: lastSeen } });
    const snap = await again.next("snapshot", () => true, 0, 15_000);
    expect(snap.resumed).toBe(true);
    expect(snap.ticks[0]!.seq).toBe(lastSeen + 1);
    expect(snap.seq).toBe(published);

    const metrics = await (await fetch(`${running.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^tickwire_slow_consumer_disconnects_total 1$/m);
  });
});
