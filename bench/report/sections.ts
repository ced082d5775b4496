/** Sections of the generated benchmark page that are more than a table of medians. */
import { IMPL_ORDER } from "../orchestrator/impls";
import type { ProfileSummary, RunRecord } from "../orchestrator/results";
import { capacity } from "../orchestrator/capacity";
import { comparisonStep, type SummaryRow } from "../orchestrator/summary";
import { f, k, label, ratio, table } from "./format";

export function runsNote(r: SummaryRow): string {
  const shared = r.value.noisy
    ? r.excluded > 0
      ? ` (${r.excluded} left out: machine shared)`
      : ` (all ${r.value.noisy} on a shared machine)`
    : "";
  return (r.errors.length ? `${r.runs} ok, ${r.errors.length} failed` : String(r.runs)) + shared;
}

/** Why the CPU ratios are what they are: the user/kernel split at the comparison step. */
export function cpuSplit(rows: SummaryRow[]): string[] {
  const lines: string[] = [];
  for (const impl of ["ws", "socketio"] as const) {
    const other = comparisonStep(rows, impl);
    const base = other && rows.find((r) => r.scenario === "broadcast" && r.step === other.step && r.impl === "tickwire");
    if (!other || !base) continue;
    const b = base.value;
    const o = other.value;
    lines.push(
      `- At ${k(o.targetPerSec)} deliveries/s, ${label(impl)} used ${f(o.userUsPerDelivery, 2)} µs in user mode and ${f(o.sysUsPerDelivery, 2)} µs in the kernel per delivery; ` +
        `tickwire ${f(b.userUsPerDelivery, 2)} + ${f(b.sysUsPerDelivery, 2)} µs. User-mode CPU alone, the part each server's own code decides, is ${f(other.ratio.userUsPerDelivery, 1)}× tickwire's; kernel CPU ${f(other.ratio.sysUsPerDelivery, 1)}×.`,
    );
  }
  const base = rows.filter((r) => r.scenario === "broadcast" && r.impl === "tickwire" && r.value.sysUsPerDelivery !== undefined)[0];
  if (base && base.value.connections) {
    const perTickMs = ((base.value.sysUsPerDelivery as number) * base.value.connections) / 1000;
    lines.push(
      `- Latency has the same floor: at ${k(base.value.targetPerSec)} deliveries/s tickwire's kernel time was ${f(base.value.sysUsPerDelivery, 2)} µs per delivery, so handing one tick to ${base.value.connections} subscribers ` +
        `takes about ${f(perTickMs, 1)} ms of \`send()\` calls one after another; the last subscriber cannot get it sooner, on this machine, whatever runs above the kernel.`,
    );
  }
  const steps = rows.filter((r) => r.scenario === "broadcast" && r.impl === "tickwire" && r.value.ticksPerRead !== undefined);
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (first && last && last !== first) {
    lines.push(
      `- tickwire's CPU per delivery falls with load, from ${f(first.value.cpuUsPerDelivery, 2)} µs at ${k(first.value.targetPerSec)}/s to ${f(last.value.cpuUsPerDelivery, 2)} µs at ${k(last.value.targetPerSec)}/s: ` +
        `uWS merges every tick published in one event-loop turn into one send per subscriber, and once one turn's fan-out takes longer than the gap between ticks, several ticks fall due per turn ` +
        `(the client read ${f(last.value.ticksPerRead, 1)} ticks per read at the top step, ${f(first.value.ticksPerRead, 1)} at the bottom). ws and Socket.IO write every message separately and fall behind instead.`,
    );
  }
  if (lines.length) {
    lines.push(
      "- Every implementation makes about one `send()` per delivered tick when ticks arrive one per event-loop turn, and that loopback TCP send is the same kernel work whoever calls it; tickwire's ratios are bounded by it. See \"Where the feed server's CPU goes\".",
    );
  }
  return lines;
}

export function throughputRows(rows: SummaryRow[], withStep: boolean): string[][] {
  return rows.map((r) => {
    const v = r.value;
    const cells = [
      label(r.impl),
      `${k(v.deliveriesPerSec)} / ${k(v.targetPerSec)}`,
      `${f(v.cpuUsPerDelivery, 2)} (${f(v.userUsPerDelivery, 2)} + ${f(v.sysUsPerDelivery, 2)})`,
      ratio(r, "cpuUsPerDelivery"),
      `${f(v.p50Ms, 2)} / ${f(v.p99Ms, 2)} / ${f(v.p999Ms, 2)}`,
      `${f(v.lost, 0)} / ${f(v.outOfOrder, 0)} / ${f(v.undelivered, 0)}`,
      f(v.rssPerConnBytes, 0),
      `${f(v.clientCores, 2)}${v.clientSaturated ? ` ⚠ ${v.clientSaturated}` : ""}`,
      runsNote(r),
    ];
    return withStep ? [r.step, ...cells] : cells;
  });
}

export const THROUGHPUT_HEADER = [
  "implementation",
  "deliveries/s (got / scheduled)",
  "server CPU µs per delivery (user + sys)",
  "CPU × tickwire",
  "latency p50 / p99 / p99.9 ms",
  "lost / out of order / undelivered",
  "server RSS per connection B (idle, after GC)",
  "client cores",
  "runs",
];

export function slowBehaviour(r: SummaryRow, slowClients: number): string {
  const v = r.value;
  const parts: string[] = [];
  if ((v.slowClosed ?? 0) > 0) parts.push(`closed ${f(v.slowClosed, 0)} of ${slowClients}`);
  if ((v.slowStillOpen ?? 0) > 0) parts.push(`kept ${f(v.slowStillOpen, 0)} open, buffering for them`);
  if ((v.slowLost ?? 0) > 0) parts.push(`silently dropped ${f(v.slowLost, 0)} ticks`);
  return parts.join("; ") || "–";
}


/** Per implementation: the broadcast capacity, the step above it that failed, and who was busy at the limit. */
export function capacityRows(runs: RunRecord[]): string[][] {
  const base = capacity(runs, "tickwire");
  return IMPL_ORDER.flatMap((impl) => {
    const c = capacity(runs, impl);
    if (!c) return [];
    const passedCell = c.deliveriesPerSec > 0 ? (c.step ?? `${k(c.deliveriesPerSec)} deliveries/s`) : "none";
    const failedCell = c.failed ? `${c.failed.step} (${k(c.failed.deliveriesPerSec)}/s): ${c.failed.why}` : "none failed: the limit lies above the last step run";
    const times = impl === "tickwire" ? "–" : c.deliveriesPerSec > 0 && base && base.deliveriesPerSec > 0 ? `${f(base.deliveriesPerSec / c.deliveriesPerSec, 1)}×` : "–";
    return [[label(impl), passedCell, c.deliveriesPerSec > 0 ? k(c.deliveriesPerSec) : "–", failedCell, f(c.serverCores, 2), `${f(c.clientCoresTotal, 2)} / ${f(c.clientCoresMax, 2)}`, times]];
  });
}

export const CAPACITY_HEADER = [
  "implementation",
  "highest step passed",
  "deliveries/s",
  "next step, failed",
  "server cores at the limit",
  "load-client cores at the limit (all processes / busiest)",
  "tickwire sustains ×",
];

/** The profile of the feed server: /proc split, perf by binary and symbol, V8 top functions. */
export function profileSection(p: ProfileSummary): string[] {
  const out: string[] = [];
    out.push(
      "## Where the feed server's CPU goes",
      "",
      `Profiled during ${p.scenario}: ${f(p.cpuUsPerDelivery, 2)} µs of server CPU per delivery, ${f(p.userPct, 0)} % of it in user mode and ${f(p.sysPct, 0)} % in the kernel (utime and stime from /proc).`,
      "",
    );
    if (p.perf) {
      out.push(
        `Linux \`perf record -e cpu-clock -g -p <feed server pid>\` over the measured window (${f(p.perf.samples, 0)} samples), share of the server's samples per binary:`,
        "",
        table(["binary", "% of samples"], p.perf.byDso.map((d) => [`\`${d.name}\``, f(d.pct, 1)])),
        "",
        "Top symbols:",
        "",
        table(["binary and symbol", "% of samples"], p.perf.top.map((d) => [`\`${d.name.replace(/\|/g, "\\|")}\``, f(d.pct, 1)])),
        "",
      );
    }
    out.push(
      `\`node --cpu-prof\` of the same run${p.windowed ? ", samples of the measured window only" : " (whole process life: the window could not be cut out)"}: the main thread ran JavaScript or V8 for ${f(p.busyMs, 0)} ms and was otherwise ${f(p.idlePct, 0)} % idle as V8 sees it. ` +
        "V8 samples only JavaScript and the native calls made from it; uWS sends published messages from the event loop outside any JS call, and the kernel's TCP work is invisible to it.",
      "",
      table(["function", "where", "self % of busy samples"], p.top.map((e) => [`\`${e.name}\``, e.where ? `\`${e.where}\`` : "native / V8", f(e.selfPct, 1)])),
      "",
    );
  return out;
}

/** How the numbers were taken, and how to run it again. */
export function methodSection(): string[] {
  const out: string[] = [];
  out.push(
    "## How it is measured",
    "",
    "- Each implementation runs in its own process, started the same way (`node --import tsx --expose-gc`), on 127.0.0.1. The feed server is the unmodified `createFeedServer` with the benchmark's tick source plugged in through `deps.source`; the peers are `bench/peers/ws-server.ts` and `bench/peers/socketio-server.ts`, whose headers say why they are fair.",
    "- All three run the same publish schedule (`bench/schedule.ts`): a fixed rate, round-robin over the symbols, the same seeded prices. `ts` is the moment the server hands the tick out, on a monotonic clock shared by all processes at microsecond resolution.",
    "- The load client (`bench/client/`) is a separate process holding raw TCP sockets: it reads WebSocket frames straight from a shared buffer and finds `\"seq\":` and `\"ts\":` by byte scanning, with no JSON parsing per tick. For Socket.IO it speaks Engine.IO v4 / Socket.IO v5 text packets and answers pings.",
    "- Latency is recorded in HDR histograms (µs) and merged across client processes. Loss is counted per symbol per connection from seq continuity, and ticks still missing after a drain count as undelivered.",
    "- Server cost is utime + stime of the server process from /proc/<pid>/stat over the measured window, divided by ticks delivered; RSS is VmRSS (VmHWM for peaks).",
    "- Connections are split over the load-client processes (`--client-procs`, default 2 in a full run), so no single client process has to read every delivery; their CPU is shown per run and at the broadcast limit.",
    "- tickwire runs with its default `FEED_FLUSH_MS` everywhere except scenario 8, which restarts it at each value of `--flush-ms`. The peers send each tick as it comes (see their file headers).",
    "",
    "Run it:",
    "",
    "```sh",
    "npm run bench:fanout                              # everything, 3 rounds (well over 15 minutes, up to 5 more waiting on a busy machine)",
    "npm run bench:fanout -- --scenarios=1,3 --runs=3  # broadcast and idle memory only",
    "npm run bench:fanout -- --scenarios=6,7           # the dashboard and widgets scenarios",
    "npm run bench:fanout -- --scenarios=8 --flush-ms=0,5,10,16,25,50  # the FEED_FLUSH_MS curve (tickwire only)",
    "npm run bench:fanout -- --quick                   # a small smoke run (what npm test runs)",
    "npm run bench:fanout -- --report-only=bench/results/latest.json  # regenerate this page",
    "```",
    "",
  );
  return out;
}
