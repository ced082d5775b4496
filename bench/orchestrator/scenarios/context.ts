/** What every scenario gets, and the one way a scenario holds a session: closed however it ends. */
import type { ImplId } from "../../ipc";
import { systemBetween, systemSample } from "../procfs";
import type { Scale } from "../scale";
import { Session, type HarnessConfig, type SessionOptions } from "../session";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Machine-wide busy cores below which a run may start. */
const QUIET_CORES = 0.3;

export interface ScenarioContext {
  config: HarnessConfig;
  scale: Scale;
  log(message: string): void;
  /** Start the feed server under --cpu-prof (the profiling run only). */
  profile?: boolean;
  /** Called as a measured window starts (the profiling run attaches perf here). */
  onWindow?: (info: { serverPid: number; windowMs: number }) => void;
  /** How long to wait for other processes to go quiet before a run (0: do not wait). */
  quietWaitMs: number;
  /** Waiting left for the whole benchmark, so a busy machine cannot stretch it without bound. */
  quietBudget: { ms: number };
}

/**
 * The benchmark may share its machine (other people's tests, a dev server). Before each run it
 * waits, within a limit, for the machine to be quiet; windows that still saw other load are
 * flagged `noisy` in the results rather than silently mixed in.
 */
export async function waitForQuiet(ctx: ScenarioContext): Promise<void> {
  const limit = Math.min(ctx.quietWaitMs, ctx.quietBudget.ms);
  if (limit <= 0) return;
  const started = performance.now();
  let said = false;
  for (;;) {
    const a = systemSample();
    await sleep(1000);
    const busy = systemBetween(a, systemSample()).busyCores;
    const waited = performance.now() - started;
    if (busy <= QUIET_CORES || waited >= limit) ctx.quietBudget.ms -= waited;
    if (busy <= QUIET_CORES) return;
    if (waited >= limit) {
      ctx.log(`  machine still busy (${busy.toFixed(2)} cores) after ${(waited / 1000).toFixed(0)} s; running anyway (windows are flagged noisy)`);
      return;
    }
    if (!said) ctx.log(`  waiting for other processes to go quiet (${busy.toFixed(2)} cores busy)`);
    said = true;
  }
}

export async function withSession<T>(ctx: ScenarioContext, options: SessionOptions, body: (s: Session) => Promise<T>): Promise<T> {
  await waitForQuiet(ctx);
  const session = await Session.open(ctx.config, options);
  try {
    return await body(session);
  } catch (err) {
    session.kill();
    throw err;
  } finally {
    await session.close();
  }
}


/** Server RSS per connection: settled RSS after connecting minus before, per connection (bytes). */
export async function rssPerConnection(s: Session, beforeKiB: number, connections: number): Promise<number> {
  return connections > 0 ? (((await s.settledRssKiB()) - beforeKiB) * 1024) / connections : NaN;
}

export type Scenario = (ctx: ScenarioContext, impl: ImplId, round: number) => Promise<import("../results").RunRecord[]>;
