import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../lib/testing/waitFor";
import { supervise, type ChildSpec, type SuperviseOptions } from "./supervise.mjs";

/** A child that runs until told to stop, prints its pid, and says so on SIGTERM. */
const LONG_RUNNER = `process.on("SIGTERM", () => { console.log("got SIGTERM"); process.exit(0); }); setInterval(() => {}, 1000); console.log("ready " + process.pid);`;
/** Like LONG_RUNNER, but first starts a grandchild that ignores SIGTERM and reports its pid. */
const WITH_GRANDCHILD = `const { spawn } = require("node:child_process");
const g = spawn(process.execPath, ["-e", 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: "ignore" });
console.log("grandchild " + g.pid); ${LONG_RUNNER}`;
/** Exits 3 on its first two runs (counted in a file), then runs for good. */
const crashTwice = (dir: string) => `const fs = require("node:fs"); const f = ${JSON.stringify(join(dir, "runs"))};
const runs = (fs.existsSync(f) ? Number(fs.readFileSync(f, "utf8")) : 0) + 1; fs.writeFileSync(f, String(runs));
if (runs <= 2) setTimeout(() => process.exit(3), 50); else { ${LONG_RUNNER} }`;

const node = (name: string, script: string): ChildSpec => ({ name, command: process.execPath, args: ["-e", script] });

function run(specs: ChildSpec[], options: SuperviseOptions = {}) {
  const lines: string[] = [];
  const out: string[] = [];
  const unit = supervise(specs, {
    handleSignals: false,
    log: (line) => lines.push(line),
    write: (_stream, line) => out.push(line),
    restart: { baseMs: 50, maxMs: 400, fastMs: 5000, maxFastCrashes: 3 },
    ...options,
  });
  return { unit, lines, out };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pidsOf = (out: string[], word: string) => out.flatMap((l) => [...l.matchAll(new RegExp(`${word} (\\d+)`, "g"))].map((m) => Number(m[1])));

describe("supervise", () => {
  it("restarts a crashed child with backoff, logs the cause, and keeps the other child running", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tickwire-supervise-"));
    const { unit, lines, out } = run([node("server", LONG_RUNNER), node("crasher", crashTwice(dir))]);
    await waitFor(() => out.filter((l) => l.startsWith("[crasher] ready")).length === 1, "the crasher's third run to be ready", 10_000);
    expect(lines.filter((l) => /crasher exited \(code 3\) after [\d.]+ s; restarting in \d+ ms/.test(l))).toHaveLength(2);
    // Backoff doubles: 50 ms, then 100 ms.
    expect(lines.join("\n")).toMatch(/restarting in 50 ms[\s\S]*restarting in 100 ms/);
    // The server was started once and never stopped.
    expect(out.filter((l) => l.startsWith("[server] ready"))).toHaveLength(1);
    expect(out.join("\n")).not.toContain("[server] got SIGTERM");
    unit.stop();
    expect(await unit.done).toBe(0);
  });

  it("restarts a child killed with SIGKILL and names the signal", async () => {
    const { unit, lines, out } = run([node("feed", LONG_RUNNER), node("web", LONG_RUNNER)]);
    const first = await waitFor(() => pidsOf(out.filter((l) => l.startsWith("[feed]")), "ready")[0], "the feed to start");
    process.kill(first, "SIGKILL");
    await waitFor(() => pidsOf(out.filter((l) => l.startsWith("[feed]")), "ready").length === 2, "the feed to be restarted", 10_000);
    expect(lines.join("\n")).toMatch(/feed exited \(signal SIGKILL\)/);
    expect(pidsOf(out.filter((l) => l.startsWith("[web]")), "ready")).toHaveLength(1);
    unit.stop();
    expect(await unit.done).toBe(0);
  });

  it("gives up after repeated fast crashes, stops the rest and exits with the child's code", async () => {
    const { unit, lines, out } = run([node("server", LONG_RUNNER), node("crasher", "setTimeout(() => process.exit(3), 20)")]);
    expect(await unit.done).toBe(3);
    expect(lines.filter((l) => l.includes("crasher exited (code 3)"))).toHaveLength(3);
    expect(lines.join("\n")).toMatch(/3 fast crashes in a row, giving up/);
    expect(out).toContain("[server] got SIGTERM");
  });

  it("treats a server that keeps exiting cleanly on its own as a failure", async () => {
    const { unit } = run([node("server", LONG_RUNNER), node("quitter", "setTimeout(() => {}, 20)")]);
    expect(await unit.done).toBe(1);
  });

  it("stops every child on request and exits 0", async () => {
    const { unit, out } = run([node("a", LONG_RUNNER), node("b", LONG_RUNNER)]);
    await waitFor(() => pidsOf(out, "ready").length === 2, "both children to start");
    unit.stop("SIGTERM");
    expect(await unit.done).toBe(0);
  });

  it("kills a child that ignores SIGTERM after the grace period", async () => {
    const stubborn = `process.on("SIGTERM", () => {}); setInterval(() => {}, 1000); console.log("ready " + process.pid);`;
    const { unit, lines, out } = run([node("stubborn", stubborn)], { killAfterMs: 200 });
    await waitFor(() => pidsOf(out, "ready").length === 1, "the child to start");
    unit.stop();
    expect(await unit.done).toBe(0);
    expect(lines.join("\n")).toContain("killing it");
  });

  it("leaves nothing a child started running after it stops", async () => {
    const { unit, out } = run([node("parent", WITH_GRANDCHILD)], { killAfterMs: 300 });
    const grandchild = await waitFor(() => pidsOf(out, "grandchild")[0], "the grandchild's pid");
    expect(alive(grandchild)).toBe(true);
    await waitFor(() => pidsOf(out, "ready").length === 1, "the child to start");
    unit.stop();
    expect(await unit.done).toBe(0);
    await waitFor(() => !alive(grandchild), `grandchild ${grandchild} to be gone`, 5000);
  });
});

describe("supervise as npm start runs it (signal handlers installed)", () => {
  const procs: ChildProcess[] = [];
  afterEach(() => {
    for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  });

  function startUnit(wrapper: boolean) {
    const specs = JSON.stringify([node("feed", WITH_GRANDCHILD), node("web", LONG_RUNNER)]);
    const fixture = join(import.meta.dirname, "testing", "superviseMain.mjs");
    // The wrapper stands in for npm: it starts the unit and, like npm, has no SIGHUP handler.
    const args = wrapper
      ? ["-e", `const c = require("node:child_process").spawn(process.execPath, [${JSON.stringify(fixture)}, process.argv[1]], { stdio: "inherit" }); setInterval(() => {}, 1000);`, specs]
      : [fixture, specs];
    const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    procs.push(proc);
    const out = { text: "", exit: undefined as number | null | undefined };
    proc.stdout!.on("data", (d: Buffer) => (out.text += d.toString()));
    proc.stderr!.on("data", (d: Buffer) => (out.text += d.toString()));
    proc.on("exit", (code) => (out.exit = code));
    return { proc, out };
  }

  async function childPids(out: { text: string }): Promise<number[]> {
    return waitFor(() => {
      const lines = out.text.split("\n");
      const pids = [...pidsOf(lines, "ready"), ...pidsOf(lines, "grandchild")];
      return pids.length === 3 && pids;
    }, "both children and the grandchild to start", 10_000);
  }

  it("treats SIGHUP like SIGTERM: stops every child and their children, exits 0", async () => {
    const { proc, out } = startUnit(false);
    const pids = await childPids(out);
    proc.kill("SIGHUP");
    await waitFor(() => out.exit !== undefined, "the supervisor to exit", 10_000);
    expect(out.exit).toBe(0);
    expect(out.text).toContain("SIGHUP: stopping feed, web");
    for (const pid of pids) await waitFor(() => !alive(pid), `process ${pid} to be gone`, 5000);
  });

  it("stops everything when its parent (npm) dies of SIGHUP", async () => {
    const { proc, out } = startUnit(true);
    const pids = await childPids(out);
    proc.kill("SIGHUP");
    for (const pid of pids) await waitFor(() => !alive(pid), `process ${pid} to be gone`, 10_000);
    expect(out.text).toMatch(/parent process \d+ is gone/);
  });
});
