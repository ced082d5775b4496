/**
 * Before and after, side by side, from two results files of `npm run bench:dashboard` (the README's
 * "Dashboard performance" table is this output, pasted): nothing here measures.
 *
 *   npx tsx bench/dashboard/compare.ts bench/dashboard/results/before.json bench/dashboard/results/latest.json
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { DashboardBenchResult } from "./report";

/** The figures the comparison quotes, narrowed from a parsed results file. */
export interface ComparedFigures {
  date: string;
  loadAverage: { before: number; after: number };
  frame: { p50: number; p95: number; p99: number; max: number };
  longTasks: { count: number; maxMs: number; totalMs: number };
  publishToPaint: { p50: number; p95: number; p99: number; max: number };
  goal: DashboardBenchResult["goal"];
}

function field(value: unknown, path: readonly string[], source: string): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== "object" || at === null || !(key in at)) throw new Error(`${source}: missing ${path.join(".")}`);
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function num(value: unknown, path: readonly string[], source: string): number {
  const n = field(value, path, source);
  // JSON writes NaN (no samples) as null: keep it as NaN rather than reject the file.
  if (n === null) return Number.NaN;
  if (typeof n !== "number") throw new Error(`${source}: ${path.join(".")} is not a number`);
  return n;
}

function bool(value: unknown, path: readonly string[], source: string): boolean {
  const b = field(value, path, source);
  if (typeof b !== "boolean") throw new Error(`${source}: ${path.join(".")} is not true or false`);
  return b;
}

export function parseFigures(json: unknown, source: string): ComparedFigures {
  const dist = (key: string) => ({
    p50: num(json, [key, "p50"], source),
    p95: num(json, [key, "p95"], source),
    p99: num(json, [key, "p99"], source),
    max: num(json, [key, "max"], source),
  });
  const date = field(json, ["date"], source);
  if (typeof date !== "string") throw new Error(`${source}: date is not a string`);
  return {
    date,
    loadAverage: { before: num(json, ["machine", "loadAverage1m", "before"], source), after: num(json, ["machine", "loadAverage1m", "after"], source) },
    frame: dist("frameIntervalMs"),
    longTasks: { count: num(json, ["longTasks", "count"], source), maxMs: num(json, ["longTasks", "maxMs"], source), totalMs: num(json, ["longTasks", "totalMs"], source) },
    publishToPaint: dist("publishToPaintMs"),
    goal: {
      frameP95Ms: num(json, ["goal", "frameP95Ms"], source),
      longTaskMaxMs: num(json, ["goal", "longTaskMaxMs"], source),
      publishToPaintP95Ms: num(json, ["goal", "publishToPaintP95Ms"], source),
      frameP95Met: bool(json, ["goal", "frameP95Met"], source),
      longTasksMet: bool(json, ["goal", "longTasksMet"], source),
      publishToPaintMet: bool(json, ["goal", "publishToPaintMet"], source),
    },
  };
}

/** A markdown table: one row per figure, before and after, with the goal and whether "after" meets it. */
export function comparisonTable(before: ComparedFigures, after: ComparedFigures): string {
  const met = (ok: boolean) => (ok ? "met" : "missed");
  const g = after.goal;
  const rows: [string, string | number, string | number, string][] = [
    ["frame interval p50 (ms)", before.frame.p50, after.frame.p50, ""],
    ["frame interval p95 (ms)", before.frame.p95, after.frame.p95, `≤ ${g.frameP95Ms}: ${met(g.frameP95Met)}`],
    ["frame interval p99 / max (ms)", `${before.frame.p99} / ${before.frame.max}`, `${after.frame.p99} / ${after.frame.max}`, ""],
    ["long tasks (count, longest ms)", `${before.longTasks.count}, ${before.longTasks.maxMs}`, `${after.longTasks.count}, ${after.longTasks.maxMs}`, `none over ${g.longTaskMaxMs} ms: ${met(g.longTasksMet)}`],
    ["long tasks, total (ms)", before.longTasks.totalMs, after.longTasks.totalMs, ""],
    ["publish → paint p50 (ms)", before.publishToPaint.p50, after.publishToPaint.p50, ""],
    ["publish → paint p95 (ms)", before.publishToPaint.p95, after.publishToPaint.p95, `≤ ${g.publishToPaintP95Ms}: ${met(g.publishToPaintMet)}`],
    ["publish → paint p99 / max (ms)", `${before.publishToPaint.p99} / ${before.publishToPaint.max}`, `${after.publishToPaint.p99} / ${after.publishToPaint.max}`, ""],
    ["load average (1 min) around the window", `${before.loadAverage.before} → ${before.loadAverage.after}`, `${after.loadAverage.before} → ${after.loadAverage.after}`, ""],
  ];
  return [
    `| 50 symbols × 10 ticks/s | before (${before.date}) | after (${after.date}) | goal (after) |`,
    "| --- | ---: | ---: | --- |",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

function main(args: readonly string[]): void {
  const [beforePath, afterPath] = args;
  if (!beforePath || !afterPath) {
    console.error("usage: tsx bench/dashboard/compare.ts <before.json> <after.json>");
    process.exit(2);
  }
  const read = (path: string) => parseFigures(JSON.parse(readFileSync(path, "utf8")) as unknown, path);
  console.log(comparisonTable(read(beforePath), read(afterPath)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
