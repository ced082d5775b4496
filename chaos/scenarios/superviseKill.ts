/**
 * kill -9 of the feed under `npm start` (scripts/start.mjs, the production dashboard and the
 * feed side by side): the dashboard must keep answering, the supervisor must bring the feed
 * back, and the well-behaved client must be live again (on a new epoch: a restarted feed has
 * new numbering, by design). Needs a Next.js build (`npm run build`); skipped without one.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { memory } from "../../bench/orchestrator/procfs";
import { freePort } from "../../e2e/support/freePort";
import { ManagedProcess } from "../../e2e/support/managedProcess";
import { waitFor } from "../../lib/testing/waitFor";
import type { ScenarioContext, ScenarioResult } from "../types";
import { Watcher } from "../watcher";
import { outcome, result, skipped, tail, WATCHED, type ScenarioMeta } from "./harness";

const META: ScenarioMeta = {
  id: "feed-kill-9",
  title: "kill -9 of the feed under npm start",
  unit: "kills",
  expectation: "the dashboard keeps answering, the supervisor restarts the feed, and clients are live again (new epoch, by design)",
};

const OBSERVE_MS = 20_000;

/** Direct children of `pid`, from /proc (Linux 3.5+). */
function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Children, grandchildren and so on: everything `npm start` started. */
function descendants(pid: number): number[] {
  const direct = children(pid);
  return [...direct, ...direct.flatMap(descendants)];
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

const answers = (url: string) => fetch(url, { signal: AbortSignal.timeout(3_000) }).then((r) => r.status, () => 0);

export async function superviseKill(ctx: ScenarioContext): Promise<ScenarioResult> {
  if (!ctx.scale.superviseKill) return skipped(META, "quick mode: needs a Next.js build; runs in npm run chaos");
  if (!existsSync(join(ctx.root, ".next", "BUILD_ID"))) return skipped(META, "no Next.js build: run npm run build, then npm run chaos");
  const startedAt = performance.now();
  const out = outcome();
  const [port, feedPort] = [await freePort(), await freePort()];
  const supervisor = ManagedProcess.spawn({ name: "npm start", command: process.execPath, args: ["scripts/start.mjs"], cwd: ctx.root, env: { PORT: String(port), FEED_PORT: String(feedPort) } });
  const feedHealth = `http://127.0.0.1:${feedPort}/health`;
  const dashboard = `http://127.0.0.1:${port}/`;
  const started = new Set<number>();
  let watcher: Watcher | undefined;
  let rssBeforeKiB: number | null = null;
  let rssAfterKiB: number | null = null;
  const feedPid = () => children(supervisor.pid ?? -1).find((p) => cmdline(p).includes("feed-server"));
  try {
    await waitFor(async () => (await answers(feedHealth)) === 200 && (await answers(dashboard)) === 200, "npm start to serve the feed and the dashboard", 90_000, 250);
    for (const p of descendants(supervisor.pid ?? -1)) started.add(p);
    watcher = new Watcher([`ws://127.0.0.1:${feedPort}/ws`], WATCHED);
    await watcher.live();
    const victim = feedPid();
    if (victim === undefined) throw new Error("found no feed process under the supervisor");
    rssBeforeKiB = memory(victim).rssKiB;
    const welcomes = watcher.welcomes;
    process.kill(victim, "SIGKILL");
    out.count = 1;

    // Poll the dashboard for the whole window: one refused request is a failure.
    let dashboardDown = 0;
    let polls = 0;
    const deadline = Date.now() + OBSERVE_MS;
    while (Date.now() < deadline) {
      polls++;
      if ((await answers(dashboard)) !== 200) dashboardDown++;
      for (const p of descendants(supervisor.pid ?? -1)) started.add(p);
      await new Promise((r) => setTimeout(r, 500));
    }
    if (dashboardDown > 0) out.failures.push(`dashboard did not answer ${dashboardDown} of ${polls} requests after the feed was killed`);
    if (!supervisor.running) out.failures.push(`npm start exited (${JSON.stringify(await supervisor.exited)}): ${tail(supervisor.output(), 2)}`);
    const back = feedPid();
    if (back === undefined || (await answers(feedHealth)) !== 200) out.failures.push(`feed not restarted within ${OBSERVE_MS / 1000} s`);
    else {
      rssAfterKiB = memory(back).rssKiB;
      await watcher.reconnected(welcomes, 5_000).catch(() => out.failures.push("the well-behaved client did not reconnect"));
      const stall = await watcher.caughtUp(`http://127.0.0.1:${feedPort}`);
      if (stall) out.failures.push(stall);
    }
  } catch (err) {
    out.failures.push(`scenario error: ${(err as Error).message.split("\n")[0]}`);
  }
  watcher?.stop();
  await supervisor.stop("SIGTERM", 10_000);
  // Whatever the supervisor started and left behind (orphans) is ours to end.
  const orphans = [...started].filter((p) => cmdline(p) !== "");
  for (const p of orphans) process.kill(p, "SIGKILL");
  if (orphans.length > 0) out.failures.push(`${orphans.length} child processes outlived npm start`);
  return result(META, out, { crashes: 0, ticksLost: watcher?.ticksLost ?? null, epochResets: watcher?.epochResets ?? 0, allowEpochResets: true, rssBeforeKiB, rssAfterKiB, startedAt });
}
