import { describe, expect, it } from "vitest";
import { ManualSource } from "./testing/manualSource";
import { useHarness } from "./testing/harness";
import type { RunningServer } from "./testing/startServer";
import { firstGap, TestClient } from "./testing/testClient";

const h = useHarness();
let running: RunningServer | undefined;

async function setup(env: Record<string, string> = {}) {
  const source = new ManualSource({ AAPL: 100, MSFT: 400, "BTC-USD": 90000 });
  running = await h.start(env, { source });
  const bystander = await TestClient.connect(running.wsUrl);
  const c = await TestClient.connect(running.wsUrl);
  h.track(bystander, c);
  bystander.subscribe(["AAPL"]);
  await bystander.next("snapshot");
  return { source, c, bystander };
}

/** The bad client is still served and the bystander saw every tick. */
async function expectNoHarm(source: ManualSource, c: TestClient, bystander: TestClient) {
  const tick = source.emit("AAPL");
  c.send({ op: "ping", id: 99 });
  await c.next("pong", (p) => p.id === 99);
  await bystander.next("tick", (t) => t.seq === tick.seq);
  expect(firstGap(bystander.seqsSinceSnapshot("AAPL"))).toBeUndefined();
  expect(bystander.closed).toBeUndefined();
}

describe("bad input never harms the server or other clients", () => {
  it.each([
    ["non-JSON", "{not json", /not valid JSON/],
    ["a JSON array", "[1,2]", /JSON object/],
    ["a missing op", JSON.stringify({ symbols: ["AAPL"] }), /missing "op"/],
    ["an unknown op", JSON.stringify({ op: "delete", symbols: ["AAPL"] }), /unknown op "delete"/],
    ["symbols of the wrong type", JSON.stringify({ op: "subscribe", symbols: "AAPL" }), /array of strings/],
    ["empty symbols", JSON.stringify({ op: "subscribe", symbols: [] }), /must not be empty/],
    ["a non-integer since", JSON.stringify({ op: "subscribe", symbols: ["AAPL"], since: { AAPL: "x" } }), /since\.AAPL/],
    ["a ping without id", JSON.stringify({ op: "ping" }), /"id"/],
  ])("answers %s with BAD_REQUEST and keeps the connection", async (_name, frame, message) => {
    const { source, c, bystander } = await setup();
    c.send(frame);
    const err = await c.next("error");
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(message);
    await expectNoHarm(source, c, bystander);
  });

  it("answers a binary frame with BAD_REQUEST", async () => {
    const { source, c, bystander } = await setup();
    c.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await c.next("error")).message).toMatch(/binary/);
    await expectNoHarm(source, c, bystander);
  });

  it("serves the good symbols of a request and names the unknown and invalid ones", async () => {
    const { source, c, bystander } = await setup();
    c.subscribe(["AAPL", "NOPE", "bad symbol!", "MSFT"]);
    const unknown = await c.next("error", (e) => e.code === "UNKNOWN_SYMBOL");
    expect(unknown.symbol).toBe("NOPE");
    const invalid = await c.next("error", (e) => e.code === "BAD_REQUEST");
    expect(invalid.symbol).toBe("bad symbol!");
    await c.next("snapshot", (s) => s.symbol === "AAPL");
    await c.next("snapshot", (s) => s.symbol === "MSFT");
    source.emit("MSFT");
    await c.next("tick", (t) => t.symbol === "MSFT");
    await expectNoHarm(source, c, bystander);
  });

  it("a text frame of invalid UTF-8 is failed by the WebSocket layer (1006 or 1007), and nobody else notices", async () => {
    // uWS validates UTF-8 before our message handler runs (RFC 6455 section 8.1: fail the
    // connection), so no BAD_REQUEST can be sent; docs/protocol.md says so.
    const { source, c, bystander } = await setup();
    c.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect([1006, 1007]).toContain((await c.waitForClose()).code);
    expect(c.messages.some((m) => m.type === "error")).toBe(false);
    const tick = source.emit("AAPL");
    await bystander.next("tick", (t) => t.seq === tick.seq);
    expect(bystander.closed).toBeUndefined();
  });

  it("closes a frame over 16 KiB with 1009 and nobody else notices", async () => {
    const { source, c, bystander } = await setup();
    c.send({ op: "subscribe", symbols: ["AAPL"], pad: "x".repeat(17 * 1024) });
    const closed = await c.waitForClose();
    expect(closed.code).toBe(1009);
    source.emit("AAPL");
    await bystander.next("tick", (t) => t.seq === 1);
    expect(bystander.closed).toBeUndefined();
  });

  it("accepts a frame just under 16 KiB", async () => {
    const { source, c, bystander } = await setup();
    const frame = JSON.stringify({ op: "ping", id: 1, pad: "" });
    c.send(frame.replace('"pad":""', `"pad":"${"x".repeat(16 * 1024 - frame.length - 1)}"`));
    await c.next("pong");
    await expectNoHarm(source, c, bystander);
  });

  it("answers LIMIT_EXCEEDED past FEED_MAX_SYMBOLS and serves the symbols within it", async () => {
    const { source, c, bystander } = await setup({ FEED_MAX_SYMBOLS: "2" });
    c.subscribe(["AAPL", "MSFT", "BTC-USD"]);
    const err = await c.next("error", (e) => e.code === "LIMIT_EXCEEDED");
    expect(err.symbol).toBe("BTC-USD");
    expect(c.snapshots("AAPL")).toHaveLength(1);
    expect(c.snapshots("MSFT")).toHaveLength(1);
    expect(c.snapshots("BTC-USD")).toHaveLength(0);
    // Re-subscribing an already held symbol is not a new symbol.
    c.subscribe(["AAPL"]);
    await c.next("snapshot", (s) => s.symbol === "AAPL", c.messages.length);
    await expectNoHarm(source, c, bystander);
  });
});
