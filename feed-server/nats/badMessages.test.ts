/** Anyone with NATS access can publish on ticks.<SYMBOL>; what is not a tick of ours is skipped and counted. */
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { waitFor } from "../../lib/testing/waitFor";
import { ManualSource } from "../testing/manualSource";
import { firstGap } from "../testing/testClient";
import { MAX_BUS_MESSAGE_BYTES } from "./busMessage";
import { health, metric, metricsText, useNatsCluster, waitForEpoch, waitForOwner } from "./testing/cluster";
import { heldSeries, waitToHold } from "./testing/series";

const cluster = useNatsCluster();

describe("bad messages on the bus", () => {
  it("are skipped and counted; the edge and the source carry on", async () => {
    const c = cluster();
    const manual = new ManualSource({ AAPL: 100 });
    const source = await c.startSource({}, manual);
    const epoch = await waitForOwner(source.httpUrl);
    const edge = await c.startEdge();
    await waitForEpoch(edge.httpUrl, epoch);
    const client = await c.connect(edge.wsUrl);
    client.subscribe(["AAPL"]);
    manual.emitMany("AAPL", 5);
    await waitToHold(client, "AAPL", 5);

    const nc = await connect({ servers: c.nats.url });
    c.onCleanup(() => nc.close());
    const js = jetstream(nc);
    const tick = { kind: "tick", epoch, symbol: "AAPL", seq: 6, price: 101, size: 1, ts: Date.now() };
    const bad = [
      "not json",
      "[1,2,3]",
      JSON.stringify({ kind: "tick", epoch }),
      JSON.stringify({ ...tick, symbol: "MSFT" }),
      JSON.stringify({ ...tick, price: "101" }),
      JSON.stringify({ ...tick, seq: -1 }),
      JSON.stringify({ ...tick, kind: "trade" }),
      JSON.stringify({ ...tick, pad: "x".repeat(MAX_BUS_MESSAGE_BYTES) }),
      new Uint8Array([0xff, 0xfe, 0x00]),
    ];
    for (const payload of bad) await js.publish("ticks.AAPL", payload);
    manual.emitMany("AAPL", 5);
    await waitToHold(client, "AAPL", 10);

    const seqs = heldSeries(client.messages, "AAPL").map((t) => t.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(firstGap(seqs)).toBeUndefined();
    expect(client.garbage).toEqual([]);
    await waitFor(
      async () => metric(await metricsText(edge.httpUrl), 'tickwire_source_errors_total{kind="malformed"}') === bad.length,
      `${bad.length} malformed messages counted on the edge`,
    );
    // The source noticed a foreign writer on its subject, kept the lease, and published on.
    expect(metric(await metricsText(source.httpUrl), 'tickwire_source_errors_total{kind="bus_interference"}')).toBeGreaterThanOrEqual(1);
    expect((await health(source.httpUrl)).source.bus.lease).toBe("owner");
    expect((await health(edge.httpUrl)).source.bus.state).toBe("connected");
  });
});
