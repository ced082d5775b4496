/**
 * Scenario 5, reconnect storm: every client dials at once and subscribes, while ticks keep
 * flowing; the time until the last one holds its snapshot (with history, as after a
 * restart), and the server's peak RSS (VmHWM) while it happens.
 */
import { symbolNames } from "../../symbols";
import { closesNote } from "../results";
import { cpuBetween, cpuSample } from "../procfs";
import { sleep, withSession, type Scenario } from "./context";

export const storm: Scenario = (ctx, impl, round) => {
  const { connections, symbols: symbolCount, prefill, rate, timeoutMs } = ctx.scale.storm;
  const symbols = symbolNames(symbolCount);
  return withSession(ctx, { impl, symbols, connections }, async (s) => {
    await s.publish({ streams: [{ symbols, ratePerSecond: rate }], prefillPerSymbol: prefill, batchMs: ctx.scale.batchMs });
    await sleep(300);
    const before = await s.settledRssKiB();
    const cpu0 = cpuSample(s.server.pid);
    const c = await s.connect("main", connections, symbols, { kind: "round-robin" }, { concurrency: 0, timeoutMs });
    const cpu = cpuBetween(cpu0, cpuSample(s.server.pid));
    const mem = s.memory();
    await s.halt();
    const report = await s.report();
    const tts = c.timeToSnapshot;
    const metrics = {
      connections,
      subscribed: c.subscribed,
      failed: c.failed,
      stormMs: c.allSubscribedMs,
      ttsP50Ms: tts.getValueAtPercentile(50) / 1000,
      ttsP99Ms: tts.getValueAtPercentile(99) / 1000,
      serverCpuMs: cpu.totalMs,
      peakRssMiB: mem.hwmKiB / 1024,
      rssBeforeMiB: before / 1024,
      rssPerConnBytes: ((mem.rssKiB - before) * 1024) / Math.max(1, c.subscribed),
      lost: report.main.lost,
      outOfOrder: report.main.outOfOrder,
    };
    ctx.log(`  ${c.subscribed}/${connections} subscribed in ${Math.round(metrics.stormMs)} ms (p99 ${metrics.ttsP99Ms} ms), peak RSS ${metrics.peakRssMiB.toFixed(1)} MiB`);
    return [{ scenario: "storm", step: "", impl, round, metrics, notes: { closes: closesNote(report.main.closes), errors: c.errors.join("; ") } }];
  });
};
