/**
 * Scenario 3, idle memory: connections subscribed and no ticks. RSS per connection is the
 * server's RSS after minus before, each after a full GC, divided by the connections held.
 */
import { symbolNames } from "../../symbols";
import { closesNote } from "../results";
import { sleep, withSession, type Scenario } from "./context";

export const idle: Scenario = (ctx, impl, round) => {
  const { connections, symbols: symbolCount, settleMs } = ctx.scale.idle;
  const symbols = symbolNames(symbolCount);
  return withSession(ctx, { impl, symbols, connections }, async (s) => {
    await sleep(settleMs);
    const before = await s.settledRssKiB();
    const c = await s.connect("main", connections, symbols, { kind: "round-robin" }, { concurrency: ctx.scale.connectConcurrency, timeoutMs: 120_000 });
    await sleep(settleMs);
    const after = await s.settledRssKiB();
    const report = await s.report();
    const metrics = {
      connections,
      subscribed: c.subscribed,
      failed: c.failed,
      rssBeforeMiB: before / 1024,
      rssAfterMiB: after / 1024,
      rssPerConnBytes: c.subscribed > 0 ? ((after - before) * 1024) / c.subscribed : NaN,
      connectMs: c.allSubscribedMs,
      lost: report.main.lost,
    };
    ctx.log(`  ${c.subscribed} subscribed, RSS ${metrics.rssBeforeMiB.toFixed(1)} → ${metrics.rssAfterMiB.toFixed(1)} MiB, ${Math.round(metrics.rssPerConnBytes)} B/connection`);
    return [{ scenario: "idle", step: "", impl, round, metrics, notes: { closes: closesNote(report.main.closes), errors: c.errors.join("; ") } }];
  });
};
