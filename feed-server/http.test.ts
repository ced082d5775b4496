import { describe, expect, it } from "vitest";
import { ManualSource } from "./testing/manualSource";
import { useHarness } from "./testing/harness";
import type { RunningServer } from "./testing/startServer";
import { TestClient } from "./testing/testClient";

const h = useHarness();
let running: RunningServer | undefined;

async function setup(env: Record<string, string> = {}) {
  const source = new ManualSource({ AAPL: 100, MSFT: 400 });
  running = await h.start(env, { source });
  return { source, url: running.httpUrl };
}

describe("HTTP endpoints", () => {
  it("GET /health reports uptime, connections and source state", async () => {
    const { url } = await setup();
    const c = await TestClient.connect(running!.wsUrl);
    h.track(c);
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toMatchObject({
      status: "ok",
      connections: 1,
      epoch: running!.server.epoch,
      source: { kind: "manual", state: "running", symbols: 2 },
    });
  });

  it("GET /symbols lists symbol, last price, open and seq", async () => {
    const { source, url } = await setup();
    source.emit("AAPL", 101.5);
    const body = (await (await fetch(`${url}/symbols`)).json()) as unknown[];
    expect(body).toEqual([
      expect.objectContaining({ symbol: "AAPL", price: 101.5, open: 100, seq: 1 }),
      expect.objectContaining({ symbol: "MSFT", price: 400, open: 400, seq: 0 }),
    ]);
  });

  it("GET /history/:symbol returns the newest ticks, bounded by limit", async () => {
    const { source, url } = await setup();
    source.emitMany("AAPL", 10);
    const body = (await (await fetch(`${url}/history/aapl?limit=3`)).json()) as { symbol: string; ticks: { seq: number }[] };
    expect(body.symbol).toBe("AAPL");
    expect(body.ticks.map((t) => t.seq)).toEqual([8, 9, 10]);
  });

  it.each([
    ["/history/AAPL?limit=0", 400, /limit/],
    ["/history/AAPL?limit=abc", 400, /limit/],
    ["/history/NOPE", 404, /unknown symbol/],
    ["/history/%E0%A4%A", 400, /URL encoding/],
    ["/nothing-here", 404, /no route/],
  ])("GET %s answers %i with a JSON error", async (path, status, message) => {
    const { url } = await setup();
    const res = await fetch(`${url}${path}`);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { message: string }).message).toMatch(message);
  });

  it("GET /metrics exposes connections, ticks, messages and per-symbol subscribers", async () => {
    const { source, url } = await setup();
    const a = await TestClient.connect(running!.wsUrl);
    const b = await TestClient.connect(running!.wsUrl);
    h.track(a, b);
    a.subscribe(["AAPL"]);
    b.subscribe(["AAPL", "MSFT"]);
    await a.next("snapshot");
    await b.next("snapshot", (s) => s.symbol === "MSFT");
    source.emitMany("AAPL", 3);
    await b.next("tick", (t) => t.seq === 3);
    b.send("garbage");
    await b.next("error");
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/^tickwire_connections 2$/m);
    expect(text).toMatch(/^tickwire_ticks_published_total 3$/m);
    expect(text).toMatch(/^tickwire_symbol_subscribers\{symbol="AAPL"\} 2$/m);
    expect(text).toMatch(/^tickwire_symbol_subscribers\{symbol="MSFT"\} 1$/m);
    expect(text).toMatch(/^tickwire_bad_requests_total\{code="BAD_REQUEST"\} 1$/m);
    // 2 welcomes + 3 snapshots + 3 ticks x 2 subscribers + 1 error
    expect(text).toMatch(/^tickwire_messages_sent_total 12$/m);
  });

  it("answers CORS preflight and uses the configured origin", async () => {
    const { url } = await setup({ FEED_CORS_ORIGIN: "http://dash.example" });
    const pre = await fetch(`${url}/symbols`, { method: "OPTIONS" });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-methods")).toContain("GET");
    const res = await fetch(`${url}/symbols`);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://dash.example");
  });

  it("HEAD /health answers the status and headers of GET, without a body", async () => {
    const { url } = await setup();
    const res = await fetch(`${url}/health`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.text()).toBe("");
  });

  it("GET /health says degraded with the stale symbols, and down (503) when the source stops", async () => {
    const { source, url } = await setup();
    source.out.status("MSFT", "stale", "upstream disconnected");
    const degraded = await fetch(`${url}/health`);
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({ status: "degraded", reasons: ["source stale: 1 of 2 symbols (MSFT)"] });
    source.stop();
    const down = await fetch(`${url}/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "down", reasons: expect.arrayContaining(["source stopped"]) });
    const head = await fetch(`${url}/health`, { method: "HEAD" });
    expect(head.status).toBe(503);
  });

  it("GET /metrics carries the CORS header like every other answer", async () => {
    const { url } = await setup({ FEED_CORS_ORIGIN: "http://dash.example" });
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://dash.example");
  });
});
