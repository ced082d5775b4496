/** A recording played through a real feed server reaches a real WebSocket client tick for tick. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { SnapshotMessage } from "../../lib/protocol";
import { waitFor } from "../../lib/testing/waitFor";
import { startServer, type RunningServer } from "../testing/startServer";
import { TestClient } from "../testing/testClient";
import { realTimers } from "../tickSource";
import { loadReplayFile, type ReplayTick } from "./replayFile";
import { ReplaySource } from "./replaySource";

const dir = mkdtempSync(join(tmpdir(), "tickwire-replay-it-"));
let running: RunningServer | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await running?.server.stop();
  running = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SYMBOLS = ["AAPL", "MSFT", "BTC-USD"];
const PER_SYMBOL = 900;

function writeRecording(): string {
  const lines: string[] = [];
  for (let i = 0; i < PER_SYMBOL * SYMBOLS.length; i++) {
    const symbol = SYMBOLS[i % SYMBOLS.length]!;
    lines.push(JSON.stringify({ symbol, price: Number((100 + Math.sin(i) * 5).toFixed(2)), size: (i % 7) * 100, ts: 1_764_095_000_000 + i * 3 }));
  }
  const path = join(dir, "session.ndjson");
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

/** Prices of `symbol` from its snapshot on (history, then live ticks), with their seqs. */
function received(c: TestClient, symbol: string): { seq: number; price: number }[] {
  const start = c.messages.findIndex((m) => m.type === "snapshot" && m.symbol === symbol);
  if (start < 0) return [];
  const snap = c.messages[start] as SnapshotMessage;
  const live = c.messages.slice(start + 1).filter((m) => m.type === "tick" && m.symbol === symbol);
  return [...snap.ticks, ...live].map((t) => ({ seq: (t as { seq: number }).seq, price: (t as { price: number }).price }));
}

describe("replay through a real feed server", () => {
  it('delivers exactly the recorded ticks at "max", seqs 1..N per symbol', async () => {
    const file = writeRecording();
    const ticks: ReplayTick[] = loadReplayFile(file);
    // Most ticks should arrive live after the subscription; history covers any that came before it.
    const source = new ReplaySource({ ticks, speed: "max", loop: false, now: Date.now, timers: realTimers, file, startDelayMs: 200 });
    running = await startServer({ FEED_HISTORY: "1000", FEED_SNAPSHOT_TICKS: "1000" }, { source });
    const c = await TestClient.connect(running.wsUrl);
    clients.push(c);
    expect(c.welcome.symbols.sort()).toEqual([...SYMBOLS].sort());
    c.subscribe(SYMBOLS);

    await waitFor(() => SYMBOLS.every((s) => received(c, s).length === PER_SYMBOL), `${PER_SYMBOL} ticks of each symbol`, 10_000);
    for (const symbol of SYMBOLS) {
      const expected = ticks.filter((t) => t.symbol === symbol).map((t, i) => ({ seq: i + 1, price: t.price }));
      expect(received(c, symbol)).toEqual(expected);
    }
    expect(c.garbage).toEqual([]);

    const health = (await (await fetch(`${running.httpUrl}/health`)).json()) as { source: Record<string, unknown> };
    expect(health.source).toMatchObject({
      kind: "replay",
      state: "running",
      replay: { file, position: ticks.length, total: ticks.length, loops: 1, finished: true },
    });
  });
});
