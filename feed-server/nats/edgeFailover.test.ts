/** An edge dies mid-stream: its clients move to another edge and resume with no missing seq. */
import WebSocket from "ws";
import { describe, expect, it } from "vitest";
import { createFeedClient } from "../../lib/feedClient";
import type { FeedDisconnect } from "../../lib/feedClient/types";
import type { SnapshotMessage, TickPoint } from "../../lib/protocol";
import { waitFor } from "../../lib/testing/waitFor";
import { firstGap } from "../testing/testClient";
import { useNatsCluster, waitForEpoch, waitForOwner } from "./testing/cluster";

const cluster = useNatsCluster();

describe("edge failure", () => {
  it("clients fail over to the other edge and resume", async () => {
    const c = cluster();
    const source = await c.startSource({ FEED_SOURCE: "sim", FEED_SYMBOLS: "AAPL,MSFT", FEED_TICK_RATE: "40" });
    const epoch = await waitForOwner(source.httpUrl);
    const [edgeA, edgeB] = await Promise.all([c.spawn("edge"), c.spawn("edge")]);
    await Promise.all([waitForEpoch(edgeA.httpUrl, epoch), waitForEpoch(edgeB.httpUrl, epoch)]);
    // Behind a load balancer, a popular symbol is watched on every edge.
    const other = await c.connect(edgeB.wsUrl);
    other.subscribe(["AAPL"]);
    await other.next("tick");

    // The browser's feed client, with both edges to rotate through.
    const client = createFeedClient({ urls: [edgeA.wsUrl, edgeB.wsUrl], WebSocket, backoffBaseMs: 50, backoffMaxMs: 200 });
    c.onCleanup(() => client.stop());
    const held: TickPoint[] = [];
    const snapshots: SnapshotMessage[] = [];
    const disconnects: FeedDisconnect[] = [];
    client.on("snapshot", (s) => {
      snapshots.push(s);
      if (!s.resumed) held.length = 0;
      held.push(...s.ticks);
    });
    client.on("tick", (t) => held.push({ seq: t.seq, price: t.price, size: t.size, ts: t.ts }));
    client.on("disconnect", (d) => disconnects.push(d));
    client.watch("AAPL");
    client.start();
    await waitFor(() => held.length >= 20 && snapshots.length > 0 && held.at(-1)!.seq > snapshots.at(-1)!.seq + 10, "ticks through edge A", 10_000);
    const atKill = held.at(-1)!.seq;
    const snapshotsBefore = snapshots.length;

    edgeA.child.kill("SIGKILL");
    await waitFor(() => disconnects.length > 0, "the client to notice edge A is gone", 5000);
    await waitFor(() => held.at(-1)!.seq >= atKill + 40, "ticks through edge B", 10_000);

    const afterFailover = snapshots.slice(snapshotsBefore);
    expect(afterFailover.length).toBeGreaterThan(0);
    expect(afterFailover.every((s) => s.resumed)).toBe(true);
    expect(firstGap(held.map((t) => t.seq))).toBeUndefined();
    expect(client.state).toBe("live");
    expect(other.closed).toBeUndefined();
  });
});
