import { describe, expect, it } from "vitest";
import { ManualSource } from "./testing/manualSource";
import { useHarness } from "./testing/harness";
import type { RunningServer } from "./testing/startServer";
import { firstGap } from "./testing/testClient";

const h = useHarness();
let running: RunningServer | undefined;

const connect = (url: string) => h.connect(url);

describe("subscribe: snapshot, then contiguous ticks", () => {
  it("welcomes with protocol, server, epoch and symbols", async () => {
    running = await h.start({ FEED_SYMBOLS: "AAPL,MSFT,BTC-USD" });
    const c = await connect(running.wsUrl);
    expect(c.welcome).toMatchObject({ protocol: 1, server: "tickwire/0.1.0", symbols: ["AAPL", "MSFT", "BTC-USD"] });
    expect(c.welcome.epoch).toBe(running.server.epoch);
    expect(Math.abs(c.welcome.time - Date.now())).toBeLessThan(5000);
  });

  it("sends a snapshot before any tick and then every tick with no gap (simulator, 400 ticks/s)", async () => {
    running = await h.start({ FEED_SYMBOLS: "AAPL,MSFT", FEED_TICK_RATE: "200" });
    const c = await connect(running.wsUrl);
    c.subscribe(["AAPL", "MSFT"]);
    for (const symbol of ["AAPL", "MSFT"]) {
      await c.next("tick", (t) => t.symbol === symbol && c.ticks(symbol).length >= 300);
      const firstSnapshot = c.messages.findIndex((m) => m.type === "snapshot" && m.symbol === symbol);
      const firstTick = c.messages.findIndex((m) => m.type === "tick" && m.symbol === symbol);
      expect(firstSnapshot).toBeGreaterThan(0);
      expect(firstSnapshot).toBeLessThan(firstTick);
      const snap = c.snapshots(symbol)[0]!;
      expect(c.ticks(symbol)[0]!.seq).toBe(snap.seq + 1);
      expect(snap.ticks.at(-1)?.seq ?? 0).toBe(snap.seq);
      expect(firstGap(c.seqsSinceSnapshot(symbol))).toBeUndefined();
    }
    expect(c.garbage).toEqual([]);
  });

  it("gives every subscriber the same ticks, and a late subscriber continues from its snapshot", async () => {
    const source = new ManualSource({ AAPL: 100 });
    running = await h.start({}, { source });
    const early = await connect(running.wsUrl);
    early.subscribe(["AAPL"]);
    await early.next("snapshot");
    source.emitMany("AAPL", 30);
    const late = await connect(running.wsUrl);
    late.subscribe(["AAPL"]);
    const lateSnap = await late.next("snapshot");
    expect(lateSnap.seq).toBe(30);
    source.emitMany("AAPL", 20);
    await early.next("tick", (t) => t.seq === 50);
    await late.next("tick", (t) => t.seq === 50);
    expect(early.ticks("AAPL").map((t) => t.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(late.ticks("AAPL").map((t) => t.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 31));
    expect(late.ticks("AAPL")).toEqual(early.ticks("AAPL").slice(30));
  });

  it("unsubscribe stops that symbol only and is confirmed", async () => {
    const source = new ManualSource({ AAPL: 100, MSFT: 400 });
    running = await h.start({}, { source });
    const c = await connect(running.wsUrl);
    c.subscribe(["AAPL", "MSFT"]);
    await c.next("snapshot", (s) => s.symbol === "MSFT");
    c.send({ op: "unsubscribe", symbols: ["AAPL", "NOT-SUBSCRIBED"] });
    const done = await c.next("unsubscribed");
    expect(done.symbols).toEqual(["AAPL"]);
    source.emit("AAPL");
    source.emit("MSFT");
    await c.next("tick", (t) => t.symbol === "MSFT");
    expect(c.ticks("AAPL")).toEqual([]);
  });

  it("answers ping with pong carrying the id and server time", async () => {
    running = await h.start({ FEED_SYMBOLS: "AAPL" });
    const c = await connect(running.wsUrl);
    c.send({ op: "ping", id: 7 });
    const pong = await c.next("pong");
    expect(pong.id).toBe(7);
    expect(Math.abs(pong.time - Date.now())).toBeLessThan(5000);
  });

  it("a source that skips a seq loses that tick visibly, and the stream stays contiguous", async () => {
    const source = new ManualSource({ AAPL: 100 });
    running = await h.start({}, { source });
    const c = await connect(running.wsUrl);
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    source.emit("AAPL");
    source.emitRaw({ symbol: "AAPL", seq: 5, price: 1, size: 1, ts: 1 });
    source.emitRaw({ symbol: "AAPL", seq: 2, price: 2, size: 1, ts: 2 });
    await c.next("tick", (t) => t.seq === 2);
    expect(c.ticks("AAPL").map((t) => t.seq)).toEqual([1, 2]);
  });
});
