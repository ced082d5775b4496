/**
 * The shape of a benchmark result file, and the conversion of a measured window into the
 * flat metrics every scenario reports. Metrics are a flat name→number map so that medians
 * and ratios are computed one way for every scenario.
 */
import type { ImplId } from "../ipc";
import type { PerfSummary } from "../report/perf";
import type { MachineInfo } from "./procfs";
import type { MergedGroup, Window } from "./session";

export type ScenarioId = "check" | "broadcast" | "spread" | "idle" | "slow" | "storm" | "dashboard" | "widgets" | "flush";

export interface RunRecord {
  scenario: ScenarioId;
  /** Which step of the scenario, e.g. "125 ticks/s"; "" for single-step scenarios. */
  step: string;
  impl: ImplId;
  round: number;
  metrics: Record<string, number>;
  notes: Record<string, string>;
  /** [seconds, MiB] server RSS samples (slow-consumer scenario). */
  rssSeries?: [number, number][];
  error?: string;
}

export interface ProfileSummary {
  /** What the profiled run did, e.g. "broadcast at 125 ticks/s to 2000 subscribers". */
  scenario: string;
  busyMs: number;
  idlePct: number;
  top: { name: string; where: string; selfPct: number }[];
  cpuUsPerDelivery: number;
  /** Shares of the server's CPU in user and kernel mode over the profiled window, from /proc. */
  userPct: number;
  sysPct: number;
  /** Whether the V8 profile could be cut to the measured window (else it includes start-up). */
  windowed: boolean;
  /** Linux perf over the same window, when perf is installed. */
  perf?: PerfSummary;
}

export interface ResultFile {
  startedAt: string;
  finishedAt: string;
  command: string;
  mode: "full" | "quick";
  machine: MachineInfo;
  versions: Record<string, string>;
  settings: Record<string, unknown>;
  runs: RunRecord[];
  profile?: ProfileSummary;
}

/** A client process busier than this (cores) may itself be what limits the run. */
export const CLIENT_SATURATED_CORES = 0.9;

export interface LatencyMetrics {
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

/** Latency percentiles in ms; NaN when nothing arrived (dropped from the record by `finiteOnly`). */
export function latencyMetrics(group: MergedGroup): LatencyMetrics {
  const h = group.latency;
  const ms = (us: number) => (h.totalCount === 0 ? NaN : Math.round(us) / 1000);
  return { p50Ms: ms(h.getValueAtPercentile(50)), p99Ms: ms(h.getValueAtPercentile(99)), p999Ms: ms(h.getValueAtPercentile(99.9)), maxMs: ms(h.maxValue) };
}

export interface WindowMetrics extends LatencyMetrics {
  deliveriesPerSec: number;
  targetPerSec: number;
  cpuUsPerDelivery: number;
  userUsPerDelivery: number;
  sysUsPerDelivery: number;
  serverCores: number;
  rssMiB: number;
  rssPerConnBytes: number;
  connections: number;
  /** The busiest load-client process (cores). */
  clientCores: number;
  /** All load-client processes together (cores). */
  clientCoresTotal: number;
  clientSaturated: number;
  /** Ticks per client socket read: above 1 means the server packed several ticks into one write. */
  ticksPerRead: number;
  /** Loopback TCP delivery work the kernel charged to no process. */
  softirqCores: number;
  stealCores: number;
  /** Busy cores not explained by the server, the clients or softirq: other processes on the machine. */
  otherCores: number;
  /** 1 when other processes used more than NOISY_CORES during the window. */
  noisy: number;
}

/** Background load above which a window is flagged: the run shared the machine. */
export const NOISY_CORES = 0.25;

/** Metrics of a window in which `target` deliveries per second were scheduled. */
/**
 * `rssPerConnBytes` is measured by the scenario when the connections are open and idle (RSS after
 * minus before connecting, each after a full GC): RSS in a busy window mostly shows garbage and
 * send buffers, not what a connection costs.
 */
export function windowMetrics(w: Window, opts: { targetPerSec: number; rssPerConnBytes: number; connections: number }): WindowMetrics {
  const deliveries = w.main.deliveries + w.slow.deliveries;
  const perDelivery = (ms: number) => (deliveries > 0 ? (ms * 1000) / deliveries : NaN);
  const clientCores = Math.max(0, ...w.clients.map((c) => c.cores));
  const ours = w.server.cores + w.clients.reduce((n, c) => n + c.cores, 0) + w.system.softirqCores;
  const otherCores = Math.max(0, w.system.busyCores - ours);
  return {
    deliveriesPerSec: Math.round(deliveries / w.seconds),
    targetPerSec: opts.targetPerSec,
    cpuUsPerDelivery: perDelivery(w.server.totalMs),
    userUsPerDelivery: perDelivery(w.server.userMs),
    sysUsPerDelivery: perDelivery(w.server.sysMs),
    serverCores: w.server.cores,
    ...latencyMetrics(w.main),
    rssMiB: w.rssKiB / 1024,
    rssPerConnBytes: opts.rssPerConnBytes,
    connections: opts.connections,
    clientCores,
    clientCoresTotal: w.clients.reduce((n, c) => n + c.cores, 0),
    clientSaturated: clientCores >= CLIENT_SATURATED_CORES ? 1 : 0,
    ticksPerRead: w.main.reads + w.slow.reads > 0 ? deliveries / (w.main.reads + w.slow.reads) : NaN,
    softirqCores: w.system.softirqCores,
    stealCores: w.system.stealCores,
    otherCores,
    noisy: otherCores > NOISY_CORES ? 1 : 0,
  };
}

/** JSON has no NaN: a metric that could not be measured is left out rather than written as null. */
export function finiteOnly(metrics: object): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1])));
}

export function closesNote(closes: Record<string, number>): string {
  const entries = Object.entries(closes);
  return entries.length === 0 ? "not closed" : entries.map(([code, n]) => `${code}×${n}`).join(", ");
}
