/**
 * `npm test` runs the chaos suite in --quick mode, as a user would run it (`npm run chaos --
 * --quick`): toy sizes against real processes. It fails when any scenario crashed a server,
 * cost a well-behaved client a tick or refused its resume, or broke off with an error. Other
 * failed expectations are printed, not failed on: the doc carries those verdicts.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { ChaosResults } from "./types";
import { broken } from "./verdicts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "tickwire-chaos-quick-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runQuick(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ["--import", "tsx", "chaos/main.ts", "--quick", `--out=${out}`], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run chaos -- --quick", () => {
  it("runs every quick scenario with no crash, no lost tick and no refused resume", { timeout: 120_000 }, async () => {
    const { code, output } = await runQuick();
    const results = JSON.parse(readFileSync(join(out, "quick.json"), "utf8")) as ChaosResults;
    console.log(output);
    const ids = results.scenarios.map((s) => s.id);
    for (const id of ["malformed-frames", "raw-tcp", "http-abuse", "churn", "slow-consumers", "reconnect-storm", "nats-restart-1s", "recorder-full-disk", "feed-kill-9"]) {
      expect(ids, id).toContain(id);
    }
    expect(results.scenarios.find((s) => s.id === "feed-kill-9")?.verdict).toBe("skipped");
    for (const s of results.scenarios.filter((r) => r.verdict !== "skipped")) {
      expect(s.count, `${s.id} applied no abuse`).toBeGreaterThan(0);
    }
    expect(broken(results.scenarios)).toEqual([]);
    expect(code, output).toBe(0);
  });
});
