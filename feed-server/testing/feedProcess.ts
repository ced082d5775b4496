/**
 * The feed's command-line entry point as an operator runs it (`tsx feed-server/main.ts`), for
 * tests: a real process on a free port, its output collected, its exit recorded. Call
 * `killFeedProcesses()` in afterEach: every process still running is killed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { waitFor } from "../../lib/testing/waitFor";

const children: ChildProcess[] = [];

export interface FeedProcess {
  child: ChildProcess;
  out: { stdout: string; stderr: string; exit: number | null | undefined; signal: NodeJS.Signals | null | undefined };
}

export function runFeedProcess(env: Record<string, string>): FeedProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "feed-server/main.ts"], {
    env: { ...process.env, FEED_HOST: "127.0.0.1", FEED_PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const out: FeedProcess["out"] = { stdout: "", stderr: "", exit: undefined, signal: undefined };
  child.stdout!.on("data", (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out.stderr += d.toString()));
  child.on("exit", (code, signal) => {
    out.exit = code;
    out.signal = signal;
  });
  return { child, out };
}

/** Waits for the "feed server listening" log line and returns the port it names. */
export async function listeningPort(p: FeedProcess, timeoutMs = 20_000): Promise<number> {
  const line = await waitFor(
    () => p.out.stdout.split("\n").find((l) => l.includes("feed server listening")),
    `the listening log line (stderr: ${p.out.stderr.slice(-300)})`,
    timeoutMs,
  );
  return (JSON.parse(line) as { port: number }).port;
}

export function killFeedProcesses(): void {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}
