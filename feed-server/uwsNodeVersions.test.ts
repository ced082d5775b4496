/**
 * The feed as an operator starts it (`feed-server/main.ts` in its own process), on this Node and on
 * Node 22 taken from the npm registry: the chosen build is named at start and in /health, and where
 * no build loads the process exits 1 saying why and what would work.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../lib/testing/waitFor";
import { NODE22_AVAILABLE, NODE22_VERSION, node22Binary } from "./testing/nodeBinary";
import { loadUws } from "./uwsBinding";
import { currentRuntime } from "./uwsBuilds";
import { compareVersions } from "./uwsChooser";

const rt = currentRuntime({});
const oldGlibc = rt.platform === "linux" && rt.glibc !== undefined && compareVersions(rt.glibc, "2.38") < 0;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

interface Run {
  stdout: string;
  stderr: string;
  exit: number | null | undefined;
}

function spawnNode(node: string, args: string[], env: Record<string, string> = {}): { child: ChildProcess; out: Run } {
  const child = spawn(node, args, {
    env: { ...process.env, FEED_HOST: "127.0.0.1", FEED_PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const out: Run = { stdout: "", stderr: "", exit: undefined };
  child.stdout!.on("data", (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out.stderr += d.toString()));
  child.on("exit", (code) => (out.exit = code));
  return { child, out };
}

const FEED = ["--import", "tsx", "feed-server/main.ts"];

function logRecords(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe(`on this Node (${process.version})`, () => {
  it("starts on the chosen build and names it in the start log and in /health", async () => {
    const { child, out } = spawnNode(process.execPath, FEED, { FEED_SYMBOLS: "AAPL" });
    const listening = await waitFor(
      () => logRecords(out.stdout).find((r) => r.msg === "feed server listening"),
      `the listening log line (stderr so far: ${out.stderr.slice(0, 300)})`,
      15_000,
    );
    const expected = loadUws().build;
    expect(listening.uws).toEqual(expected);
    const health = (await (await fetch(`http://127.0.0.1:${String(listening.port)}/health`)).json()) as Record<string, unknown>;
    expect(health.uws).toEqual(expected);
    if (oldGlibc && rt.abi === 115) {
      expect(expected.version).toBe("20.30.0-unofficial.0");
      const refused = logRecords(out.stdout).find((r) => r.msg === "uWebSockets.js build not usable here");
      expect(refused?.uws).toEqual({ name: "@btc-vision/uwebsockets.js", version: "20.57.0" });
      expect(String(refused?.reason)).toMatch(/GLIBC_2\.38' not found/);
    }
    child.kill("SIGTERM");
    await waitFor(() => out.exit !== undefined, "the feed to exit after SIGTERM", 5000);
    expect(out.exit).toBe(0);
  });
});

// Pinned registry packages exist for linux x64 and arm64 (the platforms CI and the README target).
describe.runIf(NODE22_AVAILABLE)(`under Node ${NODE22_VERSION} from the npm registry`, () => {
  let node22 = "";
  beforeAll(async () => {
    node22 = await node22Binary();
  }, 300_000);

  it("the chooser's unit and machine tests pass", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tickwire-node22-"));
    const report = join(dir, "report.json");
    try {
      const { out } = spawnNode(node22, [
        "node_modules/vitest/vitest.mjs",
        "run",
        "feed-server/uwsChooser.test.ts",
        "feed-server/uwsBuilds.test.ts",
        "--reporter=json",
        `--outputFile=${report}`,
      ]);
      await waitFor(() => out.exit !== undefined, "vitest under Node 22 to finish", 120_000);
      expect(out.exit, out.stdout + out.stderr).toBe(0);
      const result = JSON.parse(readFileSync(report, "utf8")) as {
        numFailedTests: number;
        numPassedTests: number;
        testResults: { assertionResults: { title: string; status: string }[] }[];
      };
      expect(result.numFailedTests).toBe(0);
      expect(result.numPassedTests).toBeGreaterThanOrEqual(15);
      const statusOf = (title: string) => result.testResults.flatMap((f) => f.assertionResults).find((a) => a.title.startsWith(title))?.status;
      // Shows these ran on Node 22, not on the Node running this file.
      expect(statusOf("Node 20 on glibc < 2.38")).toBe("skipped");
      if (oldGlibc) expect(statusOf("Node 22+ on glibc < 2.38")).toBe("passed");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it.runIf(oldGlibc)("on glibc < 2.38 the feed exits 1, saying exactly why and which Node versions work here", async () => {
    const { out } = spawnNode(node22, FEED);
    await waitFor(() => out.exit !== undefined, "the feed to exit", 30_000);
    expect(out.exit).toBe(1);
    expect(out.stdout).not.toMatch(/listening/);
    const lines = out.stderr.trim().split("\n");
    expect(lines[0]).toBe(
      `tickwire feed: No uWebSockets.js build loads on Node.js v${NODE22_VERSION} (ABI 127, Node 22) on ${rt.platform}-${rt.arch} with glibc ${rt.glibc!}.`,
    );
    expect(out.stderr).toMatch(/- @btc-vision\/uwebsockets\.js 20\.57\.0: it needs glibc 2\.38, this system has [0-9.]+; its binary did not load: .*GLIBC_2\.38' not found/);
    expect(out.stderr).toContain(`- @trufflesuite/uws-js-unofficial 20.30.0-unofficial.0: ships no binary for ${rt.platform}-${rt.arch} ABI 127; it has binaries for Node.js 20 here`);
    expect(out.stderr).toMatch(/Node\.js versions that work here: 20 \(e\.g\. `nvm install 20`/);
    expect(out.stderr).toMatch(/With glibc 2\.38 or newer .* would add Node\.js 22, 24, 25\./);
  }, 60_000);

  it.runIf(!oldGlibc)("on glibc 2.38+ the feed starts on the 20.57 build", async () => {
    const { out } = spawnNode(node22, FEED, { FEED_SYMBOLS: "AAPL" });
    const listening = await waitFor(() => logRecords(out.stdout).find((r) => r.msg === "feed server listening"), "the listening log line", 30_000);
    expect(listening.uws).toEqual({ name: "@btc-vision/uwebsockets.js", version: "20.57.0" });
  }, 60_000);
});
