/**
 * Scenario 8, the FEED_FLUSH_MS curve (issue 12): tickwire alone on the dashboard workload, one
 * fresh server per value of the write-batching window, so the default can be chosen from server
 * CPU per delivery against p50/p99 latency. The peers have no such setting and are skipped.
 */
import type { RunRecord } from "../results";
import type { Scenario } from "./context";
import { runSubsets } from "./subsets";

export const flush: Scenario = async (ctx, impl, round) => {
  if (impl !== "tickwire") return [];
  const records: RunRecord[] = [];
  for (const ms of ctx.scale.flush.values) {
    const step = `${ms} ms`;
    try {
      records.push(
        await runSubsets(ctx, impl, round, { scenario: "flush", step, params: ctx.scale.dashboard, serverEnv: { BENCH_FLUSH_MS: String(ms) }, extra: { flushMs: ms } }),
      );
    } catch (err) {
      // One failed value must not cost the rest of the curve.
      const message = (err as Error).message;
      ctx.log(`  ${step} failed: ${message.split("\n")[0]}`);
      records.push({ scenario: "flush", step, impl, round, metrics: { flushMs: ms }, notes: {}, error: message.slice(0, 2000) });
    }
  }
  return records;
};
