/**
 * The FEED_FLUSH_MS curve (issue 12): tickwire on the dashboard workload at each value of the
 * write-batching window, as a table and two charts, from which the default is chosen.
 */
import type { SummaryRow } from "../orchestrator/summary";
import { COLORS, f, k, table } from "./format";
import { runsNote } from "./sections";
import { lineChart } from "./svg";

export function flushSection(rows: SummaryRow[], svgPrefix: string, currentDefault: number | undefined): { lines: string[]; files: Record<string, string> } {
  const curve = rows.filter((r) => r.scenario === "flush" && r.impl === "tickwire").sort((a, b) => (a.value.flushMs ?? 0) - (b.value.flushMs ?? 0));
  if (curve.length === 0) return { lines: [], files: {} };
  const zero = curve.find((r) => r.value.flushMs === 0)?.value.cpuUsPerDelivery;
  const lines = [
    "## 8. Write batching: the FEED_FLUSH_MS curve",
    "",
    "tickwire alone on the dashboard workload (section 6), a fresh server for each `FEED_FLUSH_MS`. Frames wait up to that long and then every symbol's go out in one event-loop turn, " +
      "one write per subscriber; the client's ticks per read shows how many ticks shared a write. Latency is publish→receive and so includes the wait.",
    "",
    table(
      ["FEED_FLUSH_MS", "deliveries/s (got / scheduled)", "server CPU µs per delivery (user + sys)", "× at 0 ms", "ticks per read", "latency p50 / p99 / p99.9 ms", "lost / out of order / undelivered", "client cores", "runs"],
      curve.map((r) => {
        const v = r.value;
        return [
          `${f(v.flushMs, 0)} ms`,
          `${k(v.deliveriesPerSec)} / ${k(v.targetPerSec)}`,
          `${f(v.cpuUsPerDelivery, 2)} (${f(v.userUsPerDelivery, 2)} + ${f(v.sysUsPerDelivery, 2)})`,
          zero !== undefined && zero > 0 ? `${f((v.cpuUsPerDelivery ?? NaN) / zero, 2)}×` : "–",
          f(v.ticksPerRead, 1),
          `${f(v.p50Ms, 2)} / ${f(v.p99Ms, 2)} / ${f(v.p999Ms, 2)}`,
          `${f(v.lost, 0)} / ${f(v.outOfOrder, 0)} / ${f(v.undelivered, 0)}`,
          f(v.clientCores, 2),
          runsNote(r),
        ];
      }),
    ),
    "",
    `The default is \`FEED_FLUSH_MS=${currentDefault ?? "?"}\` (\`feed-server/config.ts\`); the other scenarios ran tickwire with it.`,
    "",
    `![Server CPU per delivery against FEED_FLUSH_MS](${svgPrefix}-flush-cpu.svg)`,
    "",
    `![Latency against FEED_FLUSH_MS](${svgPrefix}-flush-latency.svg)`,
    "",
  ];
  const points = (metric: string) => curve.map((r) => [r.value.flushMs ?? NaN, r.value[metric] ?? NaN] as [number, number]);
  const files = {
    [`${svgPrefix}-flush-cpu.svg`]: lineChart({
      title: "tickwire server CPU per delivery against FEED_FLUSH_MS (dashboard workload)",
      xLabel: "FEED_FLUSH_MS",
      yLabel: "µs of server CPU per delivery",
      series: [{ name: "tickwire (uWS)", color: COLORS.tickwire, points: points("cpuUsPerDelivery") }],
    }),
    [`${svgPrefix}-flush-latency.svg`]: lineChart({
      title: "tickwire publish→receive latency against FEED_FLUSH_MS (dashboard workload)",
      xLabel: "FEED_FLUSH_MS",
      yLabel: "latency (ms)",
      marks: [{ y: 50, label: "50 ms goal (p99)" }],
      series: [
        { name: "p50", color: COLORS.tickwire, points: points("p50Ms") },
        { name: "p99", color: COLORS.ws, points: points("p99Ms") },
      ],
    }),
  };
  return { lines, files };
}
