/** An edge consumes from NATS only what its own clients watch, and lets go after the linger. */
import { connect } from "@nats-io/transport-node";
import { jetstreamManager, type ConsumerInfo } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { waitFor } from "../../lib/testing/waitFor";
import { ManualSource } from "../testing/manualSource";
import { STREAM } from "./busMessage";
import { health, metric, metricsText, useNatsCluster, waitForEpoch, waitForOwner } from "./testing/cluster";
import { waitToHold } from "./testing/series";

const cluster = useNatsCluster();

describe("edge demand", () => {
  it("consumes only watched symbols, and drops them after the linger", async () => {
    const c = cluster();
    const manual = new ManualSource({ AAPL: 100, MSFT: 400, NVDA: 900 });
    const source = await c.startSource({}, manual);
    const epoch = await waitForOwner(source.httpUrl);
    const edge = await c.startEdge({ NATS_LINGER_MS: "300" });
    await waitForEpoch(edge.httpUrl, epoch);
    for (const s of ["AAPL", "MSFT", "NVDA"]) manual.emitMany(s, 5);

    const nc = await connect({ servers: c.nats.url });
    c.onCleanup(() => nc.close());
    const jsm = await jetstreamManager(nc);
    // A consumer deleted while the server lists them shows up as null.
    const consumers = async () =>
      (await jsm.consumers.list(STREAM).next()).flatMap((ci: ConsumerInfo | null) => (ci ? [ci.config.filter_subject] : [])).sort();

    const client = await c.connect(edge.wsUrl);
    client.subscribe(["AAPL"]);
    await waitToHold(client, "AAPL", 5);
    manual.emit("AAPL");
    manual.emit("MSFT");
    await waitToHold(client, "AAPL", 6);

    const h = await health(edge.httpUrl);
    expect(h.source.bus.held).toEqual(["AAPL"]);
    expect(Object.keys(h.source.bus.consumers ?? {})).toEqual(["AAPL"]);
    expect(await consumers()).toEqual(["ticks.AAPL"]);
    const text = await metricsText(edge.httpUrl);
    expect(metric(text, "tickwire_bus_symbols_held")).toBe(1);
    expect(metric(text, 'tickwire_bus_consumer_pending{symbol="AAPL"}')).toBe(0);
    expect(metric(text, "tickwire_bus_connected")).toBe(1);

    client.send({ op: "unsubscribe", symbols: ["AAPL"] });
    await client.next("unsubscribed");
    await waitFor(async () => (await health(edge.httpUrl)).source.bus.held?.length === 0, "the edge to let AAPL go after the linger", 3000);
    await waitFor(async () => (await consumers()).length === 0, "the edge's consumer to be deleted from the stream", 3000);
  });
});
