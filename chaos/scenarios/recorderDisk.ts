/**
 * A full disk under `npm run record`: the recorder writes to a 32 KiB tmpfs mounted for the
 * scenario (root only; unmounted afterwards) while a fast feed fills it within a second. It
 * should stop with a clear message and a non-zero exit, and leave only complete lines.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManagedProcess } from "../../e2e/support/managedProcess";
import type { Scenario, ScenarioContext, ScenarioResult } from "../types";
import { feedScenario, skipped, tail, type ScenarioMeta } from "./harness";

const META: ScenarioMeta = {
  id: "recorder-full-disk",
  title: "Full disk under the recorder",
  unit: "runs",
  expectation: "the recorder stops with a clear ENOSPC message and exit 1, no uncaught exception, and the file holds only complete lines",
};

function mountTmpfs(dir: string): string | undefined {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=32k", "tmpfs", dir], { stdio: "pipe" });
    return undefined;
  } catch (err) {
    return `cannot mount a tmpfs (needs root): ${(err as Error).message.split("\n")[0]}`;
  }
}

async function run(ctx: ScenarioContext): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), "tickwire-chaos-disk-"));
  const cannot = mountTmpfs(dir);
  if (cannot) {
    rmSync(dir, { recursive: true, force: true });
    return skipped(META, cannot);
  }
  try {
    return await feedScenario(ctx, META, { env: { FEED_TICK_RATE: "50" } }, async ({ feed, out }) => {
      const file = join(dir, "session.ndjson");
      const recorder = ManagedProcess.spawn({
        name: "recorder",
        command: process.execPath,
        args: ["--import", "tsx", "scripts/record.ts", "--out", file, "--url", feed.wsUrl, "--duration", "30s"],
        cwd: ctx.root,
        env: {},
      });
      out.count = 1;
      const exit = await Promise.race([recorder.exited, new Promise<undefined>((r) => setTimeout(r, 40_000))]);
      if (!exit) {
        await recorder.stop("SIGKILL");
        out.failures.push("the recorder was still running 40 s after the disk filled");
        return;
      }
      const output = recorder.output();
      const uncaught = /^\s+at .+:\d+:\d+\)?$/m.test(output);
      if (uncaught) out.otherCrashes++;
      if (uncaught) out.failures.push(`recorder crashed with an uncaught exception (exit ${exit.code ?? exit.signal}): ${tail(output, 3)}`);
      else if (exit.code !== 1) out.failures.push(`recorder exit ${exit.code ?? exit.signal}, expected 1`);
      if (!/ENOSPC|no space|disk (is )?full/i.test(output)) out.failures.push("the recorder's message does not say the disk is full");
      const text = existsSync(file) ? readFileSync(file, "utf8") : "";
      const lines = text.split("\n");
      const last = lines.pop();
      const broken = lines.filter((l) => {
        try {
          JSON.parse(l);
          return false;
        } catch {
          return true;
        }
      }).length;
      if (last !== "" && last !== undefined) out.failures.push(`the file ends in a truncated line (${last.length} bytes)`);
      if (broken > 0) out.failures.push(`${broken} lines of the file are not JSON`);
      out.notes.push(`recorder exit ${exit.code ?? exit.signal}; ${lines.length} complete lines (${(text.length / 1024).toFixed(1)} KiB) kept; said: ${tail(output, 2)}`);
    });
  } finally {
    try {
      execFileSync("umount", [dir], { stdio: "pipe" });
    } catch {
      // Already unmounted; nothing else to undo.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export const recorderDisk: Scenario = run;
