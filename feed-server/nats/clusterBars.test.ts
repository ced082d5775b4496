/**
 * Bars in the cluster, on a real nats-server: the source (a seeded simulator with its past)
 * writes its bars to BARS, and edges mirror them, so source and edges serve identical bars,
 * prevClose and day stats, and an edge started later serves the full history once it has read
 * BARS (its /health says `bars.state: "live"`).
 */
import { describe, expect, it } from "vitest";
import type { Bar } from "../../lib/bars/types";
import type { BarMessage } from "../../lib/protocol";
import { waitFor } from "../../lib/testing/waitFor";
import { health, useNatsCluster, waitForEpoch, waitForOwner } from "./testing/cluster";

const cluster = useNatsCluster();

/** Two stocks keep the past small (crypto trades 24 h a day: four times the 1m bars). */
const SIM = { FEED_SYMBOLS: "AAPL,MSFT", FEED_TICK_RATE: "20" };
const INTERVALS = ["1s", "1m", "5m", "1h", "1d"] as const;

interface BarsReply {
  bars: (Bar & { partial?: boolean })[];
}

async function closedBars(httpUrl: string, symbol: string, interval: string): Promise<Bar[]> {
  const res = await fetch(`${httpUrl}/bars/${symbol}?interval=${interval}&limit=5000`);
  expect(res.status).toBe(200);
  const { bars } = (await res.json()) as BarsReply;
  return bars.filter((b) => !b.partial);
}

/** The closed bars both hold up to the older of their newest (the newer one's lead is in flight). */
function common(a: Bar[], b: Bar[]): [Bar[], Bar[]] {
  const upTo = Math.min(a.at(-1)?.t ?? -Infinity, b.at(-1)?.t ?? -Infinity);
  return [a.filter((x) => x.t <= upTo), b.filter((x) => x.t <= upTo)];
}

/** How far an edge's newest closed bar may trail the source's: a flush (1 s) and the write, generously. */
const LEAD_MS = 5_000;

/** Waits until the edge's closed bars equal the source's (up to the newest both hold), for each interval. */
async function sameBars(source: string, edge: string, symbol: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const interval of INTERVALS) {
    let last = "";
    await waitFor(
      async () => {
        const atSource = await closedBars(source, symbol, interval);
        const atEdge = await closedBars(edge, symbol, interval);
        const [a, b] = common(atSource, atEdge);
        const behind = (atSource.at(-1)?.t ?? 0) - (atEdge.at(-1)?.t ?? 0);
        last = `source ${a.length} bars, edge ${b.length}, edge behind by ${behind} ms; first difference at ${a.findIndex((x, i) => JSON.stringify(x) !== JSON.stringify(b[i]))}`;
        counts[interval] = a.length;
        return a.length > 0 && behind <= LEAD_MS && JSON.stringify(a) === JSON.stringify(b);
      },
      `${symbol} ${interval} bars at ${edge} to equal the source's`,
      15_000,
      200,
    ).catch((err: unknown) => {
      throw new Error(`${(err as Error).message} (${last})`);
    });
  }
  return counts;
}

async function barsLive(httpUrl: string): Promise<void> {
  await waitFor(
    async () => ((await health(httpUrl)).source.bus as { bars?: { state?: string } | null }).bars?.state === "live",
    `the edge at ${httpUrl} to have read BARS`,
    20_000,
    50,
  );
}

/** Waits until the source has written everything it queued for BARS. */
async function barsWritten(httpUrl: string): Promise<void> {
  await waitFor(
    async () => {
      const bars = ((await health(httpUrl)).source.bus as { bars?: { pending: number; written: number } | null }).bars;
      return bars !== null && bars !== undefined && bars.written > 0 && bars.pending === 0;
    },
    "the source to write its bars to BARS",
    30_000,
    100,
  );
}

async function quote(httpUrl: string, symbol: string): Promise<{ prevClose: number | null; price: number; seq: number }> {
  return (await (await fetch(`${httpUrl}/quote/${symbol}`)).json()) as { prevClose: number | null; price: number; seq: number };
}

describe("bars in the cluster", () => {
  it("source and two edges serve identical bars and prevClose; an edge started later serves the full history", async () => {
    const c = cluster();
    const source = await c.startSource(SIM);
    const epoch = await waitForOwner(source.httpUrl);
    const [edgeA, edgeB] = await Promise.all([c.startEdge(), c.startEdge()]);
    await Promise.all([waitForEpoch(edgeA.httpUrl, epoch), waitForEpoch(edgeB.httpUrl, epoch)]);
    await Promise.all([barsLive(edgeA.httpUrl), barsLive(edgeB.httpUrl)]);
    // The edges were up before the source's past was in BARS: they take it in as it is written.
    await barsWritten(source.httpUrl);

    for (const edge of [edgeA, edgeB]) {
      const counts = await sameBars(source.httpUrl, edge.httpUrl, "AAPL");
      // The simulator's past: two years of trading days, five days of minutes.
      expect(counts["1d"]).toBeGreaterThan(450);
      expect(counts["1m"]).toBeGreaterThan(4 * 390);
      await sameBars(source.httpUrl, edge.httpUrl, "MSFT");
    }
    const prevClose = (await quote(source.httpUrl, "AAPL")).prevClose;
    expect(prevClose).toBeGreaterThan(0);
    expect((await quote(edgeA.httpUrl, "AAPL")).prevClose).toBe(prevClose);
    expect((await quote(edgeB.httpUrl, "AAPL")).prevClose).toBe(prevClose);
    // Nobody watches MSFT on edge A, so it holds no MSFT tick: its price is the newest bar's close.
    await waitFor(
      async () => {
        const q = await quote(edgeA.httpUrl, "MSFT");
        const newest = (await (await fetch(`${edgeA.httpUrl}/bars/MSFT?interval=1s&limit=1`)).json()) as BarsReply;
        return q.seq === 0 && q.price === newest.bars[0]?.c;
      },
      "the edge's MSFT quote to show the newest bar's close",
      5_000,
    );

    // A new edge: the whole history as soon as it has read the stream.
    const late = await c.startEdge();
    await barsLive(late.httpUrl);
    const atOnce = await closedBars(late.httpUrl, "AAPL", "1d");
    expect(atOnce.length).toBeGreaterThan(450);
    const counts = await sameBars(source.httpUrl, late.httpUrl, "AAPL");
    expect(counts["1m"]).toBeGreaterThan(4 * 390);
    expect((await quote(late.httpUrl, "AAPL")).prevClose).toBe(prevClose);
  });

  it("a standby that takes over loads BARS and continues the same bar series", async () => {
    const c = cluster();
    const first = await c.startSource(SIM);
    const epoch = await waitForOwner(first.httpUrl);
    const standby = await c.startSource(SIM);
    const edge = await c.startEdge();
    await waitForEpoch(edge.httpUrl, epoch);
    await barsWritten(first.httpUrl);
    const daily = await closedBars(first.httpUrl, "AAPL", "1d");
    const minutes = await closedBars(first.httpUrl, "AAPL", "1m");
    const { prevClose } = await quote(first.httpUrl, "AAPL");

    await first.server.stop(); // writes its open bars, then gives the lease up
    const next = await waitForOwner(standby.httpUrl);
    expect(next).not.toBe(epoch);
    // The new owner serves the old owner's bars (no past of its own) and goes on writing them.
    await barsWritten(standby.httpUrl);
    expect(await closedBars(standby.httpUrl, "AAPL", "1d")).toEqual(daily);
    const continued = await closedBars(standby.httpUrl, "AAPL", "1m");
    expect(continued.slice(0, minutes.length)).toEqual(minutes);
    expect((await quote(standby.httpUrl, "AAPL")).prevClose).toBe(prevClose);
    await waitForEpoch(edge.httpUrl, next);
    await sameBars(standby.httpUrl, edge.httpUrl, "AAPL");
  });

  it("a bar subscription through an edge gets the source's bars, updates, and resumes from a tick seq", async () => {
    const c = cluster();
    const source = await c.startSource(SIM);
    const epoch = await waitForOwner(source.httpUrl);
    const edge = await c.startEdge();
    await waitForEpoch(edge.httpUrl, epoch);
    await barsLive(edge.httpUrl);

    const a = await c.connect(edge.wsUrl);
    a.send({ op: "subscribe", symbols: ["AAPL"], bars: "1s" });
    const snap = await a.next("snapshot");
    expect(snap.interval).toBe("1s");
    // Two closed 1s bars that carry seqs of this epoch.
    const closed = () => a.messages.filter((m): m is BarMessage => m.type === "bar" && m.closed && m.seq > 0);
    await waitFor(() => closed().length >= 2, "two closed 1s bars with seqs through the edge", 10_000);
    const first = closed()[0]!;
    a.close();
    // Missed while away: at least one more closed bar.
    await waitFor(
      async () => (await closedBars(edge.httpUrl, "AAPL", "1s")).some((b) => b.t > closed().at(-1)!.bar.t),
      "a 1s bar closed after the client left",
      10_000,
    );
    const b = await c.connect(edge.wsUrl);
    b.send({ op: "subscribe", symbols: ["AAPL"], bars: "1s", epoch, since: { AAPL: first.seq } });
    const resumed = await b.next("snapshot");
    expect(resumed.resumed).toBe(true);
    // Exactly the bars after the one holding `since`, the first of them being the next closed one.
    const after = resumed.bars!;
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after[0]!.t).toBeGreaterThan(first.bar.t);
    const sourceBars = await closedBars(source.httpUrl, "AAPL", "1s");
    const atSource = sourceBars.find((x) => x.t === after[0]!.t);
    expect(after[0]).toEqual(atSource);
  });
});
