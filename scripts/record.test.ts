import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadReplayFile } from "../feed-server/replay/replayFile";
import { startServer } from "../feed-server/testing/startServer";
import { parseDuration, parseRecordArgs, summaryLine } from "./record";

const dir = mkdtempSync(join(tmpdir(), "tickwire-record-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("parseRecordArgs", () => {
  it("fills in the defaults", () => {
    expect(parseRecordArgs(["--out", "data/x.ndjson"])).toEqual({
      kind: "record",
      args: { out: "data/x.ndjson", url: "ws://127.0.0.1:9001/ws", symbols: undefined, durationMs: 60_000 },
    });
  });

  it("reads every option, in both --name value and --name=value form", () => {
    expect(parseRecordArgs(["--out=a.ndjson", "--url", "wss://feed.example/ws", "--symbols", "aapl, BTC-USD,AAPL", "--duration=2m"])).toEqual({
      kind: "record",
      args: { out: "a.ndjson", url: "wss://feed.example/ws", symbols: ["AAPL", "BTC-USD"], durationMs: 120_000 },
    });
    expect(parseRecordArgs(["--help"])).toEqual({ kind: "help" });
  });

  it.each([
    [[], "--out FILE is required"],
    [["--out"], "--out needs a value"],
    [["--out", "--url", "ws://x"], "--out needs a value"],
    [["--out", "a", "--out", "b"], "--out given twice"],
    [["--out", "a", "--bogus", "1"], 'unknown option "--bogus"'],
    [["--out", "a", "extra"], 'unexpected argument "extra"'],
    [["--out", "a", "--url", "http://127.0.0.1:9001/ws"], '--url must be a ws:// or wss:// URL, got "http://127.0.0.1:9001/ws"'],
    [["--out", "a", "--symbols", ","], "--symbols names no symbol"],
    [["--out", "a", "--symbols", "AAPL,B@D"], '--symbols: "B@D" is not a symbol (expected e.g. AAPL, BRK.B, BTC-USD)'],
    [["--out", "a", "--duration", "60"], '--duration must be a positive time like 500ms, 30s or 2m, got "60"'],
    [["--out", "a", "--duration", "0s"], '--duration must be a positive time like 500ms, 30s or 2m, got "0s"'],
  ])("%j: %s", (argv, error) => {
    expect(parseRecordArgs(argv)).toEqual({ kind: "error", error });
  });
});

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["2m", 120_000],
    ["1.5h", 5_400_000],
    ["0.5s", 500],
  ])("%s = %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "60", "1d", "-1s", "s", "1 s"])("refuses %j", (text) => expect(parseDuration(text)).toBeUndefined());
});

it("summaryLine says what was recorded and whether anything is missing", () => {
  expect(summaryLine({ out: "x.ndjson", durationMs: 60_012, total: 3, perSymbol: { AAPL: 2, MSFT: 1 }, written: 3, gaps: 0, reconnects: 1, stoppedBy: "duration" })).toBe(
    "recorded 3 ticks in 60.0 s to x.ndjson (AAPL 2, MSFT 1); seq gaps 0, reconnects 1",
  );
});

/** Runs the script as `npm run record` does (tsx), collecting output and exit code. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/record.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("scripts/record.ts as a command", () => {
  it("exits 2 with the usage, naming the bad argument", async () => {
    const { code, stdout, stderr } = await runCli(["--out", "x.ndjson", "--duration", "soon"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('record: --duration must be a positive time like 500ms, 30s or 2m, got "soon"');
    expect(stderr).toContain("usage: npm run record -- --out FILE");
  });

  it("records a real feed server and prints a one-line summary", async () => {
    const running = await startServer({ FEED_SYMBOLS: "AAPL,ETH-USD", FEED_TICK_RATE: "100", FEED_SEED: "7" });
    try {
      const out = join(dir, "cli.ndjson");
      const { code, stdout, stderr } = await runCli(["--out", out, "--url", running.wsUrl, "--duration", "700ms"]);
      expect({ code, stderr }).toMatchObject({ code: 0, stderr: expect.stringContaining("[record] recording AAPL, ETH-USD") });
      const ticks = loadReplayFile(out);
      expect(stdout.trim()).toMatch(new RegExp(`^recorded ${ticks.length} ticks in 0\\.\\d s to .*cli\\.ndjson \\(AAPL \\d+, ETH-USD \\d+\\); seq gaps 0, reconnects 0$`));
    } finally {
      await running.server.stop();
    }
  });

  // A real full disk: a 64 KiB tmpfs. Mounting needs root (CAP_SYS_ADMIN); elsewhere the injected
  // full disk of feed-server/replay/recorder.test.ts covers the same path.
  const mountPoint = mkdtempSync(join(tmpdir(), "tickwire-full-disk-"));
  const canMount = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]).status === 0;
  afterAll(() => {
    if (canMount) spawnSync("umount", [mountPoint]);
    rmdirSync(mountPoint);
  });

  it.runIf(canMount)("on a full disk exits 1 with a clear message, and the file holds only complete lines", async () => {
    const running = await startServer({ FEED_SYMBOLS: "AAPL,MSFT,ETH-USD,BTC-USD", FEED_TICK_RATE: "500", FEED_SEED: "7" });
    try {
      const out = join(mountPoint, "full.ndjson");
      const { code, stderr } = await runCli(["--out", out, "--url", running.wsUrl, "--duration", "60s"]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/record: disk full \(ENOSPC\) writing .*full\.ndjson: the recording stops; the file keeps the \d+ complete ticks/);
      expect(stderr).not.toMatch(/unexpected error|at .*\.ts:\d+/);
      const text = readFileSync(out, "utf8");
      expect(text.length).toBeGreaterThan(32 * 1024);
      expect(text.endsWith("\n")).toBe(true);
      const kept = Number(/keeps the (\d+) complete ticks/.exec(stderr)![1]);
      expect(loadReplayFile(out)).toHaveLength(kept);
    } finally {
      await running.server.stop();
    }
  }, 30_000);
});
