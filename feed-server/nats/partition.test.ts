/**
 * Network partitions, made with a proxy that silently drops every byte (no FIN, no RST): the
 * side cut off must notice by itself, from missing pings and heartbeats.
 */
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { waitFor } from "../../lib/testing/waitFor";
import { firstGap } from "../testing/testClient";
import { health, useNatsCluster, waitForEpoch, waitForOwner } from "./testing/cluster";
import { STREAM } from "./busMessage";
import { heldSeries } from "./testing/series";
import { TcpProxy } from "./testing/tcpProxy";

const cluster = useNatsCluster();
const sim = { FEED_SOURCE: "sim", FEED_SYMBOLS: "AAPL", FEED_TICK_RATE: "40" };

/** The epochs of every message stored for a subject, oldest first. */
async function storedEpochs(natsUrl: string, subject: string): Promise<string[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const consumer = await jetstream(nc).consumers.get(STREAM, { filter_subjects: subject });
    const epochs: string[] = [];
    for (;;) {
      const batch = await consumer.fetch({ max_messages: 500, expires: 1000 });
      let pending = 0;
      for await (const m of batch) {
        epochs.push((m.json() as { epoch: string }).epoch);
        pending = m.info.pending;
      }
      if (pending === 0) return epochs;
    }
  } finally {
    await nc.close();
  }
}

async function proxyTo(port: number, onCleanup: (fn: () => Promise<void>) => void): Promise<TcpProxy> {
  const proxy = new TcpProxy("127.0.0.1", port);
  await proxy.start();
  onCleanup(() => proxy.stop());
  return proxy;
}

describe("network partition", () => {
  it("an edge cut off from NATS goes stale, keeps its clients, and fills the gap once healed", async () => {
    const c = cluster();
    const source = await c.startSource({ ...sim, NATS_LEASE_TTL_MS: "5000" });
    const epoch = await waitForOwner(source.httpUrl);
    const proxy = await proxyTo(c.nats.port, c.onCleanup);
    const edge = await c.startEdge({ NATS_URL: proxy.url });
    await waitForEpoch(edge.httpUrl, epoch);
    const client = await c.connect(edge.wsUrl);
    client.subscribe(["AAPL"]);
    const before = await client.next("tick", (t) => t.seq >= 10, 0, 10_000);

    proxy.partition();
    const stale = await client.next("status", (s) => s.state === "stale", 0, 5000);
    expect(stale.reason).toMatch(/NATS/);
    // The edge still answers its clients from what it holds.
    const probe = await c.connect(edge.wsUrl);
    probe.subscribe(["AAPL"]);
    expect((await probe.next("snapshot")).state).toBe("stale");
    await new Promise((resolve) => setTimeout(resolve, 500));

    proxy.heal();
    const staleAt = client.messages.indexOf(stale);
    await client.next("status", (s) => s.state === "live", staleAt, 10_000);
    await client.next("tick", (t) => t.seq >= before.seq + 80, staleAt, 10_000);
    expect(firstGap(heldSeries(client.messages, "AAPL").map((t) => t.seq))).toBeUndefined();
    expect(client.closed).toBeUndefined();
    expect((await health(edge.httpUrl)).epoch).toBe(epoch);
  });

  it("a source cut off from NATS loses the lease to the standby and does not come back as a second writer", async () => {
    const c = cluster();
    const proxy = await proxyTo(c.nats.port, c.onCleanup);
    const cutOff = await c.startSource({ ...sim, NATS_URL: proxy.url });
    const firstEpoch = await waitForOwner(cutOff.httpUrl);
    const standby = await c.startSource(sim);
    const edge = await c.startEdge();
    await waitForEpoch(edge.httpUrl, firstEpoch);
    const client = await c.connect(edge.wsUrl);
    client.subscribe(["AAPL"]);
    await client.next("tick", (t) => t.seq >= 10, 0, 10_000);

    proxy.partition();
    const secondEpoch = await waitForOwner(standby.httpUrl, 10_000);
    expect(secondEpoch).not.toBe(firstEpoch);
    // Without NATS it cannot refresh; after the TTL it stops publishing of its own accord (it
    // cannot tell yet whether anyone took the lease, so it queues its ticks meanwhile).
    await waitFor(async () => (await health(cutOff.httpUrl)).source.bus.lease === "lapsed", "the cut-off source to stop publishing", 5000);
    await waitForEpoch(edge.httpUrl, secondEpoch);
    expect((await client.waitForClose()).code).toBe(1012);

    proxy.heal();
    // Back on NATS it finds the lease taken: it drops its queue and stands by.
    await waitFor(async () => (await health(cutOff.httpUrl)).source.bus.lease === "standby", "the cut-off source to stand down", 10_000);
    const again = await c.connect(edge.wsUrl);
    expect(again.welcome.epoch).toBe(secondEpoch);
    again.subscribe(["AAPL"]);
    await waitFor(() => heldSeries(again.messages, "AAPL").length >= 40, "40 ticks in the new epoch", 10_000);
    expect(firstGap(heldSeries(again.messages, "AAPL").map((t) => t.seq))).toBeUndefined();
    const [old, current] = await Promise.all([health(cutOff.httpUrl), health(standby.httpUrl)]);
    expect(old.source.bus.state).toBe("connected");
    expect(old.source.bus.lease).toBe("standby");
    expect(current.source.bus.lease).toBe("owner");
    expect((await health(edge.httpUrl)).epoch).toBe(secondEpoch);
    // Nothing of the old epoch was written after the new owner's first message.
    const epochs = await storedEpochs(c.nats.url, "ticks.AAPL");
    const firstOfNew = epochs.indexOf(secondEpoch);
    expect(firstOfNew).toBeGreaterThan(0);
    expect(epochs.slice(firstOfNew).every((e) => e === secondEpoch)).toBe(true);
  });

  it("a cut-off source that finds the lease vacant again, after another source held it, starts a new epoch", async () => {
    const c = cluster();
    const proxy = await proxyTo(c.nats.port, c.onCleanup);
    const cutOff = await c.startSource({ ...sim, NATS_URL: proxy.url });
    const firstEpoch = await waitForOwner(cutOff.httpUrl);
    const other = await c.startSource(sim);
    const edge = await c.startEdge();
    await waitForEpoch(edge.httpUrl, firstEpoch);

    proxy.partition();
    const secondEpoch = await waitForOwner(other.httpUrl, 10_000);
    await waitFor(async () => (await health(cutOff.httpUrl)).source.bus.lease === "lapsed", "the cut-off source to stop publishing", 5000);
    await waitFor(async () => ((await health(other.httpUrl)).source.bus.published ?? 0) >= 5, "the other source to publish", 5000);
    await other.server.stop(); // gives the lease up: vacant again, but ticks of another epoch are in the stream

    proxy.heal();
    const thirdEpoch = await waitFor(
      async () => {
        const h = await health(cutOff.httpUrl);
        return h.source.bus.lease === "owner" && h.epoch !== firstEpoch ? h.epoch : undefined;
      },
      "the cut-off source to hold the lease again under a new epoch",
      10_000,
      25,
    );
    expect(thirdEpoch).not.toBe(secondEpoch);
    await waitForEpoch(edge.httpUrl, thirdEpoch);
    const client = await c.connect(edge.wsUrl);
    client.subscribe(["AAPL"]);
    await waitFor(() => heldSeries(client.messages, "AAPL").length >= 20, "20 ticks in the third epoch", 10_000);
    expect(firstGap(heldSeries(client.messages, "AAPL").map((t) => t.seq))).toBeUndefined();
    // What the cut-off source queued in the first epoch was dropped, never written after the second.
    const epochs = await storedEpochs(c.nats.url, "ticks.AAPL");
    expect(epochs.indexOf(secondEpoch)).toBeGreaterThan(0);
    expect(epochs.lastIndexOf(firstEpoch)).toBeLessThan(epochs.indexOf(secondEpoch));
    expect(epochs.slice(epochs.indexOf(thirdEpoch)).every((e) => e === thirdEpoch)).toBe(true);
  });
});
