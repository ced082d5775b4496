/**
 * nats-server restarts under load (same port; store kept or wiped). With the store kept, whatever
 * the length of the outage, no other source took the lease, so the source keeps its epoch: every
 * client stays connected, sees its symbols go stale and live again, and holds every seq. With the
 * store wiped, or when the source's queue overflowed while NATS was away, seqs were lost: a new
 * epoch starts and clients are sent to start afresh (1012).
 */
import { describe, expect, it } from "vitest";
import { CloseCodes } from "../../lib/codes";
import { waitFor } from "../../lib/testing/waitFor";
import { firstGap, type TestClient } from "../testing/testClient";
import { health, metric, metricsText, useNatsCluster, waitForEpoch, waitForOwner, type Cluster } from "./testing/cluster";
import { heldSeries } from "./testing/series";
import { lastSeqs, seqsOf, waitToHoldAll } from "./testing/restartLoad";
import { TcpProxy } from "./testing/tcpProxy";

const cluster = useNatsCluster();

const SYMBOLS = ["AAPL", "MSFT", "NVDA", "AMZN", "TSLA", "META", "BTC-USD", "ETH-USD"];
const TTL_MS = 5000;
/** The load: 8 symbols at 30 ticks/s each (240 ticks/s into NATS), two edges, three clients each. */
const LOAD = { FEED_SOURCE: "sim", FEED_SYMBOLS: SYMBOLS.join(","), FEED_TICK_RATE: "30", NATS_LEASE_TTL_MS: String(TTL_MS) };
const CLIENTS_PER_EDGE = 3;

interface Running {
  epoch: string;
  sourceUrl: string;
  sourceWs: string;
  /** A hot standby source, when the test runs one. */
  standbyUrl: string | undefined;
  edges: { httpUrl: string; wsUrl: string }[];
  clients: TestClient[];
}

async function startLoadedCluster(c: Cluster, extra: Record<string, string> = {}, standby = false): Promise<Running> {
  const source = await c.startSource({ ...LOAD, ...extra });
  const epoch = await waitForOwner(source.httpUrl);
  let standbyUrl: string | undefined;
  if (standby) {
    standbyUrl = (await c.startSource({ ...LOAD, ...extra })).httpUrl;
    await waitFor(async () => (await health(standbyUrl!)).source.bus.lease === "standby", "the second source to stand by", 5000);
  }
  const edges = await Promise.all([c.startEdge({ NATS_LEASE_TTL_MS: String(TTL_MS) }), c.startEdge({ NATS_LEASE_TTL_MS: String(TTL_MS) })]);
  await Promise.all(edges.map((e) => waitForEpoch(e.httpUrl, epoch)));
  const clients: TestClient[] = [];
  for (const edge of edges) {
    for (let i = 0; i < CLIENTS_PER_EDGE; i++) {
      const client = await c.connect(edge.wsUrl);
      client.subscribe(SYMBOLS);
      clients.push(client);
    }
  }
  await Promise.all(clients.map((cl) => waitToHoldAll(cl, SYMBOLS, 10, 10_000)));
  return { epoch, sourceUrl: source.httpUrl, sourceWs: source.wsUrl, standbyUrl, edges, clients };
}

/** What the source has numbered so far, read from its own local feed. */
async function sourceSeqs(c: Cluster, wsUrl: string, symbols = SYMBOLS): Promise<Map<string, number>> {
  const probe = await c.connect(wsUrl);
  probe.subscribe(symbols);
  await waitFor(() => symbols.every((s) => probe.snapshots(s).length > 0), "snapshots from the source's own feed", 5000);
  const seqs = lastSeqs(probe, symbols);
  probe.close();
  return seqs;
}

/**
 * Restarts nats-server for `downMs` with its store kept, while a client also reconnects to the
 * other edge and resumes; then checks that nobody was sent away and nobody misses a seq.
 */
async function restartKeepsEpoch(downMs: number, standby = false): Promise<void> {
  const c = cluster();
  const run = await startLoadedCluster(c, {}, standby);
  const [edge1, edge2] = run.edges as [Running["edges"][0], Running["edges"][0]];
  // A browser whose connection to edge 1 drops just before NATS goes away; it resumes on edge 2
  // while NATS is away (once edge 2 holds what it held: an edge cannot resume past its newest seq).
  const leaving = await c.connect(edge1.wsUrl);
  leaving.subscribe(SYMBOLS);
  await waitToHoldAll(leaving, SYMBOLS, 10, 10_000);
  leaving.close();
  const held = lastSeqs(leaving, SYMBOLS);
  const since = Object.fromEntries(held);
  await waitToHoldAll(run.clients.at(-1)!, SYMBOLS, held, 5000);
  const restartAt = run.clients.map((cl) => cl.messages.length);

  const restarting = c.nats.restart(downMs);
  await waitFor(async () => (await health(edge2.httpUrl)).source.bus.state === "disconnected", "edge 2 to notice NATS is gone", 5000);
  const resumed = await c.connect(edge2.wsUrl);
  resumed.subscribe(SYMBOLS, { epoch: run.epoch, since });
  await waitFor(() => SYMBOLS.every((s) => resumed.snapshots(s).length > 0), "the resume's snapshots", 5000);
  for (const s of SYMBOLS) expect(resumed.snapshots(s)[0]!.resumed, `${s} resumed on edge 2`).toBe(true);
  await restarting;

  // Everything the source numbered by the time NATS is back must reach every client.
  const target = await sourceSeqs(c, run.sourceWs);
  for (const cl of [...run.clients, resumed]) await waitToHoldAll(cl, SYMBOLS, target, 20_000);

  run.clients.forEach((cl, i) => {
    expect(cl.closed, "nobody is sent away").toBeUndefined();
    for (const s of SYMBOLS) {
      expect(cl.snapshots(s), `${s}: one snapshot, never rebuilt`).toHaveLength(1);
      expect(firstGap(cl.seqsSinceSnapshot(s)), `${s} seqs`).toBeUndefined();
      const statuses = cl.messages.slice(restartAt[i]).filter((m) => m.type === "status" && m.symbol === s);
      const stale = statuses.findIndex((m) => m.type === "status" && m.state === "stale" && /NATS/.test(m.reason ?? ""));
      expect(stale, `${s} went stale when NATS went away`).toBeGreaterThanOrEqual(0);
      expect(statuses.slice(stale).some((m) => m.type === "status" && m.state === "live"), `${s} live again`).toBe(true);
    }
  });
  for (const s of SYMBOLS) {
    const held = [...seqsOf(leaving, s), ...heldSeries(resumed.messages, s).map((t) => t.seq)];
    expect(firstGap(held), `${s} across the resume`).toBeUndefined();
  }
  expect(resumed.closed).toBeUndefined();

  const [src, ...edges] = await Promise.all([run.sourceUrl, ...run.edges.map((e) => e.httpUrl)].map(health));
  expect(src!.epoch).toBe(run.epoch);
  expect(src!.source.bus.lease).toBe("owner");
  for (const e of edges) expect(e.epoch).toBe(run.epoch);
  if (run.standbyUrl) expect((await health(run.standbyUrl)).source.bus.lease).toBe("standby");
  const metrics = await metricsText(run.sourceUrl);
  expect(metric(metrics, 'tickwire_source_errors_total{kind="bus_dropped"}') ?? 0, "nothing dropped from the queue").toBe(0);
  expect(metric(metrics, 'tickwire_source_errors_total{kind="epoch_lost"}') ?? 0).toBe(0);
}

describe("NATS restart with its store kept", () => {
  it("1 s: clients stay connected, go stale, then live, with every seq", () => restartKeepsEpoch(1000), 45_000);
  it("3 s: clients stay connected, go stale, then live, with every seq", () => restartKeepsEpoch(3000), 45_000);
  it("10 s, longer than the lease TTL, with a hot standby: the epoch is still kept", () => restartKeepsEpoch(10_000, true), 60_000);

  it("an owner that gets back to NATS later than its hot standby still keeps the epoch", async () => {
    const c = cluster();
    const sim = { FEED_SOURCE: "sim", FEED_SYMBOLS: "AAPL", FEED_TICK_RATE: "30", NATS_LEASE_TTL_MS: "3000" };
    const proxy = new TcpProxy("127.0.0.1", c.nats.port);
    await proxy.start();
    c.onCleanup(() => proxy.stop());
    const owner = await c.startSource({ ...sim, NATS_URL: proxy.url });
    const epoch = await waitForOwner(owner.httpUrl);
    const standby = await c.startSource(sim);
    await waitFor(async () => (await health(standby.httpUrl)).source.bus.lease === "standby", "the second source to stand by", 5000);
    const edge = await c.startEdge({ NATS_LEASE_TTL_MS: "3000" });
    await waitForEpoch(edge.httpUrl, epoch);
    const client = await c.connect(edge.wsUrl);
    client.subscribe(["AAPL"]);
    await waitToHoldAll(client, ["AAPL"], 10, 10_000);

    // The lease expires during the outage, and the owner's way back to NATS opens only after the
    // standby is back: the standby could take the vacant lease first.
    proxy.partition();
    await c.nats.restart(5000);
    await waitFor(async () => (await health(standby.httpUrl)).source.bus.reconnects >= 1, "the standby to reconnect", 5000, 25);
    proxy.heal();
    await waitFor(async () => (await health(owner.httpUrl)).source.bus.lease === "owner", "the owner to confirm its lease", 10_000, 50);
    await waitToHoldAll(client, ["AAPL"], await sourceSeqs(c, owner.wsUrl, ["AAPL"]), 10_000);
    expect(client.closed).toBeUndefined();
    expect(client.snapshots("AAPL")).toHaveLength(1);
    expect(firstGap(client.seqsSinceSnapshot("AAPL"))).toBeUndefined();
    expect((await health(standby.httpUrl)).source.bus.lease).toBe("standby");
    expect((await health(edge.httpUrl)).epoch).toBe(epoch);
  }, 45_000);

  it("a queue that overflowed while NATS was away starts a new epoch", async () => {
    const c = cluster();
    // 30 ticks/s for 3 s does not fit a queue of 40 per symbol.
    const run = await startLoadedCluster(c, { NATS_HISTORY: "40" });
    await c.nats.restart(3000);
    for (const cl of run.clients) expect((await cl.waitForClose(15_000)).code).toBe(CloseCodes.EPOCH_CHANGED.code);
    const next = (await health(run.sourceUrl)).epoch;
    expect(next).not.toBe(run.epoch);
    await Promise.all(run.edges.map((e) => waitForEpoch(e.httpUrl, next)));
    const metrics = await metricsText(run.sourceUrl);
    expect(metric(metrics, 'tickwire_source_errors_total{kind="bus_dropped"}')).toBeGreaterThan(0);
    expect(metric(metrics, 'tickwire_source_errors_total{kind="epoch_lost"}')).toBe(1);
    // The new epoch is served gapless from its start.
    const again = await c.connect(run.edges[0]!.wsUrl);
    again.subscribe(["AAPL"]);
    await waitFor(() => heldSeries(again.messages, "AAPL").length >= 20, "20 ticks in the new epoch", 10_000);
    expect(firstGap(heldSeries(again.messages, "AAPL").map((t) => t.seq))).toBeUndefined();
  }, 45_000);
});

describe("NATS restart without its store", () => {
  it("the source recreates stream and lease under a new epoch, and clients start afresh", async () => {
    const c = cluster();
    const run = await startLoadedCluster(c);
    await c.nats.restart(1000, true); // e.g. a container without a persistent volume
    for (const cl of run.clients) expect((await cl.waitForClose(15_000)).code).toBe(CloseCodes.EPOCH_CHANGED.code);
    const next = (await health(run.sourceUrl)).epoch;
    expect(next).not.toBe(run.epoch);
    await waitForEpoch(run.edges[0]!.httpUrl, next);

    // A resume in the old epoch cannot be honoured: a fresh snapshot, then gapless live ticks.
    const again = await c.connect(run.edges[0]!.wsUrl);
    expect(again.welcome.epoch).toBe(next);
    again.subscribe(["AAPL"], { epoch: run.epoch, since: { AAPL: 5 } });
    const snap = await again.next("snapshot", (s) => s.symbol === "AAPL", 0, 10_000);
    expect(snap.resumed).toBe(false);
    await waitFor(() => heldSeries(again.messages, "AAPL").length >= 20, "20 ticks in the new epoch", 10_000);
    expect(firstGap(heldSeries(again.messages, "AAPL").map((t) => t.seq))).toBeUndefined();
  }, 45_000);
});
