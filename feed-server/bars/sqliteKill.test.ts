/**
 * History survives a crash: a process appending bars to a SQLite store is killed with SIGKILL
 * mid-stream; reopened, the store has every bar appended before the last completed flush. What is
 * lost is bounded by the flush interval (FEED_BAR_FLUSH_MS): only appends after the last flush.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { waitFor } from "../../lib/testing/waitFor";
import { openSqliteBarStore } from "./sqliteBarStore";
import { APPENDS_PER_BAR, WRITER_T0 } from "./testing/sqliteWriter";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it("loses nothing flushed when the process is killed with SIGKILL mid-stream", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tickwire-kill-"));
  dirs.push(dir);
  const flushMs = 100;
  const child = spawn(process.execPath, ["--import", "tsx", "feed-server/bars/testing/sqliteWriter.ts", dir, String(flushMs)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  const flushed = () => [...out.matchAll(/flushed (\d+)\n/g)].map((m) => Number(m[1]));
  try {
    await waitFor(() => flushed().length >= 5, `five flushes from the writer (stdout: ${out.slice(-200)} stderr: ${err.slice(-500)})`, 30_000);
  } finally {
    child.kill("SIGKILL");
  }
  expect(await exited).toBe("SIGKILL");
  const lastFlushed = flushed().at(-1)!;
  expect(lastFlushed).toBeGreaterThan(0);
  expect(err).toBe("");

  const store = openSqliteBarStore({ dir, maxBars: { "1s": 1_000_000, "1m": 10, "5m": 10, "15m": 10, "1h": 10, "1d": 10 }, flushMs: 0 });
  try {
    const bars = await store.range("KILL", "1s", { from: 0, limit: 1_000_000 });
    const lastBar = Math.floor(lastFlushed / APPENDS_PER_BAR);
    expect(bars.length).toBeGreaterThanOrEqual(lastBar + 1);
    // Every bar closed before the last flush is there in its final form, contiguous from the first.
    for (let k = 0; k < lastBar; k++) {
      const final = k * APPENDS_PER_BAR + APPENDS_PER_BAR - 1;
      expect(bars[k]).toEqual({ t: WRITER_T0 + k * 1000, o: 100, h: 100 + final, l: 100, c: 100 + final, v: final, n: final });
    }
    // The bar open at the last flush is there at least as far as that flush saw it.
    expect(bars[lastBar]!.n).toBeGreaterThanOrEqual(lastFlushed);
  } finally {
    await store.close();
  }
});
