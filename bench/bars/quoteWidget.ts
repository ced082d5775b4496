/**
 * What a conflated bar subscription saves a quote widget: the same clients watch the same
 * symbols at 50 ticks/s each, once subscribed to ticks and once to `bars:"1d"`, against a real
 * feed server in a child process. Bytes are counted at the clients; server CPU is read from
 * /proc, minus the server's CPU with no client at all (the simulator itself).
 */
import { spawn } from "node:child_process";
import WebSocket from "ws";
import { waitFor } from "../../lib/testing/waitFor";
import { freePort } from "../../feed-server/testing/freePort";
import { cpuBetween, cpuSample } from "../orchestrator/procfs";

export interface WidgetPhase {
  mode: "idle" | "ticks" | "bars:1d";
  /** Frames and bytes per second per client. */
  framesPerClient: number;
  bytesPerClient: number;
  /** Server CPU ms per wall second, above the idle server. */
  serverCpuMsPerS: number;
}

export interface WidgetResult {
  clients: number;
  symbols: number;
  ticksPerSymbol: number;
  seconds: number;
  phases: WidgetPhase[];
}

const SYMBOLS = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "SPY", "QQQ", "BTC-USD"];

export async function measureQuoteWidget(clients = 100, seconds = 8, ticksPerSymbol = 50): Promise<WidgetResult> {
  const port = await freePort();
  const server = spawn(process.execPath, ["--import", "tsx", "feed-server/main.ts"], {
    env: { ...process.env, FEED_PORT: String(port), FEED_HOST: "127.0.0.1", FEED_SYMBOLS: SYMBOLS.join(","), FEED_TICK_RATE: String(ticksPerSymbol), FEED_SEED: "1", FEED_SIM_BACKFILL: "0", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.ok, "the feed server to answer /health", 30_000, 100);
    const pid = server.pid as number;
    const window = async () => {
      const a = cpuSample(pid);
      await new Promise((r) => setTimeout(r, seconds * 1000));
      return cpuBetween(a, cpuSample(pid));
    };
    const idle = await window();
    const idleMsPerS = idle.totalMs / seconds;
    const phases: WidgetPhase[] = [{ mode: "idle", framesPerClient: 0, bytesPerClient: 0, serverCpuMsPerS: 0 }];
    for (const mode of ["ticks", "bars:1d"] as const) {
      const counts = { frames: 0, bytes: 0 };
      const sockets: WebSocket[] = [];
      for (let i = 0; i < clients; i++) {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
        await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
        ws.send(JSON.stringify({ op: "subscribe", symbols: SYMBOLS, ...(mode === "bars:1d" ? { bars: "1d" } : {}) }));
        sockets.push(ws);
      }
      await new Promise((r) => setTimeout(r, 1000)); // snapshots arrive and are left out of the count
      for (const ws of sockets) {
        ws.on("message", (data: Buffer) => {
          counts.frames++;
          counts.bytes += data.length;
        });
      }
      const cpu = await window();
      for (const ws of sockets) ws.terminate();
      phases.push({
        mode,
        framesPerClient: counts.frames / clients / seconds,
        bytesPerClient: counts.bytes / clients / seconds,
        serverCpuMsPerS: cpu.totalMs / seconds - idleMsPerS,
      });
      await new Promise((r) => setTimeout(r, 500));
    }
    return { clients, symbols: SYMBOLS.length, ticksPerSymbol, seconds, phases };
  } finally {
    server.kill("SIGTERM");
  }
}
