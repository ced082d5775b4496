/**
 * Connection churn: connect, subscribe to three symbols, get their snapshots, leave (half the
 * time with a close handshake, half by dropping TCP), over and over. Afterwards the server must
 * hold no leftover connection; RSS before and after show whether memory is given back.
 */
import WebSocket from "ws";
import { waitFor } from "../../lib/testing/waitFor";
import { pool } from "../rawSocket";
import type { Scenario } from "../types";
import { feedScenario } from "./harness";

const SYMBOLS = ["AMZN", "TSLA", "ETH-USD"];

function cycle(url: string, graceful: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    let snapshots = 0;
    const timer = setTimeout(() => finish(false), 10_000);
    function finish(ok: boolean) {
      clearTimeout(timer);
      if (graceful && ws.readyState === WebSocket.OPEN) ws.close(1000);
      else ws.terminate();
      resolve(ok);
    }
    ws.on("message", (data) => {
      const text = data.toString();
      if (text.startsWith('{"type":"welcome"')) ws.send(JSON.stringify({ op: "subscribe", symbols: SYMBOLS }));
      else if (text.startsWith('{"type":"snapshot"') && ++snapshots === SYMBOLS.length) finish(true);
    });
    ws.on("error", () => finish(false));
  });
}

async function openConnections(httpUrl: string): Promise<number> {
  const body: unknown = await (await fetch(`${httpUrl}/health`)).json();
  const n = typeof body === "object" && body !== null ? (body as Record<string, unknown>).connections : undefined;
  return typeof n === "number" ? n : NaN;
}

export const churn: Scenario = (ctx) =>
  feedScenario(
    ctx,
    {
      id: "churn",
      title: "Connection churn",
      unit: "cycles",
      expectation: "every cycle gets its snapshots, and afterwards only the well-behaved client's connection remains open",
    },
    {},
    async ({ feed, out }) => {
      let failed = 0;
      await pool(ctx.scale.churnCycles, 20, async (i) => {
        if (!(await cycle(feed.wsUrl, i % 2 === 0))) failed++;
        out.count++;
      });
      if (failed > 0) out.failures.push(`${failed} of ${out.count} cycles did not get their snapshots`);
      try {
        await waitFor(async () => (await openConnections(feed.httpUrl)) <= 1, "the server to count only the well-behaved client", 10_000, 100);
      } catch {
        out.failures.push(`connections left open after churn: ${(await openConnections(feed.httpUrl)) - 1}`);
      }
    },
  );
