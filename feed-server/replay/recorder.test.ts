/** The recorder against real feed servers: round trip, resume after a drop, and refusing to leave a hole. */
import { mkdtempSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { TickPoint } from "../../lib/protocol";
import { waitFor } from "../../lib/testing/waitFor";
import { ManualSource } from "../testing/manualSource";
import { startServer, type RunningServer } from "../testing/startServer";
import { loadReplayFile } from "./replayFile";
import { record, RecordError, type RecorderEvent, type Recording } from "./recorder";

const dir = mkdtempSync(join(tmpdir(), "tickwire-record-"));
let running: RunningServer | undefined;
let recording: Recording | undefined;
afterEach(async () => {
  recording?.stop();
  await recording?.done.catch(() => undefined);
  recording = undefined;
  await running?.server.stop();
  running = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
const outFile = () => join(dir, `rec-${counter++}.ndjson`);

/** A `ws` WebSocket whose instances the test can reach, to cut the connection like a network would. */
function droppable() {
  const sockets: WebSocket[] = [];
  class Tracked extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  return { sockets, WebSocket: Tracked as typeof WebSocket };
}

const T0 = 1_764_095_000_000;
const frame = (message: object) => JSON.stringify(message);
const feeds: WebSocketServer[] = [];
afterEach(async () => {
  for (const wss of feeds.splice(0)) await new Promise((resolve) => wss.close(resolve));
});

/**
 * A scripted feed server: welcomes each connection (numbered from 1) with `symbols` and the given
 * epoch, records every frame it receives, and answers each subscribe with `onSubscribe`.
 */
async function fakeFeed(
  onSubscribe: (ws: WebSocket, connection: number) => void,
  epochOf: (connection: number) => string = () => "epoch-1",
  symbols = ["AAPL"],
) {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  feeds.push(wss);
  await new Promise((resolve) => wss.once("listening", resolve));
  const received: unknown[] = [];
  let connections = 0;
  wss.on("connection", (ws) => {
    const n = ++connections;
    ws.send(frame({ type: "welcome", protocol: 1, server: "fake", epoch: epochOf(n), symbols, time: T0 }));
    ws.on("message", (data) => {
      const message = JSON.parse(data.toString()) as { op: string };
      received.push(message);
      if (message.op === "subscribe") onSubscribe(ws, n);
    });
  });
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`, received };
}

describe("record", () => {
  it("round trip: what it records from the simulator is what the server sent, and loads as a replay", async () => {
    running = await startServer({ FEED_SYMBOLS: "AAPL,MSFT,BTC-USD", FEED_TICK_RATE: "300", FEED_SEED: "7", FEED_HISTORY: "5000" });
    const out = outFile();
    recording = record({ url: running.wsUrl, out, symbols: ["AAPL", "BTC-USD"], durationMs: 1000 });
    const summary = await recording.done;
    expect(summary).toMatchObject({ out, stoppedBy: "duration", gaps: 0, reconnects: 0 });
    expect(summary.durationMs).toBeGreaterThanOrEqual(1000);

    const ticks = loadReplayFile(out);
    expect(ticks).toHaveLength(summary.total);
    expect(summary.total).toBeGreaterThan(300);
    expect(Object.keys(summary.perSymbol).sort()).toEqual(["AAPL", "BTC-USD"]);
    for (const symbol of ["AAPL", "BTC-USD"]) {
      const recorded = ticks.filter((t) => t.symbol === symbol).map(({ price, size, ts }) => ({ price, size, ts }));
      expect(recorded).toHaveLength(summary.perSymbol[symbol]!);
      // The recording is one unbroken run of the server's own history: nothing skipped, nothing invented.
      const body = (await (await fetch(`${running.httpUrl}/history/${symbol}?limit=5000`)).json()) as { ticks: TickPoint[] };
      const history = body.ticks.map(({ price, size, ts }) => ({ price, size, ts }));
      const start = history.findIndex((h) => h.ts === recorded[0]!.ts && h.price === recorded[0]!.price);
      expect(start).toBeGreaterThan(-1);
      expect(history.slice(start, start + recorded.length)).toEqual(recorded);
    }
  });

  it("records every symbol of the welcome by default, and stop() ends it cleanly", async () => {
    const source = new ManualSource({ AAPL: 100, MSFT: 400 });
    running = await startServer({}, { source });
    const out = outFile();
    const events: RecorderEvent[] = [];
    recording = record({ url: running.wsUrl, out, durationMs: 60_000, onEvent: (e) => events.push(e) });
    await waitFor(() => events.some((e) => e.type === "recording"), "the recorder to subscribe");
    expect(events.find((e) => e.type === "recording")).toEqual({ type: "recording", symbols: ["AAPL", "MSFT"] });
    source.emit("AAPL", 101);
    source.emit("MSFT", 401);
    await waitFor(() => recording!.progress.total === 2, "both ticks to arrive");
    recording.stop();
    expect(await recording.done).toMatchObject({ stoppedBy: "stop", total: 2, perSymbol: { AAPL: 1, MSFT: 1 } });
    expect(loadReplayFile(out).map((t) => [t.symbol, t.price])).toEqual([
      ["AAPL", 101],
      ["MSFT", 401],
    ]);
  });

  it("resumes with epoch and since after a dropped connection, leaving no hole", async () => {
    const source = new ManualSource({ AAPL: 100, MSFT: 400 });
    running = await startServer({ FEED_HISTORY: "100" }, { source });
    const { sockets, WebSocket: Ws } = droppable();
    const events: RecorderEvent[] = [];
    recording = record({ url: running.wsUrl, out: outFile(), durationMs: 60_000, WebSocket: Ws, onEvent: (e) => events.push(e) });
    const subscribed = () => events.filter((e) => e.type === "recording").length;
    await waitFor(() => subscribed() === 1, "the recorder to subscribe");
    for (let i = 0; i < 5; i++) source.emit("AAPL", 100 + i);
    await waitFor(() => recording!.progress.total === 5, "the first ticks");

    sockets[0]!.terminate(); // as a network drop: no close frame
    // These are sent while the recorder is away; it must get them back through resume.
    for (let i = 0; i < 5; i++) source.emit("MSFT", 400 + i);
    for (let i = 5; i < 8; i++) source.emit("AAPL", 100 + i);
    await waitFor(() => subscribed() === 2, "the recorder to resume");
    source.emit("AAPL", 108);
    await waitFor(() => recording!.progress.total === 14, "all 14 ticks");
    recording.stop();

    const summary = await recording.done;
    expect(summary).toMatchObject({ reconnects: 1, gaps: 0, perSymbol: { AAPL: 9, MSFT: 5 } });
    expect(events.find((e) => e.type === "connected" && e.resuming)).toBeDefined();
    const ticks = loadReplayFile(summary.out);
    expect(ticks.filter((t) => t.symbol === "AAPL").map((t) => t.price)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108]);
    expect(ticks.filter((t) => t.symbol === "MSFT").map((t) => t.price)).toEqual([400, 401, 402, 403, 404]);
  });

  it("fails, keeping what it has, when the server no longer holds the missed ticks", async () => {
    const source = new ManualSource({ AAPL: 100 });
    running = await startServer({ FEED_HISTORY: "10" }, { source });
    const { sockets, WebSocket: Ws } = droppable();
    const out = outFile();
    const events: RecorderEvent[] = [];
    recording = record({ url: running.wsUrl, out, durationMs: 60_000, WebSocket: Ws, onEvent: (e) => events.push(e) });
    await waitFor(() => events.some((e) => e.type === "recording"), "the recorder to subscribe");
    source.emitMany("AAPL", 3);
    await waitFor(() => recording!.progress.total === 3, "the first ticks");
    sockets[0]!.terminate();
    source.emitMany("AAPL", 30); // more than FEED_HISTORY while away

    const err = await recording.done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RecordError);
    expect((err as RecordError).message).toBe(
      "cannot resume AAPL after seq 3: the server no longer holds the ticks in between, so the recording would have a hole",
    );
    expect((err as RecordError).summary.total).toBe(3);
    expect(loadReplayFile(out)).toHaveLength(3);
  });

  it("fails when the server restarted its numbering while it was away", async () => {
    // Each connection gets a new epoch, as a restarted feed server would give.
    const feed = await fakeFeed((ws, n) => {
      ws.send(frame({ type: "snapshot", symbol: "AAPL", seq: 7, resumed: false, open: 100, ticks: [] }));
      ws.send(frame({ type: "tick", symbol: "AAPL", seq: 8, price: 101, size: 1, ts: T0 }));
      if (n === 1) ws.close(1001, "going away"); // after the frames above, unlike terminate()
    }, (n) => `epoch-${n}`);
    const out = outFile();
    recording = record({ url: feed.url, out, durationMs: 60_000 });
    await expect(recording.done).rejects.toThrow("cannot resume: the server restarted its numbering (epoch epoch-1 became epoch-2), so ticks in between are lost");
    expect(feed.received).toEqual([{ op: "subscribe", symbols: ["AAPL"] }]);
    expect(loadReplayFile(out).map((t) => t.price)).toEqual([101]);
  });

  it("cuts a connection that went silent, pinging first, and resumes from the last seq", async () => {
    const feed = await fakeFeed((ws, n) => {
      if (n === 1) {
        ws.send(frame({ type: "snapshot", symbol: "AAPL", seq: 7, resumed: false, open: 100, ticks: [] }));
        ws.send(frame({ type: "tick", symbol: "AAPL", seq: 8, price: 101, size: 1, ts: T0 }));
        return; // then silence: pings go unanswered, nothing closes
      }
      const ticks = [9, 10].map((seq) => ({ seq, price: 100 + seq - 7, size: 1, ts: T0 + seq }));
      ws.send(frame({ type: "snapshot", symbol: "AAPL", seq: 10, resumed: true, open: 100, ticks }));
    });
    const events: RecorderEvent[] = [];
    const out = outFile();
    recording = record({ url: feed.url, out, durationMs: 60_000, watchdogMs: 200, onEvent: (e) => events.push(e) });
    await waitFor(() => events.filter((e) => e.type === "recording").length === 2, "the recorder to resume");
    recording.stop();
    expect(await recording.done).toMatchObject({ total: 3, gaps: 0, reconnects: 1 });
    expect(events).toContainEqual({ type: "disconnected", code: 1006, reason: "no frame from the server for 200 ms" });
    expect(feed.received.filter((m) => (m as { op: string }).op === "subscribe")).toEqual([
      { op: "subscribe", symbols: ["AAPL"] },
      { op: "subscribe", symbols: ["AAPL"], epoch: "epoch-1", since: { AAPL: 8 } },
    ]);
    expect(feed.received).toContainEqual({ op: "ping", id: 1 });
    expect(loadReplayFile(out).map((t) => t.price)).toEqual([101, 102, 103]);
  });

  it("keeps ticks of a resume that was cut before every snapshot arrived", async () => {
    const snapshot = (symbol: string, seq: number, resumed: boolean, ticks: number[] = []) =>
      frame({ type: "snapshot", symbol, seq, resumed, open: 100, ticks: ticks.map((s) => ({ seq: s, price: 100 + s, size: 1, ts: T0 + s })) });
    const feed = await fakeFeed(
      (ws, n) => {
        if (n === 1) {
          ws.send(snapshot("AAPL", 1, false));
          ws.send(snapshot("MSFT", 1, false));
          ws.close(1001, "going away");
        } else if (n === 2) {
          ws.send(snapshot("AAPL", 3, true, [2, 3])); // cut before MSFT's snapshot comes
          ws.close(1001, "going away");
        } else {
          ws.send(snapshot("AAPL", 3, true));
          ws.send(snapshot("MSFT", 2, true, [2]));
        }
      },
      () => "epoch-1",
      ["AAPL", "MSFT"],
    );
    const events: RecorderEvent[] = [];
    const out = outFile();
    recording = record({ url: feed.url, out, durationMs: 60_000, onEvent: (e) => events.push(e) });
    await waitFor(() => events.filter((e) => e.type === "recording").length === 2, "the second resume to complete");
    recording.stop();
    expect(await recording.done).toMatchObject({ perSymbol: { AAPL: 2, MSFT: 1 }, gaps: 0, reconnects: 2 });
    expect(feed.received.at(-1)).toEqual({ op: "subscribe", symbols: ["AAPL", "MSFT"], epoch: "epoch-1", since: { AAPL: 3, MSFT: 1 } });
    expect(loadReplayFile(out).map((t) => `${t.symbol}@${t.price}`)).toEqual(["AAPL@102", "MSFT@102", "AAPL@103"]);
  });

  it("fails with the reason when it cannot connect, cannot write or asks for a symbol not offered", async () => {
    const closed = await startServer({}, { source: new ManualSource({ AAPL: 100 }) });
    const url = closed.wsUrl;
    await closed.server.stop();
    await expect(record({ url, out: outFile(), durationMs: 1000 }).done).rejects.toThrow(/^cannot connect to ws:\/\/127\.0\.0\.1:\d+\/ws: .*ECONNREFUSED/);

    await expect(record({ url, out: join(dir, "no", "such", "dir.ndjson"), durationMs: 1000 }).done).rejects.toThrow(/^cannot open .*dir\.ndjson for writing: ENOENT/);

    running = await startServer({}, { source: new ManualSource({ AAPL: 100, MSFT: 400 }) });
    await expect(record({ url: running.wsUrl, out: outFile(), symbols: ["AAPL", "NOPE"], durationMs: 1000 }).done).rejects.toThrow(
      "the server does not offer NOPE (it offers AAPL, MSFT)",
    );
  });

  it("gives up after maxReconnects attempts in a row", async () => {
    const source = new ManualSource({ AAPL: 100 });
    running = await startServer({}, { source });
    const events: RecorderEvent[] = [];
    recording = record({ url: running.wsUrl, out: outFile(), durationMs: 60_000, maxReconnects: 2, onEvent: (e) => events.push(e) });
    await waitFor(() => events.some((e) => e.type === "recording"), "the recorder to subscribe");
    await running.server.stop();
    running = undefined;
    await expect(recording.done).rejects.toThrow(/^connection to ws:.* lost \(.*ECONNREFUSED.*\) and 2 reconnect attempts failed; the recording stops here$/);
    expect(events.filter((e) => e.type === "reconnecting").map((e) => e.type === "reconnecting" && e.delayMs)).toEqual([250, 500]);
    expect(readFileSync((await recording.done.catch((e: RecordError) => e.summary)).out, "utf8")).toBe("");
  });

  describe("on a full or read-only disk", () => {
    /** A disk with `capacity` bytes left: writes what fits (a short write), then fails with `code`. */
    function tinyDisk(capacity: number, code = "ENOSPC") {
      let left = capacity;
      return (fd: number, buffer: Buffer, offset: number, length: number): number => {
        if (left === 0) throw Object.assign(new Error(`${code}: simulated, write`), { code });
        const n = Math.min(left, length);
        left -= n;
        return writeSync(fd, buffer, offset, n);
      };
    }

    it("stops with a clear message on ENOSPC, keeping every complete line and no partial one", async () => {
      const source = new ManualSource({ AAPL: 100 });
      running = await startServer({}, { source });
      const out = outFile();
      const events: RecorderEvent[] = [];
      // Each line is about 55 bytes: two fit, the third is cut short.
      recording = record({ url: running.wsUrl, out, durationMs: 60_000, reorderWindowMs: 0, write: tinyDisk(140), onEvent: (e) => events.push(e) });
      await waitFor(() => events.some((e) => e.type === "recording"), "the recorder to subscribe");
      for (let i = 0; i < 5; i++) source.emit("AAPL", 101 + i, T0 + i);
      const err = (await recording.done.catch((e: unknown) => e)) as RecordError;
      expect(err).toBeInstanceOf(RecordError);
      expect(err.message).toMatch(new RegExp(`^disk full \\(ENOSPC\\) writing ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      expect(err.message).toMatch(/the file keeps the 2 complete ticks written before/);
      expect(err.summary.written).toBe(2);
      const text = readFileSync(out, "utf8");
      expect(text.endsWith("\n")).toBe(true);
      expect(loadReplayFile(out).map((t) => t.price)).toEqual([101, 102]);
    });

    it("stops with a clear message on EROFS before anything was written", async () => {
      const source = new ManualSource({ AAPL: 100 });
      running = await startServer({}, { source });
      const out = outFile();
      const events: RecorderEvent[] = [];
      recording = record({ url: running.wsUrl, out, durationMs: 60_000, reorderWindowMs: 0, write: tinyDisk(0, "EROFS"), onEvent: (e) => events.push(e) });
      await waitFor(() => events.some((e) => e.type === "recording"), "the recorder to subscribe");
      source.emit("AAPL", 101, T0);
      const err = (await recording.done.catch((e: unknown) => e)) as RecordError;
      expect(err.message).toMatch(/^read-only file system \(EROFS\) writing .*: the recording stops; the file keeps the 0 complete ticks/);
      expect(readFileSync(out, "utf8")).toBe("");
    });
  });
});
