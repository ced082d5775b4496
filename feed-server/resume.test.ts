import { describe, expect, it } from "vitest";
import { ManualSource } from "./testing/manualSource";
import { useHarness } from "./testing/harness";
import type { RunningServer } from "./testing/startServer";
import { TestClient } from "./testing/testClient";

const h = useHarness();
let running: RunningServer | undefined;

async function setup(history = 20) {
  const source = new ManualSource({ AAPL: 100, MSFT: 400 });
  running = await h.start({ FEED_HISTORY: String(history), FEED_SNAPSHOT_TICKS: "5" }, { source });
  const c = await TestClient.connect(running.wsUrl);
  h.track(c);
  return { source, c, epoch: c.welcome.epoch };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("resume with epoch and since", () => {
  it("inside the window: resumed:true with exactly the ticks after since", async () => {
    const { source, c, epoch } = await setup();
    source.emitMany("AAPL", 30);
    c.subscribe(["AAPL"], { epoch, since: { AAPL: 17 } });
    const snap = await c.next("snapshot");
    expect(snap).toMatchObject({ symbol: "AAPL", resumed: true, seq: 30 });
    expect(snap.ticks.map((t) => t.seq)).toEqual(range(18, 30));
    source.emit("AAPL");
    expect((await c.next("tick")).seq).toBe(31);
  });

  it("outside the window: resumed:false with the latest window", async () => {
    const { source, c, epoch } = await setup();
    source.emitMany("AAPL", 30);
    c.subscribe(["AAPL"], { epoch, since: { AAPL: 5 } });
    const snap = await c.next("snapshot");
    expect(snap).toMatchObject({ resumed: false, seq: 30 });
    expect(snap.ticks.map((t) => t.seq)).toEqual(range(26, 30));
  });

  it("another epoch: resumed:false, so a client never resumes into a different stream", async () => {
    const { source, c } = await setup();
    source.emitMany("AAPL", 30);
    c.subscribe(["AAPL"], { epoch: "some-older-epoch", since: { AAPL: 25 } });
    const snap = await c.next("snapshot");
    expect(snap).toMatchObject({ resumed: false, seq: 30 });
    expect(snap.ticks.map((t) => t.seq)).toEqual(range(26, 30));
  });

  it("each symbol of one request resumes on its own", async () => {
    const { source, c, epoch } = await setup();
    source.emitMany("AAPL", 12);
    source.emitMany("MSFT", 8);
    c.subscribe(["AAPL", "MSFT"], { epoch, since: { AAPL: 10 } });
    const aapl = await c.next("snapshot", (s) => s.symbol === "AAPL");
    const msft = await c.next("snapshot", (s) => s.symbol === "MSFT");
    expect(aapl).toMatchObject({ resumed: true, seq: 12 });
    expect(aapl.ticks.map((t) => t.seq)).toEqual([11, 12]);
    expect(msft).toMatchObject({ resumed: false, seq: 8 });
    expect(msft.ticks.map((t) => t.seq)).toEqual(range(4, 8));
  });

  it("a client that drops and reconnects fills its gap exactly", async () => {
    const { source, c, epoch } = await setup(200);
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    source.emitMany("AAPL", 40);
    await c.next("tick", (t) => t.seq === 40);
    c.close();
    source.emitMany("AAPL", 60); // published while the client is away
    const again = await TestClient.connect(running!.wsUrl);
    h.track(again);
    const lastSeen = c.ticks("AAPL").at(-1)!.seq;
    again.subscribe(["AAPL"], { epoch, since: { AAPL: lastSeen } });
    const snap = await again.next("snapshot");
    source.emit("AAPL");
    await again.next("tick", (t) => t.seq === 101);
    const all = [...c.ticks("AAPL").map((t) => t.seq), ...snap.ticks.map((t) => t.seq), ...again.ticks("AAPL").map((t) => t.seq)];
    expect(snap.resumed).toBe(true);
    expect(all).toEqual(range(1, 101));
  });

  it("a fresh server start has a new epoch even with the same seed", async () => {
    const first = await setup();
    const firstEpoch = first.epoch;
    await running!.server.stop();
    const { epoch } = await setup();
    expect(epoch).not.toBe(firstEpoch);
  });
});
