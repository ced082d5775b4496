/** /health tells the truth about NATS: a cluster member says "degraded" while nats-server is away. */
import { describe, expect, it } from "vitest";
import { waitFor } from "../lib/testing/waitFor";
import { useNatsCluster, waitForEpoch, waitForOwner } from "./nats/testing/cluster";

const cluster = useNatsCluster();

const health = async (httpUrl: string) => {
  const res = await fetch(`${httpUrl}/health`);
  return { http: res.status, body: (await res.json()) as { status: string; reasons: string[] } };
};

describe("/health of cluster members", () => {
  it("says degraded (NATS away) while nats-server restarts, and ok once it is back", async () => {
    const c = cluster();
    const source = await c.startSource({ FEED_SOURCE: "sim", FEED_SYMBOLS: "AAPL", FEED_TICK_RATE: "20", NATS_LEASE_TTL_MS: "5000" });
    const epoch = await waitForOwner(source.httpUrl);
    const edge = await c.startEdge({ NATS_LEASE_TTL_MS: "5000" });
    await waitForEpoch(edge.httpUrl, epoch);
    await waitFor(async () => (await health(edge.httpUrl)).body.status === "ok", "the edge to report ok");
    expect((await health(source.httpUrl)).body).toMatchObject({ status: "ok", reasons: [] });

    const back = c.nats.restart(2500);
    for (const url of [edge.httpUrl, source.httpUrl]) {
      const h = await waitFor(async () => {
        const now = await health(url);
        return now.body.status !== "ok" && now;
      }, `${url} to report NATS away`, 10_000);
      expect(h.http).toBe(200);
      expect(h.body.status).toBe("degraded");
      expect(h.body.reasons.join("\n")).toMatch(/^NATS away \(bus \w+\)$/m);
    }
    await back;
    for (const url of [edge.httpUrl, source.httpUrl]) {
      await waitFor(async () => (await health(url)).body.status === "ok", `${url} to report ok again`, 15_000);
    }
  });
});
