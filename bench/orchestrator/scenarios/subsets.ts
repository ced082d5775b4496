/**
 * The shape shared by the spread, dashboard, widgets and flush scenarios: a pool of symbols all
 * ticking at one rate, each connection holding some of them (drawn with a seed, or round-robin
 * when it holds one), measured over one window and then drained so every seq is accounted for.
 */
import type { ImplId } from "../../ipc";
import { symbolNames, symbolsFor, type Assignment } from "../../symbols";
import { closesNote, windowMetrics, type RunRecord, type ScenarioId } from "../results";
import type { Subsets } from "../scale";
import { rssPerConnection, sleep, withSession, type ScenarioContext } from "./context";

/** Every tick each connection should hold: the sum of the final seqs of the symbols it took. */
function expectedDeliveries(pool: string[], assignment: Assignment, connections: number, finalSeqs: Record<string, number>): number {
  let total = 0;
  for (let i = 0; i < connections; i++) for (const symbol of symbolsFor(pool, assignment, i)) total += finalSeqs[symbol] ?? 0;
  return total;
}

export function assignmentOf(p: Subsets): Assignment {
  return p.perConnection === 1 ? { kind: "round-robin" } : { kind: "random", perConnection: p.perConnection, seed: 7 };
}

export interface SubsetsRun {
  scenario: ScenarioId;
  step: string;
  params: Subsets;
  /** Extra server environment, e.g. BENCH_FLUSH_MS for tickwire. */
  serverEnv?: Record<string, string>;
  /** Extra metrics recorded with the run. */
  extra?: Record<string, number>;
}

export function runSubsets(ctx: ScenarioContext, impl: ImplId, round: number, run: SubsetsRun): Promise<RunRecord> {
  const { symbols: symbolCount, connections, perConnection, ratePerSymbol, warmupMs, windowMs, drainMs } = run.params;
  const symbols = symbolNames(symbolCount);
  return withSession(ctx, { impl, symbols, connections, serverEnv: run.serverEnv }, async (s) => {
    const baselineRssKiB = await s.settledRssKiB();
    const assignment = assignmentOf(run.params);
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
      ...run.extra,
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
    ctx.log(
      `  ${run.step ? `${run.step}: ` : ""}${metrics.deliveriesPerSec}/s, p50 ${metrics.p50Ms} ms, p99 ${metrics.p99Ms} ms, ${metrics.cpuUsPerDelivery?.toFixed(2)} µs CPU/delivery, ${metrics.ticksPerRead.toFixed(1)} ticks/read, client ${metrics.clientCores.toFixed(2)} cores`,
    );
    return { scenario: run.scenario, step: run.step, impl, round, metrics, notes: { closes: closesNote(after.main.closes) } };
  });
}
