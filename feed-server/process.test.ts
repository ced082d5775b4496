/** The command-line entry point as an operator runs it: real process, real signals. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../lib/testing/waitFor";
import { killFeedProcesses, runFeedProcess } from "./testing/feedProcess";
import { freePort } from "./testing/freePort";
import { TestClient } from "./testing/testClient";

afterEach(killFeedProcesses);
const runMain = runFeedProcess;

describe("feed-server/main.ts", () => {
  it("exits 2 naming the variable when config is bad", async () => {
    const { out } = runMain({ FEED_TICK_RATE: "lots" });
    await waitFor(() => out.exit !== undefined, "the process to exit", 15_000);
    expect(out.exit).toBe(2);
    expect(out.stderr).toMatch(/FEED_TICK_RATE/);
    expect(out.stderr).toMatch(/"lots"/);
  });

  it("exits 2 naming the file and line when a replay file is bad", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tickwire-replay-"));
    const file = join(dir, "bad.ndjson");
    writeFileSync(file, '{"symbol":"AAPL","price":1,"size":1,"ts":1}\n{"symbol":"AAPL","price":"abc","size":1,"ts":2}\n');
    const { out } = runMain({ FEED_SOURCE: "replay", FEED_REPLAY_FILE: file });
    await waitFor(() => out.exit !== undefined, "the process to exit", 15_000);
    expect(out.exit).toBe(2);
    expect(out.stderr).toContain(`${file}:2:`);
    expect(out.stderr).toMatch(/price/);
  });

  it("replays the shipped sample session", async () => {
    const { out } = runMain({ FEED_SOURCE: "replay", FEED_REPLAY_FILE: "data/sample-session.ndjson", FEED_REPLAY_SPEED: "max", FEED_HISTORY: "5000" });
    const line = await waitFor(() => out.stdout.split("\n").find((l) => l.includes("feed server listening")), "the listening log line", 15_000);
    const port = (JSON.parse(line) as { port: number }).port;
    const c = await TestClient.connect(`ws://127.0.0.1:${port}/ws`);
    expect(c.welcome.symbols).toEqual(expect.arrayContaining(["AAPL", "BTC-USD"]));
    c.subscribe(["AAPL"]);
    const snap = await c.next("snapshot");
    expect(snap.seq).toBeGreaterThan(0);
    c.close();
  });

  it("refuses to start on the JS fallback of uWebSockets.js", async () => {
    const { out } = runMain({ UWS_USE_FALLBACK: "1" });
    await waitFor(() => out.exit !== undefined, "the process to exit", 15_000);
    expect(out.exit).toBe(1);
    expect(out.stderr).toMatch(/native binding is not in use: UWS_USE_FALLBACK is set/);
    expect(out.stderr).toMatch(/unset UWS_USE_FALLBACK/);
    expect(out.stdout).not.toMatch(/listening/);
  });

  it.each(["SIGTERM", "SIGINT", "SIGHUP", "SIGUSR2"] as const)("on %s closes every client with 1001, logs it and exits 0 within 2 s", async (signal) => {
    const { child, out } = runMain({ FEED_SYMBOLS: "AAPL", FEED_TICK_RATE: "50" });
    const line = await waitFor(() => out.stdout.split("\n").find((l) => l.includes("feed server listening")), "the listening log line", 15_000);
    const port = (JSON.parse(line) as { port: number }).port;
    const a = await TestClient.connect(`ws://127.0.0.1:${port}/ws`);
    const b = await TestClient.connect(`ws://127.0.0.1:${port}/ws`);
    a.subscribe(["AAPL"]);
    await a.next("tick");
    const sent = Date.now();
    child.kill(signal);
    const [ca, cb] = await Promise.all([a.waitForClose(), b.waitForClose()]);
    expect(ca).toEqual({ code: 1001, reason: "Server shutting down" });
    expect(cb.code).toBe(1001);
    await waitFor(() => out.exit !== undefined, "the process to exit", 3000);
    expect(out.exit).toBe(0);
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(out.stdout).toContain(`"signal":"${signal}"`);
    // Nothing listens any more.
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it("exits 1 naming the port when another feed server already listens on it", async () => {
    // An explicit port, as operators use: uSockets shares explicit ports (SO_REUSEPORT) unless told not to.
    const port = await freePort();
    const first = runMain({ FEED_SYMBOLS: "AAPL", FEED_PORT: String(port) });
    await waitFor(() => first.out.stdout.includes("feed server listening"), "the first server's listening line", 15_000);
    const second = runMain({ FEED_SYMBOLS: "AAPL", FEED_PORT: String(port) });
    await waitFor(() => second.out.exit !== undefined, "the second server to exit", 15_000);
    expect(second.out.exit).toBe(1);
    expect(second.out.stderr).toContain(`127.0.0.1:${port}`);
    expect(second.out.stderr).toMatch(/already in use/);
    expect(second.out.stdout).not.toMatch(/listening/);
    // The first server is untouched.
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBeLessThan(600);
    expect(first.out.exit).toBeUndefined();
  });
});
