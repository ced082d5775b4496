/**
 * Reconnect storm: thousands of clients, each on one symbol, all lose their connection at the
 * same moment and come back within a second (jittered, as real clients' backoff does), each
 * resuming with epoch + since. Every one must be resumed with no missing tick.
 */
import { openFileLimits } from "../../bench/orchestrator/procfs";
import { seededRandom } from "../../lib/random";
import { waitFor } from "../../lib/testing/waitFor";
import { pool } from "../rawSocket";
import { ResumingClient } from "../resumingClient";
import type { Scenario } from "../types";
import { feedScenario } from "./harness";

const SYMBOLS = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "JPM", "SPY", "QQQ", "BTC-USD", "ETH-USD"];
const RECONNECT_WITHIN_MS = 1_000;

export const storm: Scenario = (ctx) =>
  feedScenario(
    ctx,
    {
      id: "reconnect-storm",
      title: "Reconnect storm",
      unit: "clients",
      expectation: `all clients drop at once and reconnect within ${RECONNECT_WITHIN_MS / 1000} s; every one is back, resumed (resumed:true), with no missing tick`,
    },
    { env: { FEED_TICK_RATE: "2" } },
    async ({ feed, out }) => {
      const n = ctx.scale.stormClients;
      const { soft } = openFileLimits();
      if (soft < n + 1_000) throw new Error(`${n} clients need ${n + 1_000} open files, the limit is ${soft}: raise it (ulimit -n ${n + 1_000})`);
      const random = seededRandom(13);
      const clients = Array.from({ length: n }, (_, i) => new ResumingClient(feed.wsUrl, SYMBOLS[i % SYMBOLS.length]!));
      const deadlineMs = ctx.mode === "quick" ? 15_000 : 120_000;
      try {
        await pool(n, 200, async (i) => {
          clients[i]!.connect();
          await waitFor(() => clients[i]!.ready, `client ${i} to subscribe`, deadlineMs, 20);
        });
        out.count = n;
        // Let every symbol tick at least once more, so each client holds a seq to resume from.
        await new Promise((r) => setTimeout(r, 1_500));
        const t0 = performance.now();
        for (const c of clients) {
          c.drop();
          setTimeout(() => c.connect(), random() * RECONNECT_WITHIN_MS);
        }
        await waitFor(() => clients.every((c) => c.ready), "every client to be back and subscribed", deadlineMs, 50).catch(() => undefined);
        const back = clients.filter((c) => c.ready).length;
        const ms = Math.round(performance.now() - t0);
        const resumed = clients.filter((c) => c.books.resumed > 0).length;
        const lost = clients.reduce((a, c) => a + c.books.ticksLost, 0);
        const resets = clients.reduce((a, c) => a + c.books.epochResets, 0);
        const retries = clients.reduce((a, c) => a + c.failedAttempts, 0);
        if (back < n) out.failures.push(`${n - back} of ${n} clients not back within ${deadlineMs / 1000} s`);
        if (resumed < back) out.failures.push(`${back - resumed} clients got resumed:false`);
        if (lost > 0) out.failures.push(`storm clients lost ${lost} ticks`);
        if (resets > 0) out.failures.push(`${resets} storm clients saw a new epoch`);
        out.notes.push(`${back} of ${n} back in ${(ms / 1000).toFixed(1)} s, ${resumed} resumed, ${retries} failed attempts`);
      } finally {
        for (const c of clients) c.drop();
      }
    },
  );
