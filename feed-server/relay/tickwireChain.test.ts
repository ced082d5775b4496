import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../../lib/testing/waitFor";
import { freePort } from "../testing/freePort";
import { ManualSource } from "../testing/manualSource";
import { startServer, type RunningServer } from "../testing/startServer";
import { firstGap, TestClient } from "../testing/testClient";

const servers: RunningServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0).reverse()) await s.server.stop();
});

async function connect(url: string): Promise<TestClient> {
  const c = await TestClient.connect(url);
  clients.push(c);
  return c;
}

async function chain() {
  const source = new ManualSource({ AAPL: 100, MSFT: 400 });
  const upstream = await startServer({ FEED_PORT: String(await freePort()) }, { source });
  servers.push(upstream);
  const relay = await startServer({
    FEED_SOURCE: "relay",
    FEED_RELAY: "tickwire",
    FEED_UPSTREAM_URL: upstream.wsUrl,
    FEED_UPSTREAM_LINGER_MS: "100",
  });
  servers.push(relay);
  // The relay adopts the upstream's epoch once its feed client is welcomed.
  await waitFor(() => relay.server.epoch === upstream.server.epoch, "the relay to adopt the upstream epoch");
  return { source, upstream, relay };
}

const subscribers = async (server: RunningServer, symbol: string) => {
  const text = await (await fetch(`${server.httpUrl}/metrics`)).text();
  return Number(text.match(new RegExp(`tickwire_symbol_subscribers\\{symbol="${symbol}"\\} (\\d+)`))?.[1] ?? 0);
};

describe("a feed server chained behind another (FEED_RELAY=tickwire)", () => {
  it("keeps the upstream's epoch and seqs, subscribing upstream only on demand", async () => {
    const { source, upstream, relay } = await chain();
    source.emitMany("AAPL", 10);
    expect(await subscribers(upstream, "AAPL")).toBe(0);
    const c = await connect(relay.wsUrl);
    expect(c.welcome.epoch).toBe(upstream.server.epoch);
    expect(c.welcome.symbols).toEqual(["AAPL", "MSFT"]);
    c.subscribe(["AAPL"]);
    // The first snapshot may be empty while the relay fetches the symbol; a replacing snapshot follows.
    await c.next("snapshot", (s) => s.seq === 10);
    expect(await subscribers(upstream, "AAPL")).toBe(1);
    expect(await subscribers(upstream, "MSFT")).toBe(0);
    source.emitMany("AAPL", 5);
    await c.next("tick", (t) => t.seq === 15);
    expect(c.ticks("AAPL").map((t) => t.seq)).toEqual([11, 12, 13, 14, 15]);
    c.send({ op: "unsubscribe", symbols: ["AAPL"] });
    await waitFor(() => subscribers(upstream, "AAPL").then((n) => n === 0), "the relay to drop AAPL upstream after the linger");
  });

  it("lets a client resume on the upstream after leaving the relay, with no missing seq", async () => {
    const { source, upstream, relay } = await chain();
    const c = await connect(relay.wsUrl);
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    source.emitMany("AAPL", 20);
    await c.next("tick", (t) => t.seq === 20);
    c.close();
    source.emitMany("AAPL", 7);
    const direct = await connect(upstream.wsUrl);
    direct.subscribe(["AAPL"], { epoch: c.welcome.epoch, since: { AAPL: 20 } });
    const snap = await direct.next("snapshot");
    expect(snap.resumed).toBe(true);
    const seqs = [...c.ticks("AAPL").map((t) => t.seq), ...snap.ticks.map((t) => t.seq)];
    expect(seqs[0]).toBe(1);
    expect(seqs.at(-1)).toBe(27);
    expect(firstGap(seqs)).toBeUndefined();
  });

  it("relays stale and live status from the upstream", async () => {
    const { source, upstream, relay } = await chain();
    const c = await connect(relay.wsUrl);
    c.subscribe(["AAPL"]);
    await waitFor(() => subscribers(upstream, "AAPL").then((n) => n === 1), "the relay to subscribe upstream");
    source.out.status("AAPL", "stale", "exchange halted");
    expect(await c.next("status")).toMatchObject({ state: "stale", reason: "exchange halted" });
    source.out.status("AAPL", "live");
    await c.next("status", (s) => s.state === "live");
  });

  it("a restarted upstream (new epoch) makes the relay close its clients with 1012; they start afresh", async () => {
    const { source, upstream, relay } = await chain();
    const c = await connect(relay.wsUrl);
    c.subscribe(["AAPL"]);
    await waitFor(() => subscribers(upstream, "AAPL").then((n) => n === 1), "the relay to subscribe upstream");
    source.emitMany("AAPL", 3);
    await c.next("tick", (t) => t.seq === 3);
    const port = upstream.port;
    await upstream.server.stop();
    servers.splice(servers.indexOf(upstream), 1);
    expect(await c.next("status", (s) => s.state === "stale")).toMatchObject({ reason: "upstream disconnected" });
    const source2 = new ManualSource({ AAPL: 100, MSFT: 400 });
    const restarted = await startServer({ FEED_PORT: String(port) }, { source: source2 });
    servers.unshift(restarted);
    expect((await c.waitForClose(15_000)).code).toBe(1012);
    const again = await connect(relay.wsUrl);
    expect(again.welcome.epoch).toBe(restarted.server.epoch);
    again.subscribe(["AAPL"], { epoch: c.welcome.epoch, since: { AAPL: 3 } });
    expect((await again.next("snapshot")).resumed).toBe(false);
    source2.emit("AAPL");
    await again.next("tick", (t) => t.seq === 1);
  });
});
