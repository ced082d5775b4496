/**
 * Slow consumers: clients subscribe to every symbol of a fast feed and stop reading. The server
 * must close each one with 4008 once its send buffer passes FEED_MAX_BACKPRESSURE, keep its own
 * memory bounded, and keep every tick flowing to the client that does read.
 */
import { Opcode } from "../../bench/client/frames";
import { waitFor } from "../../lib/testing/waitFor";
import { frame, RawConnection } from "../rawSocket";
import type { Scenario } from "../types";
import { feedScenario } from "./harness";

const MAX_BACKPRESSURE = 64 * 1024;
const RESYNCS = 5;

async function slowDisconnects(httpUrl: string): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("tickwire_slow_consumer_disconnects_total "));
  return line ? Number(line.split(" ")[1]) : 0;
}

export const slowConsumers: Scenario = (ctx) =>
  feedScenario(
    ctx,
    {
      id: "slow-consumers",
      title: "Slow consumers",
      unit: "clients",
      expectation: `each client that stops reading is closed with 4008 once over FEED_MAX_BACKPRESSURE (${MAX_BACKPRESSURE / 1024} KiB here), server RSS stays bounded`,
    },
    // 36 symbols × 100 ticks/s, and five snapshots of all of them (a resync each, about 2 MB):
    // a stalled client's backlog passes the kernel's loopback buffers within seconds.
    { env: { FEED_TICK_RATE: "100", FEED_MAX_BACKPRESSURE: String(MAX_BACKPRESSURE) } },
    async ({ feed, out }) => {
      const n = ctx.scale.slowClients;
      const welcome = await fetch(`${feed.httpUrl}/symbols`).then((r) => r.json() as Promise<unknown>);
      const symbols = Array.isArray(welcome) ? (welcome as { symbol?: unknown }[]).map((s) => s.symbol).filter((s): s is string => typeof s === "string") : [];
      const clients = await Promise.all(Array.from({ length: n }, () => RawConnection.upgraded(feed.port)));
      let peakRssKiB = feed.rssKiB() ?? 0;
      for (const c of clients) {
        c.socket.pause();
        for (let i = 0; i < RESYNCS; i++) c.write(frame({ opcode: Opcode.TEXT, payload: JSON.stringify({ op: "subscribe", symbols }) }));
      }
      out.count = n;
      const limitMs = ctx.mode === "quick" ? 30_000 : 60_000;
      const t0 = performance.now();
      try {
        await waitFor(
          async () => {
            peakRssKiB = Math.max(peakRssKiB, feed.rssKiB() ?? 0);
            return (await slowDisconnects(feed.httpUrl)) >= n;
          },
          "every slow client to be disconnected",
          limitMs,
          200,
        );
        out.notes.push(`all ${n} closed by the server within ${((performance.now() - t0) / 1000).toFixed(1)} s; server RSS peak ${Math.round(peakRssKiB / 1024)} MiB`);
      } catch {
        out.failures.push(`only ${await slowDisconnects(feed.httpUrl)} of ${n} slow clients disconnected within ${limitMs / 1000} s`);
      }
      // Read what is left: the last frame should be the 4008 close.
      let with4008 = 0;
      for (const c of clients) {
        c.socket.resume();
        await c.closedWithin(3_000);
        if (c.last.includes(Buffer.from([0x0f, 0xa8]))) with4008++;
        c.destroy();
      }
      out.notes.push(`${with4008} of ${n} slow clients found a 4008 close frame when they read again`);
    },
  );
