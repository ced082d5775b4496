/** Two edges behind one source: clients of the same symbol see the same epoch and the same ticks. */
import { describe, expect, it } from "vitest";
import { waitFor } from "../../lib/testing/waitFor";
import { ManualSource } from "../testing/manualSource";
import { firstGap } from "../testing/testClient";
import { useNatsCluster, waitForEpoch, waitForOwner } from "./testing/cluster";
import { heldSeries, waitToHold } from "./testing/series";

const cluster = useNatsCluster();

describe("edges on one bus", () => {
  it("send identical seq streams in the same epoch", async () => {
    const c = cluster();
    const manual = new ManualSource({ AAPL: 100, MSFT: 400 });
    const source = await c.startSource({}, manual);
    const epoch = await waitForOwner(source.httpUrl);
    manual.emitMany("AAPL", 20); // history the edges must rebuild from the stream

    const [edgeA, edgeB] = await Promise.all([c.startEdge(), c.startEdge()]);
    await Promise.all([waitForEpoch(edgeA.httpUrl, epoch), waitForEpoch(edgeB.httpUrl, epoch)]);
    const a = await c.connect(edgeA.wsUrl);
    const b = await c.connect(edgeB.wsUrl);
    expect(a.welcome.epoch).toBe(epoch);
    expect(b.welcome.epoch).toBe(epoch);
    expect(a.welcome.symbols).toEqual(expect.arrayContaining(["AAPL", "MSFT"]));

    a.subscribe(["AAPL"]);
    b.subscribe(["AAPL"]);
    await waitToHold(a, "AAPL", 20);
    await waitToHold(b, "AAPL", 20);
    for (let i = 0; i < 30; i++) {
      manual.emit("AAPL");
      if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitToHold(a, "AAPL", 50);
    await waitToHold(b, "AAPL", 50);

    const seriesA = heldSeries(a.messages, "AAPL");
    const seriesB = heldSeries(b.messages, "AAPL");
    expect(seriesA.map((t) => t.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(firstGap(seriesA.map((t) => t.seq))).toBeUndefined();
    expect(seriesB).toEqual(seriesA); // same seqs, prices, sizes and timestamps
    // And the same as the source's own clients would get.
    const local = await c.connect(source.wsUrl);
    local.subscribe(["AAPL"]);
    const snap = await local.next("snapshot");
    expect(snap.ticks).toEqual(seriesA.slice(-snap.ticks.length));
    await waitFor(() => a.garbage.length === 0 && b.garbage.length === 0, "no unparseable frames");
  });
});
