/**
 * What every feed scenario shares: a feed server process, the well-behaved client subscribed
 * from before the abuse until after it, RSS read from /proc before and after, and the verdict.
 * A scenario body only applies its abuse and adds what it saw.
 */
import { FeedChild } from "../feedChild";
import type { ScenarioContext, ScenarioResult } from "../types";
import { Watcher } from "../watcher";

/** The symbols the well-behaved client watches: stocks and crypto. */
export const WATCHED = ["AAPL", "MSFT", "NVDA", "BTC-USD"];

export interface ScenarioMeta {
  id: string;
  title: string;
  unit: string;
  expectation: string;
}

/** What a scenario body reports back. */
export interface Outcome {
  count: number;
  /** Broken expectations: any one makes the verdict "fail". */
  failures: string[];
  /** Figures worth reading that break nothing. */
  notes: string[];
  /** Crashes of processes other than the feed server under test (e.g. the recorder). */
  otherCrashes: number;
}

export function outcome(): Outcome {
  return { count: 0, failures: [], notes: [], otherCrashes: 0 };
}

export interface FeedRun {
  feed: FeedChild;
  watcher: Watcher;
  ctx: ScenarioContext;
  out: Outcome;
}

export interface FeedScenarioOptions {
  /** FEED_* variables of the server under test. */
  env?: Record<string, string>;
  /** Epoch resets of the well-behaved client that are by design (a feed restart). */
  allowEpochResets?: boolean;
}

/** Builds the result row from the counts; the one place the verdict is decided. */
export function result(
  meta: ScenarioMeta,
  out: Outcome,
  figures: { crashes: number; ticksLost: number | null; epochResets: number; allowEpochResets?: boolean; rssBeforeKiB: number | null; rssAfterKiB: number | null; startedAt: number },
): ScenarioResult {
  const failures = [...out.failures];
  const crashes = figures.crashes + out.otherCrashes;
  if (figures.crashes > 0) failures.unshift(`${figures.crashes} server process crash${figures.crashes > 1 ? "es" : ""}`);
  if ((figures.ticksLost ?? 0) > 0) failures.push(`well-behaved client lost ${figures.ticksLost} ticks`);
  if (figures.epochResets > 0 && !figures.allowEpochResets) failures.push(`well-behaved client's resume refused ${figures.epochResets} times (new epoch)`);
  return {
    ...meta,
    count: out.count,
    crashes,
    ticksLost: figures.ticksLost,
    epochResets: figures.epochResets,
    rssBeforeKiB: figures.rssBeforeKiB,
    rssAfterKiB: figures.rssAfterKiB,
    durationMs: Math.round(performance.now() - figures.startedAt),
    verdict: failures.length > 0 ? "fail" : "pass",
    findings: [...failures, ...out.notes],
  };
}

/** A scenario that could not run here, with the reason. */
export function skipped(meta: ScenarioMeta, why: string): ScenarioResult {
  return { ...meta, count: 0, crashes: 0, ticksLost: null, epochResets: 0, rssBeforeKiB: null, rssAfterKiB: null, durationMs: 0, verdict: "skipped", findings: [why] };
}

/** Last lines of a process's output, for a finding about a crash. */
export function tail(output: string, lines = 6): string {
  return output.split("\n").filter(Boolean).slice(-lines).join(" | ").slice(0, 600);
}

/**
 * Runs `body` against a fresh feed server with the well-behaved client on it. Afterwards the
 * client must catch up with the server's newest seqs, and /health must still answer.
 */
export async function feedScenario(ctx: ScenarioContext, meta: ScenarioMeta, options: FeedScenarioOptions, body: (run: FeedRun) => Promise<void>): Promise<ScenarioResult> {
  const startedAt = performance.now();
  const out = outcome();
  const feed = await FeedChild.start(ctx.root, { LOG_LEVEL: "info", ...options.env });
  const watcher = new Watcher([feed.wsUrl], WATCHED);
  let rssBeforeKiB: number | null = null;
  let rssAfterKiB: number | null = null;
  try {
    await watcher.live();
    rssBeforeKiB = feed.rssKiB();
    try {
      await body({ feed, watcher, ctx, out });
    } catch (err) {
      out.failures.push(`scenario error: ${(err as Error).message.split("\n")[0]}`);
    }
    if (feed.running) {
      const stall = await watcher.caughtUp(feed.httpUrl);
      if (stall) out.failures.push(stall);
      const health = await fetch(`${feed.httpUrl}/health`).then((r) => r.status, (e: Error) => e.message);
      if (health !== 200) out.failures.push(`GET /health after the scenario: ${health}`);
      rssAfterKiB = feed.rssKiB();
    } else {
      out.failures.push(`feed server died: ${tail(feed.output())}`);
    }
    if (watcher.disconnects > 0) out.notes.push(`well-behaved client disconnects: ${JSON.stringify(watcher.closes)}, resumed ${watcher.resumed}`);
  } catch (err) {
    out.failures.push((err as Error).message.split("\n")[0] ?? "unknown error");
  }
  watcher.stop();
  const crashes = feed.crashes;
  await feed.stop();
  return result(meta, out, { crashes, ticksLost: watcher.ticksLost, epochResets: watcher.epochResets, allowEpochResets: options.allowEpochResets, rssBeforeKiB, rssAfterKiB, startedAt });
}
