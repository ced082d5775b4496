/**
 * Scenario 2, spread: many symbols, each connection holding a random handful, every symbol
 * ticking at the same rate. Each tick reaches few connections, so per-tick costs (topic
 * lookup, serialisation, broadcast set-up) weigh more than in the broadcast.
 */
import { symbolNames, symbolsFor, type Assignment } from "../../symbols";
import { closesNote, windowMetrics } from "../results";
import { rssPerConnection, sleep, withSession, type Scenario } from "./context";

/** Every tick each connection should hold: the sum of the final seqs of the symbols it took. */
function expectedDeliveries(pool: string[], assignment: Assignment, connections: number, finalSeqs: Record<string, number>): number {
  let total = 0;
  for (let i = 0; i < connections; i++) for (const symbol of symbolsFor(pool, assignment, i)) total += finalSeqs[symbol] ?? 0;
  return total;
}

export const spread: Scenario = (ctx, impl, round) => {
  const { symbols: symbolCount, connections, perConnection, ratePerSymbol, warmupMs, windowMs, drainMs } = ctx.scale.spread;
  const symbols = symbolNames(symbolCount);
  return withSession(ctx, { impl, symbols, connections }, async (s) => {
    const baselineRssKiB = await s.settledRssKiB();
    const assignment = { kind: "random" as const, perConnection, seed: 7 };
    const c = await s.connect("main", connections, symbols, assignment, { concurrency: ctx.scale.connectConcurrency, timeoutMs: 90_000 });
    if (c.subscribed < connections) throw new Error(`only ${c.subscribed}/${connections} subscribed: ${c.errors.join("; ")}`);
    const rssPerConnBytes = await rssPerConnection(s, baselineRssKiB, connections);
    await s.publish({ streams: [{ symbols, ratePerSecond: ratePerSymbol * symbolCount }], prefillPerSymbol: 0, batchMs: ctx.scale.batchMs });
    await sleep(warmupMs);
    const w = await s.measure(windowMs);
    const halt = await s.halt();
    const drain = await s.awaitFinal(halt.finalSeqs, drainMs);
    const after = await s.report();
    const metrics = {
      ...windowMetrics(w, { targetPerSec: connections * Math.min(perConnection, symbolCount) * ratePerSymbol, rssPerConnBytes, connections }),
      lost: after.main.lost,
      outOfOrder: after.main.outOfOrder,
      duplicates: after.main.duplicates,
      undelivered: drain.undelivered,
      closedClients: after.main.connections - after.main.open,
      lagP99Ms: halt.lagP99Ms,
      deliveredTotal: after.main.delivered,
      expectedTotal: expectedDeliveries(symbols, assignment, connections, halt.finalSeqs),
    };
    ctx.log(`  ${metrics.deliveriesPerSec}/s, p99 ${metrics.p99Ms} ms, ${metrics.cpuUsPerDelivery?.toFixed(2)} µs CPU/delivery`);
    return [{ scenario: "spread", step: "", impl, round, metrics, notes: { closes: closesNote(after.main.closes) } }];
  });
};
