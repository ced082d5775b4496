/**
 * The NATS cluster scenarios: a real nats-server with JetStream, sources and edges as their own
 * processes (`tsx feed-server/main.ts` with FEED_BUS=nats), production lease timings, and the
 * well-behaved client on the edges. nats-server restarts (store kept, and wiped), an edge killed
 * with SIGKILL, the owning source killed with SIGKILL.
 */
import { NatsServer } from "../../feed-server/nats/testing/natsServer";
import { waitFor } from "../../lib/testing/waitFor";
import { FeedChild } from "../feedChild";
import type { ScenarioContext, ScenarioResult } from "../types";
import { Watcher } from "../watcher";
import { outcome, result, tail, WATCHED, type Outcome, type ScenarioMeta } from "./harness";

/** Default NATS_LEASE_TTL_MS: how long a source may miss its lease refresh. */
const LEASE_TTL_MS = 5_000;

async function bus(httpUrl: string): Promise<{ epoch: string; lease: string } | undefined> {
  try {
    const body: unknown = await (await fetch(`${httpUrl}/health`)).json();
    if (typeof body !== "object" || body === null) return undefined;
    const h = body as { epoch?: unknown; source?: { bus?: { lease?: unknown } } };
    return typeof h.epoch === "string" ? { epoch: h.epoch, lease: String(h.source?.bus?.lease ?? "") } : undefined;
  } catch {
    return undefined;
  }
}

const leaseIs = (httpUrl: string, lease: string, timeoutMs = 15_000) =>
  waitFor(async () => (await bus(httpUrl))?.lease === lease, `${httpUrl} to be lease ${lease}`, timeoutMs, 50);

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Cluster {
  nats: NatsServer;
  sources: FeedChild[];
  edges: FeedChild[];
}

/**
 * Starts nats-server, `sources` sources (the first owns the lease) and `edges` edges, runs `body`
 * with the well-behaved client on every edge's URL, and builds the result. RSS is the last edge's.
 */
async function clusterScenario(
  ctx: ScenarioContext,
  meta: ScenarioMeta,
  shape: { sources: number; edges: number; allowEpochResets: boolean },
  body: (c: Cluster, watcher: Watcher, out: Outcome) => Promise<void>,
): Promise<ScenarioResult> {
  const startedAt = performance.now();
  const out = outcome();
  const nats = await NatsServer.start();
  const c: Cluster = { nats, sources: [], edges: [] };
  const env = (role: string) => ({ FEED_BUS: "nats", FEED_ROLE: role, NATS_URL: nats.url, LOG_LEVEL: "info" });
  let watcher: Watcher | undefined;
  let rssBeforeKiB: number | null = null;
  let rssAfterKiB: number | null = null;
  try {
    c.sources.push(await FeedChild.start(ctx.root, env("source"), "source 1"));
    await leaseIs(c.sources[0]!.httpUrl, "owner");
    for (let i = 1; i < shape.sources; i++) {
      c.sources.push(await FeedChild.start(ctx.root, env("source"), `source ${i + 1}`));
      await leaseIs(c.sources[i]!.httpUrl, "standby");
    }
    const owned = (await bus(c.sources[0]!.httpUrl))?.epoch;
    for (let i = 0; i < shape.edges; i++) {
      const edge = await FeedChild.start(ctx.root, env("edge"), `edge ${i + 1}`);
      c.edges.push(edge);
      // An edge numbers in its own epoch for its first few ms, until it has read the source's from
      // the lease (then it closes whoever connected with 1012): the scenario starts once it follows.
      await waitFor(async () => (await bus(edge.httpUrl))?.epoch === owned, `edge ${i + 1} to follow the source's epoch`, 15_000, 20);
    }
    watcher = new Watcher(c.edges.map((e) => e.wsUrl), WATCHED);
    await watcher.live(20_000);
    const measured = c.edges.at(-1)!;
    rssBeforeKiB = measured.rssKiB();
    await body(c, watcher, out).catch((err: Error) => out.failures.push(`scenario error: ${err.message.split("\n")[0]}`));
    rssAfterKiB = measured.rssKiB();
    if (Object.keys(watcher.closes).length > 0) out.notes.push(`well-behaved client: closes ${JSON.stringify(watcher.closes)}, ${watcher.resumed} snapshots resumed, ${watcher.welcomes - 1} reconnects`);
  } catch (err) {
    out.failures.push(`scenario error: ${(err as Error).message.split("\n")[0]}`);
  }
  watcher?.stop();
  let crashes = 0;
  for (const p of [...c.sources, ...c.edges]) {
    // A process killed on purpose (FeedChild.kill) is not a crash.
    if (p.crashes > 0) {
      crashes++;
      out.failures.push(`a feed process died: ${tail(p.output(), 3)}`);
    }
  }
  await Promise.all([...c.sources, ...c.edges].map((p) => p.stop()));
  await nats.stop();
  return result(meta, out, { crashes, ticksLost: watcher?.ticksLost ?? null, epochResets: watcher?.epochResets ?? 0, allowEpochResets: shape.allowEpochResets, rssBeforeKiB, rssAfterKiB, startedAt });
}

/** Waits for the client to hold what `truth` (a source) has now; a stall becomes a failure. */
async function expectCaughtUp(watcher: Watcher, truth: FeedChild, out: Outcome, timeoutMs: number): Promise<void> {
  const stall = await watcher.caughtUp(truth.httpUrl, timeoutMs);
  if (stall) out.failures.push(stall);
}

export function natsRestartMeta(downMs: number, wipe: boolean): ScenarioMeta {
  return {
    id: wipe ? "nats-restart-wiped" : `nats-restart-${downMs / 1000}s`,
    title: wipe ? "nats-server restart, store wiped" : `nats-server restart, ${downMs / 1000} s down, store kept`,
    unit: "restarts",
    expectation: wipe
      ? "JetStream's history is gone, so a new epoch is right: clients get 1012, then fresh snapshots and live ticks"
      : `the epoch survives${downMs > LEASE_TTL_MS ? " (down longer than the lease TTL, no other source)" : ""}: clients stay connected, see stale then live, no seq gap`,
  };
}

export const EDGE_KILL: ScenarioMeta = { id: "edge-kill", title: "Edge killed (SIGKILL)", unit: "kills", expectation: "clients move to the other edge and resume: no new epoch, no seq gap" };

export const SOURCE_KILL: ScenarioMeta = {
  id: "source-kill",
  title: "Owning source killed (SIGKILL)",
  unit: "kills",
  expectation: "the standby takes the lease after the TTL under a new epoch (its numbering is its own): clients get 1012, fresh snapshots, live ticks again",
};

export function natsRestart(downMs: number, wipe: boolean): (ctx: ScenarioContext) => Promise<ScenarioResult> {
  return (ctx) =>
    clusterScenario(
      ctx,
      natsRestartMeta(downMs, wipe),
      { sources: 1, edges: 1, allowEpochResets: wipe },
      async ({ nats, sources }, watcher, out) => {
        await nats.restart(downMs, wipe);
        out.count = 1;
        // Watch through one lease TTL after the return: that is when a lost lease would show.
        await pause(LEASE_TTL_MS + 1_000);
        await expectCaughtUp(watcher, sources[0]!, out, 20_000);
        out.notes.push(`status frames: ${watcher.statuses.stale} stale, ${watcher.statuses.live} live`);
        const closes = Object.entries(watcher.closes).map(([code, n]) => `${n}× ${code}`);
        if (!wipe && closes.length > 0) out.failures.push(`client connections closed: ${closes.join(", ")}`);
      },
    );
}

export const edgeKill = (ctx: ScenarioContext): Promise<ScenarioResult> =>
  clusterScenario(
    ctx,
    EDGE_KILL,
    { sources: 1, edges: 2, allowEpochResets: false },
    async ({ sources, edges }, watcher, out) => {
      const welcomes = watcher.welcomes;
      await edges[0]!.kill("SIGKILL");
      out.count = 1;
      await watcher.reconnected(welcomes);
      await expectCaughtUp(watcher, sources[0]!, out, 20_000);
    },
  );

export const sourceKill = (ctx: ScenarioContext): Promise<ScenarioResult> =>
  clusterScenario(
    ctx,
    SOURCE_KILL,
    { sources: 2, edges: 1, allowEpochResets: true },
    async ({ sources }, watcher, out) => {
      const t0 = performance.now();
      await sources[0]!.kill("SIGKILL");
      out.count = 1;
      await leaseIs(sources[1]!.httpUrl, "owner", LEASE_TTL_MS * 4);
      const epoch = (await bus(sources[1]!.httpUrl))?.epoch;
      await waitFor(() => watcher.currentEpoch === epoch, "the well-behaved client to be on the standby's epoch", 20_000, 20);
      await expectCaughtUp(watcher, sources[1]!, out, 20_000);
      out.notes.push(`live again on the standby's epoch ${((performance.now() - t0) / 1000).toFixed(1)} s after the kill`);
    },
  );
