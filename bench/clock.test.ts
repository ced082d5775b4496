import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { anchoredClock, encodeAnchor, takeAnchor } from "./clock";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

describe("the shared benchmark clock", () => {
  it("reads the anchor's wall time plus monotonic time elapsed", () => {
    const anchor = takeAnchor();
    const clock = anchoredClock(anchor);
    const expected = anchor.wallMs + Number(process.hrtime.bigint() - anchor.monoNs) / 1e6;
    expect(Math.abs(clock() - expected)).toBeLessThan(0.05);
  });

  it("agrees with the anchor within 50 µs in a fresh process, whose first performance.now() is slow", () => {
    // The child prints its clock minus the anchored monotonic reference, taken back to back.
    const script = [
      'import { clockFromEnv } from "./bench/clock.ts";',
      "const clock = clockFromEnv();",
      "const [wall, mono] = process.env.BENCH_CLOCK_ANCHOR.split(':');",
      // The tightest of a few readings, so a preemption mid-reading cannot fail the test.
      "let best = [Infinity, 0];",
      "for (let i = 0; i < 20; i++) {",
      "  const a = clock(); const ref = Number(wall) + Number(process.hrtime.bigint() - BigInt(mono)) / 1e6; const b = clock();",
      "  if (b - a < best[0]) best = [b - a, ref - (a + b) / 2];",
      "}",
      "console.log(JSON.stringify(best[1]));",
    ].join("\n");
    const errors = [0, 1, 2].map(() => {
      const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: ROOT,
        env: { ...process.env, BENCH_CLOCK_ANCHOR: encodeAnchor(takeAnchor()) },
        encoding: "utf8",
      });
      return Math.abs(Number(out.trim()));
    });
    for (const e of errors) expect(e).toBeLessThan(0.05);
  });
});
