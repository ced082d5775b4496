/**
 * Command-line flags of `npm run bench:fanout`. Unknown flags are errors, so a typo never
 * silently runs the wrong benchmark.
 */
import type { ImplId } from "../ipc";
import { IMPL_ORDER } from "./impls";
import type { ScenarioId } from "./results";
import { FULL, QUICK, type Scale } from "./scale";

export const SCENARIO_NUMBERS: Record<string, ScenarioId> = {
  "1": "broadcast",
  "2": "spread",
  "3": "idle",
  "4": "slow",
  "5": "storm",
  "6": "dashboard",
  "7": "widgets",
  "8": "flush",
};

export interface Options {
  mode: "full" | "quick";
  scenarios: ScenarioId[];
  runs: number;
  impls: ImplId[];
  clientProcs: number;
  scale: Scale;
  /** Where result JSON goes. */
  outDir: string;
  /** Where the markdown page goes (its charts go beside it). */
  docsPath: string;
  selfCheck: boolean;
  profile: boolean;
  /** Regenerate docs from this result file instead of running. */
  reportOnly: string | undefined;
  quietWaitMs: number;
}

export const USAGE = `usage: npm run bench:fanout -- [flags]
  --quick                 small and short: a few hundred connections, about a second per step
  --scenarios=1,...,8     1 broadcast, 2 spread, 3 idle memory, 4 slow consumers, 5 reconnect storm,
                          6 dashboard, 7 widgets, 8 FEED_FLUSH_MS curve (tickwire only)
  --runs=N                rounds (each round runs every implementation once, in turn); default 3, quick 1
  --impls=tickwire,ws,socketio
  --rates=25,50,100,125,250,500   broadcast rate steps (ticks/s); past them the rate grows
                          1.5× per step while the implementation passes, up to --max-rate
  --max-rate=N            highest broadcast rate tried (ticks/s; default 20000; 0 = listed steps only)
  --flush-ms=0,5,10,16,25,50      FEED_FLUSH_MS values of the flush scenario (quick: 0,16)
  --subscribers=N         broadcast and slow-consumer subscribers
  --batch-ms=N            what-if: publish due ticks at most every N ms, in one turn (default 0)
  --client-procs=N        load-client processes (default 2, quick 1): connections are split
                          over them, so no single client process saturates before the server
  --out=DIR               result JSON directory (default bench/results; quick: a temp dir)
  --docs=PATH             markdown page to write (default docs/benchmarks.md; quick: DIR/benchmarks.md)
  --quiet-wait=S          before each run, wait up to S seconds for other processes to go quiet
                          (default 30, at most 300 s in all; quick 0)
  --no-check              skip the harness self-check
  --no-profile            skip the --cpu-prof run of the feed server
  --report-only=FILE      regenerate the docs from a result file`;

function list(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

function nonNegative(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${value}"`);
  return n;
}

export function parseOptions(argv: string[], tmpDir: string): Options {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    flags.set(match[1] as string, match[2] ?? "");
  }
  const known = ["quick", "scenarios", "runs", "impls", "rates", "subscribers", "client-procs", "out", "docs", "no-check", "no-profile", "report-only", "quiet-wait", "batch-ms", "max-rate", "flush-ms", "help"];
  for (const name of flags.keys()) if (!known.includes(name)) throw new Error(`unknown flag --${name}\n${USAGE}`);
  if (flags.has("help")) throw new Error(USAGE);

  const quick = flags.has("quick");
  const scale: Scale = structuredClone(quick ? QUICK : FULL);
  const rates = flags.get("rates");
  if (rates) scale.broadcast.rates = list(rates).map((r) => positive("rates", r));
  if (flags.has("max-rate")) scale.broadcast.maxRate = nonNegative("max-rate", flags.get("max-rate") as string);
  const flushMs = flags.get("flush-ms");
  if (flushMs) {
    scale.flush.values = list(flushMs).map((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 1000) throw new Error(`--flush-ms takes integers from 0 to 1000 (FEED_FLUSH_MS), got "${v}"`);
      return n;
    });
  }
  if (flags.has("batch-ms")) scale.batchMs = nonNegative("batch-ms", flags.get("batch-ms") as string);
  const subscribers = flags.get("subscribers");
  if (subscribers) scale.broadcast.subscribers = scale.slow.subscribers = positive("subscribers", subscribers);

  const scenarios = list(flags.get("scenarios") || Object.keys(SCENARIO_NUMBERS).join(",")).map((s) => {
    const id = SCENARIO_NUMBERS[s];
    if (!id) throw new Error(`--scenarios takes numbers 1 to ${Object.keys(SCENARIO_NUMBERS).length}, got "${s}"`);
    return id;
  });
  const impls = list(flags.get("impls") || IMPL_ORDER.join(",")).map((s) => {
    if (!(IMPL_ORDER as string[]).includes(s)) throw new Error(`--impls takes ${IMPL_ORDER.join(", ")}, got "${s}"`);
    return s as ImplId;
  });
  if (!impls.includes("tickwire")) throw new Error("--impls must include tickwire: every ratio is against it");
  const outDir = flags.get("out") || (quick ? tmpDir : "bench/results");
  return {
    mode: quick ? "quick" : "full",
    scenarios,
    runs: flags.has("runs") ? positive("runs", flags.get("runs") as string) : quick ? 1 : 3,
    impls: IMPL_ORDER.filter((i) => impls.includes(i)),
    clientProcs: flags.has("client-procs") ? positive("client-procs", flags.get("client-procs") as string) : quick ? 1 : 2,
    scale,
    outDir,
    docsPath: flags.get("docs") || (quick ? `${outDir}/benchmarks.md` : "docs/benchmarks.md"),
    selfCheck: !flags.has("no-check"),
    profile: !quick && !flags.has("no-profile"),
    reportOnly: flags.get("report-only") || undefined,
    quietWaitMs: (flags.has("quiet-wait") ? nonNegative("quiet-wait", flags.get("quiet-wait") as string) : quick ? 0 : 30) * 1000,
  };
}
