/** The source dies: the standby takes the lease under a new epoch, and clients start afresh. */
import WebSocket from "ws";
import { describe, expect, it } from "vitest";
import { createFeedClient } from "../../lib/feedClient";
import type { FeedDisconnect } from "../../lib/feedClient/types";
import type { SnapshotMessage, TickMessage, WelcomeMessage } from "../../lib/protocol";
import { CloseCodes } from "../../lib/codes";
import { waitFor } from "../../lib/testing/waitFor";
import { firstGap } from "../testing/testClient";
import { health, useNatsCluster, waitForEpoch, waitForOwner } from "./testing/cluster";

const cluster = useNatsCluster();

describe("source failure", () => {
  it("the standby takes over with a new epoch; clients get resumed:false snapshots, then live ticks", async () => {
    const c = cluster();
    const sim = { FEED_SOURCE: "sim", FEED_SYMBOLS: "AAPL,MSFT", FEED_TICK_RATE: "40" };
    const primary = await c.spawn("source", sim);
    const firstEpoch = await waitForOwner(primary.httpUrl);
    const standby = await c.startSource(sim);
    await waitFor(async () => (await health(standby.httpUrl)).source.bus.lease === "standby", "the second source to stand by");
    const edge = await c.startEdge();
    await waitForEpoch(edge.httpUrl, firstEpoch);

    const client = createFeedClient({ urls: [edge.wsUrl], WebSocket, backoffBaseMs: 50, backoffMaxMs: 200 });
    c.onCleanup(() => client.stop());
    // Everything the client reports, in order.
    const events: (WelcomeMessage | SnapshotMessage | TickMessage | ({ type: "disconnect" } & FeedDisconnect))[] = [];
    client.on("welcome", (w) => events.push(w));
    client.on("snapshot", (s) => events.push(s));
    client.on("tick", (t) => events.push(t));
    client.on("disconnect", (d) => events.push({ type: "disconnect", ...d }));
    client.watch("AAPL");
    client.start();
    await waitFor(() => events.filter((e) => e.type === "tick").length >= 10, "ticks from the first source", 10_000);

    primary.child.kill("SIGKILL"); // no lease release: the standby must wait for it to expire
    const secondEpoch = await waitForOwner(standby.httpUrl, 10_000);
    expect(secondEpoch).not.toBe(firstEpoch);
    const since = () => events.slice(events.findIndex((e) => e.type === "welcome" && e.epoch === secondEpoch));
    await waitFor(() => since().filter((e) => e.type === "tick").length >= 10, "live ticks in the new epoch", 10_000);

    const closes = events.filter((e) => e.type === "disconnect");
    expect(closes.map((d) => d.code)).toContain(CloseCodes.EPOCH_CHANGED.code);
    const after = since();
    expect(after[0]).toMatchObject({ type: "welcome", epoch: secondEpoch });
    const snaps = after.filter((e): e is SnapshotMessage => e.type === "snapshot");
    expect(snaps.length).toBeGreaterThan(0);
    expect(snaps.every((s) => !s.resumed)).toBe(true);
    // What the client holds in the new epoch: the last snapshot, then ticks contiguous from it.
    const lastSnap = after.lastIndexOf(snaps.at(-1)!);
    const held = [...snaps.at(-1)!.ticks.map((t) => t.seq), ...after.slice(lastSnap).flatMap((e) => (e.type === "tick" ? [e.seq] : []))];
    expect(firstGap(held)).toBeUndefined();
    expect(held.length).toBeGreaterThanOrEqual(10);
    expect((await health(edge.httpUrl)).source.bus.state).toBe("connected");
    expect(client.state).toBe("live");
  });
});

describe("source shutdown", () => {
  it("a source stopped on purpose releases the lease, so the standby takes over without waiting out the TTL", async () => {
    const c = cluster();
    const sim = { FEED_SOURCE: "sim", FEED_SYMBOLS: "AAPL", FEED_TICK_RATE: "20", NATS_LEASE_TTL_MS: "6000" };
    const primary = await c.startSource(sim);
    const firstEpoch = await waitForOwner(primary.httpUrl);
    const standby = await c.startSource(sim);
    await waitFor(async () => (await health(standby.httpUrl)).source.bus.lease === "standby", "the second source to stand by");

    const stoppedAt = Date.now();
    await primary.server.stop();
    const secondEpoch = await waitForOwner(standby.httpUrl, 6000);
    expect(Date.now() - stoppedAt).toBeLessThan(4000); // a standby polls every TTL/3; the TTL is 6 s
    expect(secondEpoch).not.toBe(firstEpoch);
  });
});
