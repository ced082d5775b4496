import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../lib/testing/waitFor";
import { connectBus } from "../nats/busConnection";
import { NatsServer } from "../nats/testing/natsServer";
import { bar, CONTRACT_MAX_BARS, describeBarStoreContract, series } from "./barStore.contract";
import { barSubject, openJetStreamBarStore, type JetStreamBarStore } from "./jetstreamBarStore";

let nats: NatsServer;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let places = 0;

beforeAll(async () => {
  nats = await NatsServer.start();
  nc = await connectBus({ servers: [nats.url], name: "bar-store-test", pingMs: 400 });
  js = jetstream(nc, { timeout: 2000 });
  jsm = await jetstreamManager(nc, { checkAPI: false, timeout: 2000 });
}, 30_000);
afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

/** A place is a stream of its own (BARS_T<n>, subjects t<n>.bars.>), so tests never share data. */
const placeOf = (place: string) => ({ stream: `BARS_T${place}`, subjectPrefix: `t${place}.bars` });
const openAt = (place: string, maxBars = CONTRACT_MAX_BARS, extra = {}) =>
  openJetStreamBarStore({ js, jsm, maxBars, flushMs: 0, timeoutMs: 2000, ...placeOf(place), ...extra });

describeBarStoreContract({
  name: "jetstream",
  persists: true,
  newPlace: async () => String(++places),
  open: (place, maxBars) => openAt(place, maxBars),
  removePlace: async (place) => void (await jsm.streams.delete(placeOf(place).stream).catch(() => false)),
});

describe("jetstream bar store", () => {
  const stores: JetStreamBarStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  });
  const open = async (place: string, maxBars = CONTRACT_MAX_BARS, extra = {}) => {
    const s = await openAt(place, maxBars, extra);
    stores.push(s);
    return s;
  };
  const T0 = 1_764_000_000_000;
  const all = { limit: 10_000 };

  it("stores one message per bar on bars.<SYMBOL>.<interval>, deleting a replaced open bar's message", async () => {
    const place = String(++places);
    const store = await open(place);
    for (const b of series(3, 60_000)) store.append("BRK.B", "1m", b);
    await store.flush();
    store.append("BRK.B", "1m", bar(T0 + 2 * 60_000, 150));
    await store.flush();
    const subject = `t${place}.bars.BRK.B.1m`;
    const info = await jsm.streams.info(store.stream, { subjects_filter: ">" });
    expect(info.state.subjects).toEqual({ [subject]: 3 });
    expect(info.config.max_msgs_per_subject).toBe(50);
    expect(await store.range("BRK.B", "1m", all)).toEqual([...series(2, 60_000), bar(T0 + 2 * 60_000, 150)]);
  });

  it("serves identical bars to every reader, including one opened later (a new edge)", async () => {
    const place = String(++places);
    const source = await open(place);
    for (const b of series(30, 1000)) source.append("AAPL", "1s", b);
    for (const b of series(30, 60_000)) source.append("AAPL", "1m", b);
    await source.flush();
    const edgeA = await open(place);
    const edgeB = await open(place);
    const a = await edgeA.range("AAPL", "1m", { limit: 500 });
    expect(a).toEqual(series(30, 60_000));
    expect(await edgeB.range("AAPL", "1m", { limit: 500 })).toEqual(a);
    expect(await edgeB.range("AAPL", "1s", all)).toEqual(series(30, 1000).slice(-5));
  });

  it("skips a message on a bar subject that is not a bar", async () => {
    const place = String(++places);
    const store = await open(place);
    store.append("AAPL", "1m", bar(T0));
    await store.flush();
    await js.publish(`t${place}.bars.AAPL.1m`, "not a bar");
    await js.publish(`t${place}.bars.AAPL.1m`, JSON.stringify({ t: T0 + 60_000, o: "1" }));
    const reader = await open(place);
    expect(await reader.range("AAPL", "1m", all)).toEqual([bar(T0)]);
  });

  it("refuses a symbol that cannot be a subject token", async () => {
    const store = await open(String(++places));
    expect(() => store.append("A..B", "1m", bar(T0))).toThrow(/cannot be a NATS subject token/);
    expect(barSubject("bars", "BTC-USD", "1d")).toBe("bars.BTC-USD.1d");
    expect(barSubject("bars", "X.", "1d")).toBeUndefined();
  });

  it("keeps bars queued and reports while NATS is down, and writes them once it is back", async () => {
    const place = String(++places);
    const errors: string[] = [];
    const store = await open(place, CONTRACT_MAX_BARS, { timeoutMs: 500, onWriteError: (e: Error) => errors.push(e.message) });
    store.append("AAPL", "1m", bar(T0));
    await store.flush();
    await nats.kill();
    store.append("AAPL", "1m", bar(T0 + 60_000));
    store.append("AAPL", "1m", bar(T0 + 120_000));
    await expect(store.flush()).rejects.toThrow(/2 bars not written/);
    expect(errors).toHaveLength(1);
    expect(store.stats()).toMatchObject({ pending: 2, failedFlushes: 1 });
    await nats.restart();
    // The client reconnects on its own; a flush succeeds once it has.
    await waitFor(() => store.flush().then(() => true, () => false), "a flush after NATS is back", 15_000, 100);
    expect(store.stats().pending).toBe(0);
    expect(await store.range("AAPL", "1m", all)).toEqual([bar(T0), bar(T0 + 60_000), bar(T0 + 120_000)]);
  }, 30_000);
});
