/**
 * Optional: a Linux `perf` profile of the feed server over the measured window. The V8 profile
 * cannot see native code that runs outside a JS call (uWS drains publishes from the event
 * loop), nor the kernel; perf sees both, so it shows where a send-bound server's CPU goes.
 * Skipped quietly when perf is not installed or not permitted.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";

export interface PerfSummary {
  /** Share of samples per binary: the kernel, the uWS addon, node, libc, JIT-compiled JS. */
  byDso: { name: string; pct: number }[];
  top: { name: string; pct: number }[];
  samples: number;
}

export function perfAvailable(): boolean {
  try {
    execFileSync("perf", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Samples `pid` (all threads) at 999 Hz for `seconds`; resolves when perf has written `output`. */
export function perfRecord(pid: number, seconds: number, output: string): { done: Promise<boolean>; proc: ChildProcess } {
  const proc = spawn("perf", ["record", "-e", "cpu-clock", "-F", "999", "-g", "-p", String(pid), "-o", output, "--", "sleep", String(seconds)], {
    stdio: "ignore",
  });
  const done = new Promise<boolean>((resolve) => {
    proc.on("error", () => resolve(false));
    proc.on("exit", (code) => resolve(code === 0));
  });
  return { done, proc };
}

function parseReport(text: string, limit: number): { name: string; pct: number }[] {
  const rows: { name: string; pct: number }[] = [];
  for (const line of text.split("\n")) {
    const match = /^\s+([\d.]+)%\s+(.+?)\s*$/.exec(line);
    if (match) rows.push({ pct: Number(match[1]), name: (match[2] as string).replace(/\s+/g, " ").slice(0, 140) });
    if (rows.length >= limit) break;
  }
  return rows;
}

export function perfSummary(data: string): PerfSummary | undefined {
  try {
    const report = (sort: string) =>
      execFileSync("perf", ["report", "-i", data, "--no-children", "--sort", sort, "--stdio", "-g", "none"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        maxBuffer: 64 * 1024 * 1024,
      });
    const dso = report("dso");
    // "# Samples: 5K of event 'cpu-clock'"
    const match = /^# Samples: ([\d.]+)([KM]?)/m.exec(dso);
    const samples = match ? Number(match[1]) * (match[2] === "K" ? 1000 : match[2] === "M" ? 1e6 : 1) : NaN;
    return { byDso: parseReport(dso, 8), top: parseReport(report("dso,sym"), 15), samples };
  } catch {
    return undefined;
  }
}
