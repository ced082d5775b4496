/**
 * Runs of `npm run bench:dashboard` side by side, one row per results file (the README's
 * "Dashboard performance" tables are this output, pasted): nothing here measures.
 *
 *   npx tsx bench/dashboard/compare.ts bench/dashboard/results/issue12/before-*.json bench/dashboard/results/issue12/after-*.json
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
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

/** A markdown table, one row per run (named by its file), with the load around it and how many goals it met. */
export function seriesTable(runs: readonly { name: string; figures: ComparedFigures }[]): string {
  const rows = runs.map(({ name, figures: r }) => {
    const met = [r.goal.frameP95Met, r.goal.longTasksMet, r.goal.publishToPaintMet].filter(Boolean).length;
    return [
      name,
      r.date.slice(11, 16),
      `${r.loadAverage.before} → ${r.loadAverage.after}`,
      `${r.frame.p50} / ${r.frame.p95} / ${r.frame.p99}`,
      `${r.longTasks.count} (${r.longTasks.maxMs})`,
      `${r.publishToPaint.p50} / ${r.publishToPaint.p95}`,
      `${met} of 3`,
    ];
  });
  return [
    "| run | time (UTC) | load 1m | frame p50 / p95 / p99 ms | long tasks (longest ms) | publish → paint p50 / p95 ms | goals met |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

function main(paths: readonly string[]): void {
  if (paths.length === 0) {
    console.error("usage: tsx bench/dashboard/compare.ts <results.json>...");
    process.exit(2);
  }
  const runs = paths.map((path) => ({
    name: basename(path, ".json"),
    figures: parseFigures(JSON.parse(readFileSync(path, "utf8")) as unknown, path),
  }));
  console.log(seriesTable(runs));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
