/**
 * The harness's self-check: peers started with a deliberate fault must be counted exactly.
 * A skipped seq is one lost tick per connection, a swapped pair one out-of-order tick per
 * connection, and a clean run neither. Without this the loss columns could not be trusted.
 */
import type { ImplId } from "../../ipc";
import { symbolNames } from "../../symbols";
import type { RunRecord } from "../results";
import { sleep, withSession, type ScenarioContext } from "./context";

const FAULTS: { impl: ImplId; fault: string }[] = [
  { impl: "ws", fault: "drop:5" },
  { impl: "ws", fault: "swap:5" },
  { impl: "socketio", fault: "drop:5" },
  { impl: "socketio", fault: "swap:5" },
  { impl: "tickwire", fault: "" },
];

export async function selfCheck(ctx: ScenarioContext): Promise<RunRecord[]> {
  const { connections, rate, publishMs } = ctx.scale.check;
  const symbols = symbolNames(2);
  const records: RunRecord[] = [];
  for (const { impl, fault } of FAULTS) {
    const record = await withSession(ctx, { impl, symbols, connections, serverEnv: { BENCH_FAULT: fault } }, async (s) => {
      await s.connect("main", connections, symbols, { kind: "all" }, { concurrency: connections, timeoutMs: 30_000 });
      await s.publish({ streams: [{ symbols, ratePerSecond: rate }], prefillPerSymbol: 0 });
      await sleep(publishMs);
      const halt = await s.halt();
      const drain = await s.awaitFinal(halt.finalSeqs, 10_000);
      const r = await s.report();
      return {
        scenario: "check" as const,
        step: fault || "clean",
        impl,
        round: 1,
        metrics: {
          connections,
          symbols: symbols.length,
          published: halt.emitted,
          lowestFinalSeq: Math.min(...Object.values(halt.finalSeqs)),
          lost: r.main.lost,
          outOfOrder: r.main.outOfOrder,
          duplicates: r.main.duplicates,
          beforeSnapshot: r.main.beforeSnapshot,
          undelivered: drain.undelivered,
        },
        notes: {},
      };
    });
    ctx.log(`  ${impl} ${record.step}: lost ${record.metrics.lost}, out of order ${record.metrics.outOfOrder}, duplicates ${record.metrics.duplicates}`);
    records.push(record);
  }
  return records;
}
