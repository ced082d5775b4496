import { describe, expect, it } from "vitest";
import { waitFor } from "../lib/testing/waitFor";
import { ManualSource } from "./testing/manualSource";
import { useHarness } from "./testing/harness";
import type { RunningServer } from "./testing/startServer";
import { firstGap, TestClient } from "./testing/testClient";

const h = useHarness();
let running: RunningServer | undefined;

async function setup() {
  const source = new ManualSource({ AAPL: 100, MSFT: 400 });
  running = await h.start({}, { source });
  const c = await TestClient.connect(running.wsUrl);
  h.track(c);
  return { source, c };
}

describe("what the source tells the server", () => {
  it("reports demand: first subscriber and last one leaving", async () => {
    const { source, c } = await setup();
    const other = await TestClient.connect(running!.wsUrl);
    h.track(other);
    c.subscribe(["AAPL"]);
    other.subscribe(["AAPL", "MSFT"]);
    await other.next("snapshot", (s) => s.symbol === "MSFT");
    expect(source.demands).toEqual([
      ["AAPL", true],
      ["MSFT", true],
    ]);
    c.send({ op: "unsubscribe", symbols: ["AAPL"] });
    await c.next("unsubscribed");
    expect(source.demands).toHaveLength(2);
    other.close();
    await waitFor(() => source.demands.length === 4, "demand to drop for both symbols");
    expect(source.demands.slice(2).sort()).toEqual([
      ["AAPL", false],
      ["MSFT", false],
    ]);
  });

  it("publishes stale and live status and puts the state in snapshots", async () => {
    const { source, c } = await setup();
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    source.out.status("AAPL", "stale", "upstream disconnected");
    expect(await c.next("status")).toEqual({ type: "status", symbol: "AAPL", state: "stale", reason: "upstream disconnected", market: "open" });
    const late = await TestClient.connect(running!.wsUrl);
    h.track(late);
    late.subscribe(["AAPL"]);
    expect(await late.next("snapshot")).toMatchObject({ state: "stale", reason: "upstream disconnected" });
    source.out.status("AAPL", "live");
    await c.next("status", (s) => s.state === "live");
    const body = (await (await fetch(`${running!.httpUrl}/symbols`)).json()) as { symbol: string; state: string }[];
    expect(body.find((s) => s.symbol === "AAPL")?.state).toBe("live");
  });

  it("a reset publishes a resumed:false snapshot that subscribers continue from", async () => {
    const { source, c } = await setup();
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    source.emitMany("AAPL", 3);
    source.out.reset("AAPL", 99, [{ seq: 50, price: 101, size: 1, ts: 1 }]);
    const snap = await c.next("snapshot", (s) => s.seq === 50);
    expect(snap).toMatchObject({ resumed: false, open: 99 });
    source.out.tick({ symbol: "AAPL", seq: 51, price: 102, size: 1, ts: 2 });
    await c.next("tick", (t) => t.seq === 51);
    const after = c.messages.slice(c.messages.indexOf(snap));
    expect(firstGap([50, ...after.filter((m) => m.type === "tick").map((m) => (m as { seq: number }).seq)])).toBeUndefined();
  });

  it("a new epoch closes clients with 1012 and the next welcome carries it", async () => {
    const { source, c } = await setup();
    source.emitMany("AAPL", 5);
    source.out.epoch("upstream-epoch-2");
    expect(await c.waitForClose()).toEqual({ code: 1012, reason: "Tick numbering restarted (new epoch)" });
    const again = await TestClient.connect(running!.wsUrl);
    h.track(again);
    expect(again.welcome.epoch).toBe("upstream-epoch-2");
    again.subscribe(["AAPL"], { epoch: c.welcome.epoch, since: { AAPL: 5 } });
    expect(await again.next("snapshot")).toMatchObject({ resumed: false, seq: 0 });
    source.out.tick({ symbol: "AAPL", seq: 1, price: 100, size: 1, ts: 1 });
    await again.next("tick", (t) => t.seq === 1);
  });

  it("adds symbols an upstream announces", async () => {
    const { source, c } = await setup();
    source.out.addSymbol("NEW", 5);
    c.subscribe(["NEW"]);
    expect(await c.next("snapshot")).toMatchObject({ symbol: "NEW", open: 5 });
  });
});
