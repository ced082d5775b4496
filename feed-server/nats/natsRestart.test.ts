/** nats-server restarts (same port, same store): everyone reconnects and no seq goes missing. */
import { describe, expect, it } from "vitest";
import { waitFor } from "../../lib/testing/waitFor";
import { firstGap } from "../testing/testClient";
import { health, useNatsCluster, waitForEpoch, waitForOwner } from "./testing/cluster";
import { heldSeries } from "./testing/series";

const cluster = useNatsCluster();

describe("NATS restart", () => {
  it("edges go stale, then live, and fill the gap from JetStream", async () => {
    const c = cluster();
    // The lease outlives the outage, so the source keeps its epoch and queues ticks meanwhile.
    const bus = { FEED_SOURCE: "sim", FEED_SYMBOLS: "AAPL", FEED_TICK_RATE: "40", NATS_LEASE_TTL_MS: "5000" };
    const source = await c.startSource(bus);
    const epoch = await waitForOwner(source.httpUrl);
    const edge = await c.startEdge({ NATS_LEASE_TTL_MS: "5000" });
    await waitForEpoch(edge.httpUrl, epoch);
    const client = await c.connect(edge.wsUrl);
    client.subscribe(["AAPL"]);
    const before = await client.next("tick", (t) => t.seq >= 20, 0, 10_000);

    await c.nats.restart(500);
    const stale = await client.next("status", (s) => s.state === "stale", 0, 10_000);
    expect(stale.reason).toMatch(/NATS/);
    const staleAt = client.messages.indexOf(stale);
    await client.next("status", (s) => s.state === "live", staleAt, 10_000);
    await client.next("tick", (t) => t.seq >= before.seq + 60, staleAt, 10_000);

    const seqs = heldSeries(client.messages, "AAPL").map((t) => t.seq);
    expect(firstGap(seqs)).toBeUndefined();
    expect(client.closed).toBeUndefined(); // same epoch: nobody was sent away
    const [s, e] = await Promise.all([health(source.httpUrl), health(edge.httpUrl)]);
    expect(s.epoch).toBe(epoch);
    expect(e.epoch).toBe(epoch);
    expect(s.source.bus.reconnects).toBeGreaterThanOrEqual(1);
    expect(e.source.bus.reconnects).toBeGreaterThanOrEqual(1);
  });
});

describe("NATS restart without its store", () => {
  it("the source recreates stream and lease under a new epoch, and edges follow", async () => {
    const c = cluster();
    const source = await c.startSource({ FEED_SOURCE: "sim", FEED_SYMBOLS: "AAPL", FEED_TICK_RATE: "40" });
    const firstEpoch = await waitForOwner(source.httpUrl);
    const edge = await c.startEdge();
    await waitForEpoch(edge.httpUrl, firstEpoch);
    const client = await c.connect(edge.wsUrl);
    client.subscribe(["AAPL"]);
    await client.next("tick", (t) => t.seq >= 10, 0, 10_000);

    await c.nats.restart(200, true); // e.g. a container without a persistent volume
    expect((await client.waitForClose(15_000)).code).toBe(1012);
    const secondEpoch = (await health(source.httpUrl)).epoch;
    expect(secondEpoch).not.toBe(firstEpoch);
    await waitForEpoch(edge.httpUrl, secondEpoch);
    const again = await c.connect(edge.wsUrl);
    again.subscribe(["AAPL"]);
    await waitFor(() => heldSeries(again.messages, "AAPL").length >= 20, "20 ticks in the new epoch", 10_000);
    expect(firstGap(heldSeries(again.messages, "AAPL").map((t) => t.seq))).toBeUndefined();
  });
});
