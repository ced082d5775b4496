/**
 * Audit defect 8: answers within the rate limit must not multiply what a client sends. Unknown or
 * invalid symbols of one request get one error frame each kind, and snapshots draw on a byte
 * budget per connection (FEED_SNAPSHOT_BUDGET) beyond which they carry only the newest tick.
 */
import { describe, expect, it } from "vitest";
import type { ErrorMessage } from "../lib/protocol";
import { ManualSource } from "./testing/manualSource";
import { useHarness } from "./testing/harness";
import { firstGap } from "./testing/testClient";

const h = useHarness();

async function setup(env: Record<string, string> = {}) {
  const source = new ManualSource({ AAPL: 100, MSFT: 400 });
  const running = await h.start(env, { source });
  const c = await h.connect(running.wsUrl);
  return { source, running, c };
}

describe("amplification within the rate limit", () => {
  it("answers 1,500 unknown symbols in one subscribe with one error frame listing them", async () => {
    const { c } = await setup();
    const unknown = Array.from({ length: 1500 }, (_, i) => `Z${i}`);
    c.subscribe([...unknown, "AAPL"]);
    await c.next("snapshot", (s) => s.symbol === "AAPL");
    c.send({ op: "ping", id: 1 });
    await c.next("pong");
    const errors = c.messages.filter((m): m is ErrorMessage => m.type === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("UNKNOWN_SYMBOL");
    expect(errors[0]!.symbols).toEqual(unknown);
    expect(errors[0]!.message).toMatch(/1500 unknown symbols: Z0, Z1/);
  });

  it("answers many invalid symbols with one BAD_REQUEST, and one unknown symbol still names it in symbol", async () => {
    const { c } = await setup();
    c.subscribe([...Array.from({ length: 300 }, (_, i) => `bad ${i}`), "NOPE"]);
    const unknown = await c.next("error", (e) => e.code === "UNKNOWN_SYMBOL");
    expect(unknown.symbol).toBe("NOPE");
    expect(unknown.symbols).toEqual(["NOPE"]);
    c.send({ op: "ping", id: 1 });
    await c.next("pong");
    const bad = c.messages.filter((m): m is ErrorMessage => m.type === "error" && m.code === "BAD_REQUEST");
    expect(bad).toHaveLength(1);
    expect(bad[0]!.symbols).toHaveLength(300);
  });

  it("sends only the newest tick in snapshots once the connection's snapshot budget is spent, and ticks stay contiguous", async () => {
    const { source, running, c } = await setup({ FEED_SNAPSHOT_BUDGET: "1000" });
    source.emitMany("AAPL", 50);
    for (let i = 0; i < 10; i++) c.subscribe(["AAPL"]);
    await c.next("snapshot", () => c.snapshots("AAPL").length === 10);
    const snapshots = c.snapshots("AAPL");
    // The budget holds 16 s x 1,000 bytes; each full snapshot is the size of its frame.
    const fitting = Math.floor(16_000 / JSON.stringify(snapshots[0]).length);
    expect(fitting).toBeGreaterThanOrEqual(2);
    const sizes = snapshots.map((s) => s.ticks.length);
    expect(sizes).toEqual([...Array<number>(fitting).fill(50), ...Array<number>(10 - fitting).fill(1)]);
    for (const s of c.snapshots("AAPL")) expect(s.seq).toBe(50);
    const tick = source.emit("AAPL");
    await c.next("tick", (t) => t.seq === tick.seq);
    expect(firstGap(c.seqsSinceSnapshot("AAPL"))).toBeUndefined();
    const metrics = await (await fetch(`${running.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^tickwire_snapshots_trimmed_total ${10 - fitting}$`, "m"));
  });

  it("never trims a snapshot within the default budget (a dashboard subscribing 200 symbols at once)", async () => {
    const opens = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`S${i}`, 100]));
    const source = new ManualSource(opens);
    const running = await h.start({}, { source });
    for (const s of Object.keys(opens)) source.emitMany(s, 200);
    const c = await h.connect(running.wsUrl);
    c.subscribe(Object.keys(opens));
    await c.next("snapshot", (s) => s.symbol === "S199");
    const trimmed = c.messages.filter((m) => m.type === "snapshot" && m.ticks.length !== 200);
    expect(trimmed).toHaveLength(0);
  });
});
