/**
 * Scenario 4, slow consumers: the broadcast at a moderate rate, plus clients that stop reading.
 * Phase A measures everyone reading; in phase B the slow clients pause their sockets. What we
 * want to see: healthy clients' p99 and loss unchanged from A to B, server RSS bounded, and what
 * the server did to the slow clients, found by letting them read again: a close frame and its
 * code, a bare TCP close, gaps in their seqs (silent drops), or everything, late (unbounded
 * buffering).
 *
 * Loopback TCP buffers about 4 MB per stalled connection before the server's own buffer grows,
 * so the slow clients also hold a busy second symbol: their backlog then passes kernel buffers
 * plus the 1 MiB limit within the window, while the healthy clients' load is the broadcast only.
 */
import { symbolNames } from "../../symbols";
import { closesNote, latencyMetrics, windowMetrics } from "../results";
import { rssPerConnection, sleep, withSession, type Scenario } from "./context";

export const slow: Scenario = (ctx, impl, round) => {
  const { subscribers, slowClients, rate, fireRate, warmupMs, phaseAms, phaseBms, resumeMs } = ctx.scale.slow;
  const [shared, fire] = symbolNames(2) as [string, string];
  return withSession(ctx, { impl, symbols: [shared, fire], connections: subscribers + slowClients }, async (s) => {
    const baselineRssKiB = await s.settledRssKiB();
    const opts = { concurrency: ctx.scale.connectConcurrency, timeoutMs: 60_000 };
    const healthy = await s.connect("main", subscribers, [shared], { kind: "all" }, opts);
    const slowConns = await s.connect("slow", slowClients, [shared, fire], { kind: "all" }, opts);
    if (healthy.subscribed < subscribers || slowConns.subscribed < slowClients) {
      throw new Error(`subscribed ${healthy.subscribed}/${subscribers} healthy, ${slowConns.subscribed}/${slowClients} slow`);
    }
    const rssPerConnBytes = await rssPerConnection(s, baselineRssKiB, subscribers + slowClients);
    await s.publish({
      streams: [
        { symbols: [shared], ratePerSecond: rate },
        { symbols: [fire], ratePerSecond: fireRate },
      ],
      prefillPerSymbol: 0,
      batchMs: ctx.scale.batchMs,
    });
    await sleep(warmupMs);
    const a = await s.measure(phaseAms);
    const lostBeforeB = a.main.lost;

    await s.all("pause", "slow");
    const t0 = performance.now();
    const series: [number, number][] = [];
    const sample = () => series.push([(performance.now() - t0) / 1000, s.memory().rssKiB / 1024]);
    sample();
    const b = await s.measure(phaseBms, sample);
    sample();
    const halt = await s.halt();
    const drain = await s.awaitFinal(halt.finalSeqs, 10_000);

    await s.all("resume", "slow");
    const closed = await s.awaitClosed("slow", resumeMs);
    const end = await s.report();
    const rss = series.map(([, mib]) => mib);
    const metrics = {
      rate,
      fireRate,
      ...windowMetrics(b, { targetPerSec: rate * (subscribers + slowClients) + fireRate * slowClients, rssPerConnBytes, connections: subscribers + slowClients }),
      a_p99Ms: latencyMetrics(a.main).p99Ms,
      a_p50Ms: latencyMetrics(a.main).p50Ms,
      a_clientCores: Math.max(...a.clients.map((c) => c.cores)),
      lostA: lostBeforeB,
      lost: end.main.lost,
      outOfOrder: end.main.outOfOrder,
      undelivered: drain.undelivered,
      healthyClosed: end.main.connections - end.main.open,
      slowClosed: closed.closed,
      slowStillOpen: closed.open,
      slowLost: end.slow.lost,
      slowOutOfOrder: end.slow.outOfOrder,
      rssStartMiB: rss[0] ?? NaN,
      rssEndMiB: rss[rss.length - 1] ?? NaN,
      rssPeakMiB: Math.max(...rss),
      rssGrowthMiB: (rss[rss.length - 1] ?? NaN) - (rss[0] ?? NaN),
      lagP99Ms: halt.lagP99Ms,
    };
    ctx.log(
      `  healthy p99 ${metrics.a_p99Ms} → ${metrics.p99Ms} ms, lost ${metrics.lost}; RSS ${metrics.rssStartMiB.toFixed(0)} → peak ${metrics.rssPeakMiB.toFixed(0)} MiB; slow: ${closed.closed} closed (${closesNote(end.slow.closes)}), ${closed.open} open, ${end.slow.lost} lost`,
    );
    return [
      {
        scenario: "slow",
        step: "",
        impl,
        round,
        metrics,
        notes: { slowCloses: closesNote(end.slow.closes), healthyCloses: closesNote(end.main.closes) },
        rssSeries: series.map(([t, mib]) => [Math.round(t * 100) / 100, Math.round(mib * 10) / 10]),
      },
    ];
  });
};
