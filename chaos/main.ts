/**
 * `npm run chaos`: runs every chaos scenario against real processes on loopback, one after the
 * other, and writes chaos/results/latest.json and docs/reliability.md (rendered from that file
 * alone). `--quick` runs toy sizes, skips what needs a Next.js build, and writes no doc; `npm
 * test` runs it through chaos/chaos.quick.test.ts. Exit 1 when a scenario crashed a server or
 * cost a well-behaved client a tick, else 0 (other failed expectations show in the verdicts).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { machineInfo } from "../bench/orchestrator/procfs";
import { parseOptions, SCALES, USAGE } from "./options";
import { renderReliability } from "./report";
import { SCENARIOS } from "./scenarios";
import type { ChaosResults, ScenarioContext } from "./types";
import { broken } from "./verdicts";
import { skipped } from "./scenarios/harness";
import type { ScenarioResult } from "./types";

/** A scenario that could not even set up (e.g. its server did not start): a failed row, not an abort. */
function errored(id: string, err: unknown): ScenarioResult {
  const row = skipped({ id, title: id, unit: "", expectation: "" }, `scenario error: ${(err as Error).message.split("\n")[0]}`);
  return { ...row, verdict: "fail" };
}

/** No scenario may run longer than this; one that does is a failed row (its processes die with this one). */
const SCENARIO_DEADLINE_MS = { quick: 60_000, full: 600_000 } as const;

function withDeadline<T>(work: Promise<T>, ms: number, id: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${id} did not finish within ${ms / 1000} s`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const started = performance.now();

function log(message: string): void {
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}`);
}

function commit(): string {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = git("status", "--porcelain", "--", "feed-server", "lib", "scripts").length > 0;
    return `${git("rev-parse", "--short", "HEAD")}${dirty ? " + uncommitted changes" : ""}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseOptions(argv);
  if (parsed.kind === "help") {
    console.log(USAGE);
    return 0;
  }
  if (parsed.kind === "error") {
    console.error(`chaos: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  const { options } = parsed;
  const docPath = join(ROOT, "docs", "reliability.md");
  const kept = join(ROOT, "chaos", "results", "latest.json");
  if (options.render) {
    writeFileSync(docPath, renderReliability(JSON.parse(readFileSync(kept, "utf8")) as ChaosResults));
    log(`rendered ${relative(ROOT, docPath)} from ${relative(ROOT, kept)}`);
    return 0;
  }
  const unknown = options.only?.filter((id) => !SCENARIOS.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0) {
    console.error(`chaos: unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.id).join(", ")}`);
    return 2;
  }
  const ctx: ScenarioContext = { mode: options.mode, scale: SCALES[options.mode], root: ROOT, log };
  const command = `npm run chaos${argv.length > 0 ? ` -- ${argv.join(" ")}` : ""}`;
  const machine = machineInfo();
  log(`${command} on ${machine.cpus} × ${machine.model}, Node ${machine.node}`);
  const results: ChaosResults = { startedAt: new Date().toISOString(), finishedAt: "", command, mode: options.mode, machine, tickwire: commit(), scenarios: [] };

  for (const entry of SCENARIOS) {
    if (options.only && !options.only.includes(entry.id)) continue;
    log(`${entry.id}: start`);
    const r = await withDeadline(entry.run(ctx), SCENARIO_DEADLINE_MS[options.mode], entry.id).catch((err: unknown) => [errored(entry.id, err)]);
    results.scenarios.push(...r);
    for (const one of r) log(`${one.id}: ${one.verdict}, ${one.count} ${one.unit}, crashes ${one.crashes}, lost ${one.ticksLost ?? "-"}, ${(one.durationMs / 1000).toFixed(1)} s${one.findings.length ? `\n        ${one.findings.join("\n        ")}` : ""}`);
  }
  results.finishedAt = new Date().toISOString();

  const outDir = options.out ?? (options.mode === "quick" ? mkdtempSync(join(tmpdir(), "tickwire-chaos-")) : join(ROOT, "chaos", "results"));
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, options.mode === "quick" ? "quick.json" : "latest.json");
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${relative(ROOT, file) || file}`);
  if (options.mode === "full" && !options.only && file === kept) {
    writeFileSync(docPath, renderReliability(JSON.parse(readFileSync(file, "utf8")) as ChaosResults));
    log(`wrote ${relative(ROOT, docPath)}`);
  }
  const bad = broken(results.scenarios);
  for (const b of bad) log(`BROKEN ${b}`);
  return bad.length > 0 ? 1 : 0;
}

// Ctrl-C or a kill ends the run through process.exit, so every server child is killed with it
// (e2e/support/managedProcess.ts kills its children on exit).
process.once("SIGINT", () => process.exit(130));
process.once("SIGTERM", () => process.exit(143));

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error("chaos: unexpected error", err);
    process.exit(1);
  },
);
