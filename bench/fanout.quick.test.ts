/**
 * `npm test` runs the whole fan-out harness in --quick mode, as a user would run it: every
 * scenario against every implementation, a few hundred connections for about a second each.
 * It checks that the harness works and counts correctly. It asserts no timing: speed belongs
 * to `npm run bench:fanout`, on a quiet machine.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { ResultFile } from "./orchestrator/results";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "tickwire-bench-quick-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runQuick(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/fanout.ts", "--quick", `--out=${out}`], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run bench:fanout -- --quick", () => {
  it("runs every scenario for every implementation and counts deliberate faults exactly", { timeout: 240_000 }, async () => {
    const { code, output } = await runQuick();
    expect(code, output).toBe(0);
    const result = JSON.parse(readFileSync(join(out, "fanout-quick.json"), "utf8")) as ResultFile;

    // A skipped seq is one lost tick per symbol per connection; a swapped pair one out of order.
    const checks = result.runs.filter((r) => r.scenario === "check");
    expect(checks.map((r) => `${r.impl} ${r.step}`)).toEqual(["ws drop:5", "ws swap:5", "socketio drop:5", "socketio swap:5", "tickwire clean"]);
    for (const r of checks) {
      const expected = (r.metrics.connections as number) * (r.metrics.symbols as number);
      expect(expected).toBeGreaterThan(0);
      expect(r.metrics.lowestFinalSeq).toBeGreaterThan(5);
      expect(r.metrics.lost, `${r.impl} ${r.step}`).toBe(r.step.startsWith("drop") ? expected : 0);
      expect(r.metrics.outOfOrder, `${r.impl} ${r.step}`).toBe(r.step.startsWith("swap") ? expected : 0);
      expect(r.metrics.duplicates).toBe(0);
    }

    for (const scenario of ["broadcast", "spread", "idle", "slow", "storm", "dashboard", "widgets", "flush"] as const) {
      // FEED_FLUSH_MS is tickwire's own setting: its curve has no peers.
      for (const impl of scenario === "flush" ? (["tickwire"] as const) : (["tickwire", "ws", "socketio"] as const)) {
        const runs = result.runs.filter((r) => r.scenario === scenario && r.impl === impl);
        expect(runs.length, `${scenario} ${impl}`).toBeGreaterThan(0);
        for (const r of runs) {
          expect(r.error, `${scenario} ${impl}`).toBeUndefined();
          // Healthy clients of every implementation get every tick, in order.
          expect(r.metrics.lost ?? 0, `${scenario} ${impl} lost`).toBe(0);
          expect(r.metrics.outOfOrder ?? 0, `${scenario} ${impl} out of order`).toBe(0);
          expect(r.metrics.undelivered ?? 0, `${scenario} ${impl} undelivered`).toBe(0);
        }
      }
    }
    // Exact totals, whatever the machine's speed: every subscriber got every seq of its symbols.
    expect(result.runs.filter((r) => r.scenario === "flush").map((r) => `${r.impl} ${r.step}`)).toEqual(["tickwire 0 ms", "tickwire 16 ms"]);
    for (const r of result.runs.filter((x) => ["broadcast", "spread", "dashboard", "widgets", "flush"].includes(x.scenario))) {
      expect(r.metrics.expectedTotal, `${r.scenario} ${r.impl} ${r.step}`).toBeGreaterThan(0);
      expect(r.metrics.deliveredTotal, `${r.scenario} ${r.impl} ${r.step}`).toBe(r.metrics.expectedTotal);
    }
    for (const r of result.runs.filter((x) => x.scenario === "idle" || x.scenario === "storm")) {
      expect(r.metrics.subscribed).toBe(r.metrics.connections);
    }
    for (const r of result.runs.filter((x) => x.scenario === "slow")) {
      expect((r.metrics.slowClosed ?? 0) + (r.metrics.slowStillOpen ?? 0)).toBe(result.settings.slowClients);
      expect(r.rssSeries?.length).toBeGreaterThan(1);
    }

    const page = readFileSync(join(out, "benchmarks.md"), "utf8");
    for (const heading of [
      "## Goals",
      "## 1. Broadcast",
      "## 2. Spread",
      "## 3. Idle memory",
      "## 4. Slow consumers",
      "## 5. Reconnect storm",
      "## 6. Dashboard",
      "## 7. Widgets",
      "## 8. Write batching",
      "## Harness self-check",
    ]) {
      expect(page).toContain(heading);
    }
    expect(page).toContain(result.machine.model);
    for (const goal of ["Dashboard scenario: server CPU per delivery vs ws", "Broadcast capacity vs Socket.IO"]) expect(page).toContain(goal);
    for (const chart of ["benchmarks-cpu.svg", "benchmarks-p99.svg", "benchmarks-slow-rss.svg", "benchmarks-flush-cpu.svg", "benchmarks-flush-latency.svg"]) {
      expect(existsSync(join(out, chart)), chart).toBe(true);
      expect(readFileSync(join(out, chart), "utf8")).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>\n$/);
    }
  });
});
