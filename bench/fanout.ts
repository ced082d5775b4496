/**
 * `npm run bench:fanout`: the fan-out benchmark of issue #7. Runs each scenario for tickwire's
 * feed server, a ws peer and a Socket.IO peer in turn, round after round, then writes the raw
 * runs to bench/results/ and the summary page to docs/benchmarks.md. `--help` lists the flags.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../feed-server/config";
import { loadUws } from "../feed-server/uwsBinding";
import { CLOCK_ENV, encodeAnchor, takeAnchor } from "./clock";
import { killAllChildren } from "./orchestrator/child";
import { IMPLS } from "./orchestrator/impls";
import { parseOptions, type Options } from "./orchestrator/options";
import { machineInfo, openFileLimits } from "./orchestrator/procfs";
import { finiteOnly, type ProfileSummary, type ResultFile, type RunRecord, type ScenarioId } from "./orchestrator/results";
import { broadcast } from "./orchestrator/scenarios/broadcast";
import { selfCheck } from "./orchestrator/scenarios/check";
import type { Scenario, ScenarioContext } from "./orchestrator/scenarios/context";
import { dashboard } from "./orchestrator/scenarios/dashboard";
import { flush } from "./orchestrator/scenarios/flush";
import { idle } from "./orchestrator/scenarios/idle";
import { slow } from "./orchestrator/scenarios/slow";
import { spread } from "./orchestrator/scenarios/spread";
import { storm } from "./orchestrator/scenarios/storm";
import { widgets } from "./orchestrator/scenarios/widgets";
import { goals, summarize } from "./orchestrator/summary";
import { BARS_RESULT_FILE, loadBarsCost } from "./report/barsSection";
import { generateDocs } from "./report/markdown";
import { perfAvailable, perfRecord, perfSummary } from "./report/perf";
import { summariseProfile } from "./report/profile";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SCENARIOS: Record<Exclude<ScenarioId, "check">, Scenario> = { broadcast, spread, idle, slow, storm, dashboard, widgets, flush };
const started = performance.now();

function log(message: string): void {
  const s = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  console.log(`[${s}s] ${message}`);
}

function versions(): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    // Which feed server was measured: the commit, and whether its code had uncommitted changes.
    const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = git("status", "--porcelain", "--", "feed-server", "lib").length > 0;
    out.tickwire = `${git("rev-parse", "--short", "HEAD")}${dirty ? " + uncommitted changes in feed-server/ or lib/" : ""}`;
  } catch {
    out.tickwire = "unknown (not a git checkout)";
  }
  // The feed server loads whichever uWebSockets.js build the runtime can (feed-server/uwsChooser.ts).
  try {
    const { build } = loadUws();
    out["uWebSockets.js"] = `${build.version} (${build.name})`;
  } catch (err) {
    out["uWebSockets.js"] = `none loads: ${(err as Error).message.split("\n")[0]}`;
  }
  for (const name of ["ws", "socket.io", "engine.io", "hdr-histogram-js"]) {
    try {
      const pkg = JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version?: string };
      out[name] = pkg.version ?? "?";
    } catch {
      out[name] = "not installed";
    }
  }
  return out;
}

/** Open files each child needs: its connections plus headroom; fails before anything starts. */
function checkFileLimit(options: Options): void {
  const s = options.scale;
  const most = Math.max(
    options.selfCheck ? s.check.connections : 0,
    ...options.scenarios.map((id) => {
      switch (id) {
        case "broadcast":
          return s.broadcast.subscribers;
        case "spread":
          return s.spread.connections;
        case "idle":
          return s.idle.connections;
        case "slow":
          return s.slow.subscribers + s.slow.slowClients;
        case "storm":
          return s.storm.connections;
        case "dashboard":
        case "flush":
          return s.dashboard.connections;
        case "widgets":
          return s.widgets.connections;
        default:
          return 0;
      }
    }),
  );
  const need = most + 1024;
  const { hard } = openFileLimits();
  if (hard < need) {
    throw new Error(
      `each benchmark process needs ${need} open files but the hard limit is ${hard}: raise it (as root: prlimit --pid $$ --nofile=${need}:${need}, or ulimit -Hn ${need} in a root shell) or run fewer connections`,
    );
  }
}

function writeDocs(result: ResultFile, docsPath: string): void {
  const docs = generateDocs(result, "benchmarks", loadBarsCost(join(ROOT, BARS_RESULT_FILE)));
  mkdirSync(dirname(docsPath), { recursive: true });
  writeFileSync(docsPath, docs.markdown);
  for (const [name, svg] of Object.entries(docs.files)) writeFileSync(join(dirname(docsPath), name), svg);
  log(`wrote ${relative(ROOT, docsPath) || docsPath} and ${Object.keys(docs.files).length} charts`);
}

async function profileFeedServer(ctx: ScenarioContext, options: Options): Promise<ProfileSummary | undefined> {
  const dir = join(tmpdir(), "tickwire-bench-profiles");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const b = options.scale.broadcast;
  const rate = Math.round(250_000 / b.subscribers);
  let window: { fromUs: number; toUs: number } | undefined;
  let perf: ReturnType<typeof perfRecord> | undefined;
  const perfData = join(dir, "perf.data");
  const records = await broadcast(
    {
      ...ctx,
      config: { ...ctx.config, cpuProfDir: dir },
      profile: true,
      scale: { ...options.scale, broadcast: { ...b, rates: [rate], windowMs: 5000 } },
      onWindow: ({ serverPid, windowMs }) => {
        const nowUs = Number(process.hrtime.bigint() / 1000n);
        window = { fromUs: nowUs, toUs: nowUs + windowMs * 1000 };
        if (perfAvailable()) perf = perfRecord(serverPid, windowMs / 1000, perfData);
      },
    },
    "tickwire",
    0,
  );
  const perfOk = perf ? await perf.done : false;
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (tsx adds a loader thread).
  const file = readdirSync(dir)
    .filter((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f))
    .map((f) => join(dir, f))[0];
  const m = records[0]?.metrics;
  if (!file || !m) return undefined;
  const p = summariseProfile(file, window);
  log(`profile: ${file}${perfOk ? ` and ${perfData}` : ""}`);
  const cpu = (m.userUsPerDelivery ?? 0) + (m.sysUsPerDelivery ?? 0);
  return {
    scenario: `the broadcast at ${rate} ticks/s to ${b.subscribers} subscribers (${Math.round((m.deliveriesPerSec ?? 0) / 1000)}k deliveries/s)`,
    busyMs: p.busyMs,
    idlePct: p.idlePct,
    top: p.entries,
    windowed: p.windowed,
    cpuUsPerDelivery: m.cpuUsPerDelivery ?? NaN,
    userPct: cpu > 0 ? ((m.userUsPerDelivery ?? 0) / cpu) * 100 : NaN,
    sysPct: cpu > 0 ? ((m.sysUsPerDelivery ?? 0) / cpu) * 100 : NaN,
    perf: perfOk ? perfSummary(perfData) : undefined,
  };
}

/** The self-check's counts must be exact, or no loss figure of this run can be trusted. */
function checkProblems(records: RunRecord[]): string[] {
  return records.flatMap((r) => {
    const expected = (r.metrics.connections ?? 0) * (r.metrics.symbols ?? 0);
    const want = r.step.startsWith("drop") ? { lost: expected, outOfOrder: 0 } : r.step.startsWith("swap") ? { lost: 0, outOfOrder: expected } : { lost: 0, outOfOrder: 0 };
    const got = { lost: r.metrics.lost, outOfOrder: r.metrics.outOfOrder };
    const ok = got.lost === want.lost && got.outOfOrder === want.outOfOrder && r.metrics.duplicates === 0 && r.metrics.undelivered === 0;
    return ok ? [] : [`self-check ${r.impl} ${r.step}: expected ${JSON.stringify(want)}, counted ${JSON.stringify(got)}`];
  });
}

async function run(options: Options): Promise<number> {
  checkFileLimit(options);
  const machine = machineInfo();
  const command = `npm run bench:fanout${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  log(`${command} on ${machine.cpus} × ${machine.model}`);
  const ctx: ScenarioContext = {
    config: { cwd: ROOT, clientProcs: options.clientProcs, env: { [CLOCK_ENV]: encodeAnchor(takeAnchor()), BENCH_SEED: "1" } },
    scale: options.scale,
    log,
    quietWaitMs: options.quietWaitMs,
    quietBudget: { ms: 300_000 },
  };
  const result: ResultFile = {
    startedAt: new Date().toISOString(),
    finishedAt: "",
    command,
    mode: options.mode,
    machine,
    versions: versions(),
    settings: {
      runs: options.runs,
      clientProcs: options.clientProcs,
      impls: options.impls,
      scenarios: options.scenarios,
      slowClients: options.scale.slow.slowClients,
      scale: options.scale,
      // What tickwire ran with outside the flush scenario: the server's own default.
      feedFlushMs: loadConfig({}).flushMs,
    },
    runs: [],
  };
  let problems: string[] = [];
  if (options.selfCheck) {
    log("self-check: deliberate faults must be counted exactly");
    const records = await selfCheck(ctx);
    result.runs.push(...records);
    problems = checkProblems(records);
    for (const p of problems) log(`FAILED ${p}`);
  }
  for (const id of options.scenarios) {
    if (id === "check") continue;
    for (let round = 1; round <= options.runs; round++) {
      for (const impl of options.impls) {
        if (id === "flush" && impl !== "tickwire") continue; // a tickwire setting: the peers have none
        log(`${id}, round ${round}/${options.runs}: ${IMPLS[impl].label}`);
        try {
          result.runs.push(...(await SCENARIOS[id](ctx, impl, round)).map((r) => ({ ...r, metrics: finiteOnly(r.metrics) })));
        } catch (err) {
          const message = (err as Error).message;
          log(`  failed: ${message.split("\n")[0]}`);
          result.runs.push({ scenario: id, step: "", impl, round, metrics: {}, notes: {}, error: message.slice(0, 2000) });
        }
      }
    }
  }
  if (options.profile && options.scenarios.includes("broadcast")) {
    log("profiling the feed server (--cpu-prof) at 250k deliveries/s");
    try {
      result.profile = await profileFeedServer(ctx, options);
    } catch (err) {
      log(`  profile failed: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  result.finishedAt = new Date().toISOString();

  mkdirSync(options.outDir, { recursive: true });
  const name = options.mode === "quick" ? "fanout-quick.json" : `fanout-${result.startedAt.slice(0, 16).replace(/:/g, "-")}.json`;
  const json = `${JSON.stringify(result, null, 1)}\n`;
  writeFileSync(join(options.outDir, name), json);
  if (options.mode === "full") writeFileSync(join(options.outDir, "latest.json"), json);
  log(`wrote ${join(options.outDir, name)}`);
  writeDocs(result, options.docsPath);
  for (const g of goals(summarize(result.runs), result.runs)) log(`goal: ${g.goal} (${g.target}): ${g.measured} → ${g.met === undefined ? "not measured" : g.met ? "met" : "NOT met"}`);
  return problems.length ? 1 : 0;
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2), join(tmpdir(), `tickwire-bench-${process.pid}`));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  }
  try {
    if (options.reportOnly) {
      writeDocs(JSON.parse(readFileSync(options.reportOnly, "utf8")) as ResultFile, options.docsPath);
      return;
    }
    process.exitCode = await run(options);
  } catch (err) {
    killAllChildren();
    console.error(`bench:fanout: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}

void main();
