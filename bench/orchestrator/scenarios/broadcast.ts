/**
 * Scenario 1, broadcast: one symbol, every connection subscribed, the publish rate stepped
 * up on the same connections until p99 passes the limit or a tick is lost. Past the listed
 * steps the rate keeps growing (scale.broadcast.growth, up to maxRate), so each implementation's
 * capacity is bracketed by a step it passed and one it failed.
 */
import { symbolNames } from "../../symbols";
import { closesNote, windowMetrics, type RunRecord } from "../results";
import { rssPerConnection, sleep, withSession, type Scenario } from "./context";

export const broadcast: Scenario = (ctx, impl, round) => {
  const { subscribers, warmupMs, windowMs, drainMs, p99LimitMs } = ctx.scale.broadcast;
  const rates = [...ctx.scale.broadcast.rates];
  const symbols = symbolNames(1);
  return withSession(ctx, { impl, symbols, connections: subscribers, profile: ctx.profile }, async (s) => {
    const baselineRssKiB = await s.settledRssKiB();
    const c = await s.connect("main", subscribers, symbols, { kind: "all" }, { concurrency: ctx.scale.connectConcurrency, timeoutMs: 60_000 });
    if (c.subscribed < subscribers) throw new Error(`only ${c.subscribed}/${subscribers} subscribed: ${c.errors.join("; ")}`);
    const rssPerConnBytes = await rssPerConnection(s, baselineRssKiB, subscribers);
    const records: RunRecord[] = [];
    let before = { lost: 0, outOfOrder: 0, duplicates: 0 };
    // A step is measured again once when its p99 passed the limit while other processes loaded
    // the machine: one noisy window must not end the whole series.
    let retried = false;
    for (let i = 0; i < rates.length; i++) {
      const rate = rates[i] as number;
      await s.publish({ streams: [{ symbols, ratePerSecond: rate }], prefillPerSymbol: 0, batchMs: ctx.scale.batchMs });
      await sleep(warmupMs);
      ctx.onWindow?.({ serverPid: s.server.pid, windowMs });
      const w = await s.measure(windowMs);
      const halt = await s.halt();
      const drain = await s.awaitFinal(halt.finalSeqs, drainMs);
      const after = await s.report();
      const lost = after.main.lost - before.lost;
      const metrics = {
        rate,
        ...windowMetrics(w, { targetPerSec: rate * subscribers, rssPerConnBytes, connections: subscribers }),
        lost,
        outOfOrder: after.main.outOfOrder - before.outOfOrder,
        duplicates: after.main.duplicates - before.duplicates,
        undelivered: drain.undelivered,
        closedClients: after.main.connections - after.main.open,
        lagP99Ms: halt.lagP99Ms,
        // Exact totals since connecting: with nothing lost, every subscriber got every seq.
        deliveredTotal: after.main.delivered,
        expectedTotal: subscribers * (halt.finalSeqs[symbols[0] as string] ?? 0),
      };
      before = after.main;
      ctx.log(`  ${rate} ticks/s: ${metrics.deliveriesPerSec}/s, p99 ${metrics.p99Ms} ms, ${metrics.cpuUsPerDelivery.toFixed(2)} µs CPU/delivery, client ${metrics.clientCores.toFixed(2)} cores`);
      const slowedOnly = !(metrics.p99Ms <= p99LimitMs) && lost + drain.undelivered === 0 && metrics.closedClients === 0;
      if (slowedOnly && metrics.noisy && !retried) {
        retried = true;
        ctx.log(`  other processes used ${metrics.otherCores.toFixed(2)} cores during that step: measuring it again`);
        i--;
        continue;
      }
      records.push({ scenario: "broadcast", step: `${rate} ticks/s`, impl, round, metrics, notes: { closes: closesNote(after.main.closes), ...(retried ? { retried: "yes" } : {}) } });
      retried = false;
      const broke = !(metrics.p99Ms <= p99LimitMs) || lost + drain.undelivered > 0 || metrics.closedClients > 0;
      if (broke) {
        ctx.log(`  stop stepping: p99 ${metrics.p99Ms} ms, lost ${lost}, undelivered ${drain.undelivered}, closed ${metrics.closedClients}`);
        break;
      }
      const next = nextRate(rates, ctx.scale.broadcast);
      if (i === rates.length - 1 && next !== undefined) rates.push(next);
    }
    return records;
  });
};

/** The step after the listed ones: the last rate times `growth`, while it stays within `maxRate`. */
export function nextRate(rates: readonly number[], scale: { growth: number; maxRate: number }): number | undefined {
  const last = rates[rates.length - 1];
  if (last === undefined || !(scale.growth > 1)) return undefined;
  const next = Math.round(last * scale.growth);
  return next <= scale.maxRate ? next : undefined;
}
