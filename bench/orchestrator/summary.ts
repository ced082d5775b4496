/**
 * From runs to what the report quotes: medians per scenario, step and implementation; ratios
 * to tickwire computed within each round (same conditions) and then taken as a median; and the
 * issue's goals, each met or not with the measured figure.
 */
import type { ImplId } from "../ipc";
import { BASELINE, IMPL_ORDER } from "./impls";
import { capacity } from "./capacity";
import { median } from "./median";
import type { RunRecord, ScenarioId } from "./results";

export interface SummaryRow {
  scenario: ScenarioId;
  step: string;
  impl: ImplId;
  /** Runs that completed. */
  runs: number;
  /** Of those, runs left out of the medians because other processes loaded the machine. */
  excluded: number;
  errors: string[];
  /** Medians, except counts of bad events (COUNTED keys), which are summed over runs. */
  value: Record<string, number>;
  /** value(impl) / value(tickwire) per round, median over rounds. */
  ratio: Record<string, number>;
}

/** Any one lost tick matters, so these are summed over runs instead of taking a median. */
export const COUNTED = new Set(["lost", "outOfOrder", "duplicates", "undelivered", "closedClients", "healthyClosed", "failed", "clientSaturated", "slowLost", "noisy"]);
export const RATIO_KEYS = ["cpuUsPerDelivery", "userUsPerDelivery", "sysUsPerDelivery", "p99Ms", "rssPerConnBytes", "stormMs", "peakRssMiB", "rssGrowthMiB", "serverCpuMs"];

export { median };

const key = (r: { scenario: string; step: string; impl: string }) => `${r.scenario}\u0000${r.step}\u0000${r.impl}`;
const noisy = (r: RunRecord) => (r.metrics.noisy ?? 0) > 0;

/**
 * On a shared machine some windows carry other processes' load. Medians use the clean runs of a
 * cell when it has any, and all its runs otherwise; bad events (loss) always count from every run.
 */
export function summarize(runs: RunRecord[]): SummaryRow[] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of runs) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  const used = new Set<RunRecord>();
  for (const list of groups.values()) {
    const ok = list.filter((r) => !r.error);
    const clean = ok.filter((r) => !noisy(r));
    for (const r of clean.length > 0 ? clean : ok) used.add(r);
  }
  const rows: SummaryRow[] = [];
  for (const list of groups.values()) {
    const first = list[0] as RunRecord;
    const ok = list.filter((r) => !r.error);
    const picked = ok.filter((r) => used.has(r));
    const names = new Set(ok.flatMap((r) => Object.keys(r.metrics)));
    const value: Record<string, number> = {};
    for (const name of names) {
      const from = COUNTED.has(name) ? ok : picked;
      const values = from.map((r) => r.metrics[name]).filter((x): x is number => x !== undefined);
      value[name] = COUNTED.has(name) ? values.reduce((a, b) => a + b, 0) : median(values);
    }
    const ratio: Record<string, number> = {};
    for (const name of RATIO_KEYS) {
      const perRound = picked
        .map((r) => {
          const base = runs.find((b) => used.has(b) && b.scenario === r.scenario && b.step === r.step && b.impl === BASELINE && b.round === r.round);
          const a = r.metrics[name];
          const bv = base?.metrics[name];
          return a !== undefined && bv !== undefined && bv > 0 ? a / bv : NaN;
        })
        .filter(Number.isFinite);
      if (perRound.length > 0) ratio[name] = median(perRound);
    }
    rows.push({
      scenario: first.scenario,
      step: first.step,
      impl: first.impl,
      runs: ok.length,
      excluded: ok.length - picked.length,
      errors: list.filter((r) => r.error).map((r) => r.error as string),
      value,
      ratio,
    });
  }
  const order = (r: SummaryRow) => [r.scenario, String(r.value.rate ?? 0).padStart(8, "0"), r.step, IMPL_ORDER.indexOf(r.impl)].join("|");
  return rows.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

export interface Goal {
  goal: string;
  target: string;
  measured: string;
  /** undefined when the runs did not measure it (e.g. quick mode, or a scenario left out). */
  met: boolean | undefined;
}

function find(rows: SummaryRow[], scenario: ScenarioId, impl: ImplId, step?: string): SummaryRow | undefined {
  return rows.find((r) => r.scenario === scenario && r.impl === impl && (step === undefined || r.step === step));
}

const GOAL_RATE = 250_000;
const distance = (r: SummaryRow) => Math.abs((r.value.targetPerSec ?? Infinity) - GOAL_RATE);

/**
 * The broadcast step to compare `impl` with tickwire at: the one closest to 250k deliveries/s
 * that both ran (an implementation that stopped stepping earlier is compared where it stopped).
 */
export function comparisonStep(rows: SummaryRow[], impl: ImplId, metric = "cpuUsPerDelivery"): SummaryRow | undefined {
  return rows
    .filter((r) => r.scenario === "broadcast" && r.impl === impl && r.ratio[metric] !== undefined)
    .sort((a, b) => distance(a) - distance(b))[0];
}

const fmt = (x: number | undefined, digits = 1) => (x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(digits));
const kps = (x: number | undefined) => `${fmt((x ?? NaN) / 1000, 0)}k/s`;

/** The goals. `runs` (the raw runs) are needed for the capacity goals. */
export function goals(rows: SummaryRow[], runs: RunRecord[] = []): Goal[] {
  const out: Goal[] = [];
  for (const [impl, target, name] of [["ws", 5, "ws"], ["socketio", 20, "Socket.IO"]] as const) {
    const b = comparisonStep(rows, impl);
    const s = find(rows, "spread", impl)?.ratio.cpuUsPerDelivery;
    const measured = [
      b ? `broadcast at ${kps(b.value.targetPerSec)}: ${fmt(b.ratio.cpuUsPerDelivery)}×` : undefined,
      s !== undefined ? `spread: ${fmt(s)}×` : undefined,
    ].filter(Boolean);
    out.push({
      goal: `Server CPU per delivered tick vs ${name}`,
      target: `≥ ${target}× less`,
      measured: measured.length ? measured.join("; ") : "not measured",
      met: !b && s === undefined ? undefined : [b?.ratio.cpuUsPerDelivery, s].every((x) => x === undefined || x >= target),
    });
  }
  const steps = rows.filter((r) => r.scenario === "broadcast" && r.impl === BASELINE && r.runs > 0);
  const ref = steps.find((r) => distance(r) <= 0.05 * GOAL_RATE);
  const highest = [...steps].sort((a, b) => (b.value.targetPerSec ?? 0) - (a.value.targetPerSec ?? 0))[0];
  let p99: Goal = { goal: "tickwire p99 latency at 250k deliveries/s", target: "≤ 5 ms", measured: "not measured", met: undefined };
  if (ref) {
    const v = ref.value;
    p99 = { ...p99, measured: `${fmt(v.p99Ms, 2)} ms at ${kps(v.deliveriesPerSec)}`, met: (v.p99Ms ?? Infinity) <= 5 && (v.deliveriesPerSec ?? 0) >= 0.95 * (v.targetPerSec ?? Infinity) };
  } else if (highest && (highest.value.targetPerSec ?? 0) < GOAL_RATE) {
    p99 = { ...p99, measured: `not reached: the last step run was ${kps(highest.value.targetPerSec)}, with p99 ${fmt(highest.value.p99Ms, 1)} ms`, met: false };
  }
  out.push(p99);
  const keepUp = rows.filter(
    (r) => r.impl === BASELINE && r.runs > 0 && ["broadcast", "spread", "slow", "storm", "dashboard", "widgets", "flush"].includes(r.scenario) && !(r.scenario === "broadcast" && (r.value.p99Ms ?? 0) > 50),
  );
  const bad = keepUp.reduce((n, r) => n + (r.value.lost ?? 0) + (r.value.outOfOrder ?? 0) + (r.value.undelivered ?? 0), 0);
  out.push({
    goal: "tickwire loss for clients that keep up",
    target: "0 lost, 0 out of order",
    measured: keepUp.length ? `${bad} over ${keepUp.reduce((n, r) => n + r.runs, 0)} runs` : "not measured",
    met: keepUp.length ? bad === 0 : undefined,
  });
  out.push(...dashboardGoals(rows), ...capacityGoals(runs));
  const idle = find(rows, "idle", BASELINE);
  const perConn = idle?.value.rssPerConnBytes;
  out.push({
    goal: "tickwire RSS per idle subscribed connection",
    target: "≤ 4 KB (4096 B)",
    measured: idle ? `${fmt(perConn, 0)} B` : "not measured",
    met: idle ? perConn !== undefined && perConn <= 4096 : undefined,
  });
  return out;
}

/** Issue 12: the dashboard scenario, tickwire with its default FEED_FLUSH_MS. */
function dashboardGoals(rows: SummaryRow[]): Goal[] {
  const out: Goal[] = [];
  for (const [impl, target, name] of [["ws", 5, "ws"], ["socketio", 20, "Socket.IO"]] as const) {
    const r = find(rows, "dashboard", impl)?.ratio.cpuUsPerDelivery;
    out.push({
      goal: `Dashboard scenario: server CPU per delivery vs ${name}`,
      target: `≥ ${target}× less`,
      measured: r === undefined ? "not measured" : `${fmt(r)}×`,
      met: r === undefined ? undefined : r >= target,
    });
  }
  const t = find(rows, "dashboard", BASELINE);
  const v = t?.value;
  const bad = v ? (v.lost ?? 0) + (v.outOfOrder ?? 0) + (v.undelivered ?? 0) + (v.closedClients ?? 0) : 0;
  out.push({
    goal: "Dashboard scenario: tickwire p99 publish→receive and loss",
    target: "p99 ≤ 50 ms, 0 lost",
    measured: v ? `p99 ${fmt(v.p99Ms, 2)} ms, ${bad} lost or out of order over ${t.runs} runs, ${kps(v.deliveriesPerSec)} of ${kps(v.targetPerSec)}` : "not measured",
    met: v ? (v.p99Ms ?? Infinity) <= 50 && bad === 0 && (v.deliveriesPerSec ?? 0) >= 0.95 * (v.targetPerSec ?? Infinity) : undefined,
  });
  return out;
}

/** Issue 12: broadcast capacity (p99 ≤ 50 ms, zero loss) against the peers'. */
function capacityGoals(runs: RunRecord[]): Goal[] {
  const base = capacity(runs, BASELINE);
  return ([["ws", 10, "ws"], ["socketio", 20, "Socket.IO"]] as const).map(([impl, target, name]) => {
    const other = capacity(runs, impl);
    const goal = `Broadcast capacity vs ${name} (p99 ≤ 50 ms, 0 lost)`;
    if (!base || !other) return { goal, target: `≥ ${target}×`, measured: "not measured", met: undefined };
    const limitFound = base.failed !== undefined;
    const x = other.deliveriesPerSec > 0 ? base.deliveriesPerSec / other.deliveriesPerSec : NaN;
    const measured =
      `${kps(base.deliveriesPerSec)} vs ${kps(other.deliveriesPerSec)}: ${fmt(x)}×` + (limitFound ? "" : " (tickwire passed every step run: its limit was not reached)");
    return { goal, target: `≥ ${target}×`, measured, met: Number.isFinite(x) ? x >= target : false };
  });
}
