import { describe, expect, it } from "vitest";
import { signFeedToken } from "../lib/feedToken";
import { FakeClock } from "./testing/fakeClock";
import { ManualSource } from "./testing/manualSource";
import { useHarness } from "./testing/harness";
import type { RunningServer } from "./testing/startServer";
import { tryUpgrade } from "./testing/tryUpgrade";

const SECRET = "feed-secret-for-tests-0123456789abcdef";
const h = useHarness();
let running: RunningServer | undefined;

const connect = (url: string, origin?: string) => h.connect(url, origin ? { origin } : undefined);

/** Connects and waits for the server to close the socket (welcome never comes). */
async function closedWith(url: string, origin?: string) {
  const c = new (await import("ws")).default(url, origin ? { origin } : undefined);
  return new Promise<{ code: number; reason: string }>((resolve) =>
    c.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

describe("FEED_ALLOWED_ORIGINS", () => {
  it("refuses other origins and a missing Origin with 403 before the upgrade", async () => {
    running = await h.start({ FEED_ALLOWED_ORIGINS: "https://good.example,http://localhost:3000" }, { source: new ManualSource({ AAPL: 1 }) });
    const bad = await tryUpgrade(running.wsUrl, { Origin: "https://evil.example" });
    expect(bad).toMatchObject({ refused: 403 });
    expect("body" in bad && bad.body).toMatch(/evil\.example is not allowed/);
    expect(await tryUpgrade(running.wsUrl)).toMatchObject({ refused: 403 });
    const good = await connect(running.wsUrl, "http://localhost:3000");
    expect(good.welcome.protocol).toBe(1);
    const metrics = await (await fetch(`${running.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^tickwire_refused_upgrades_total\{status="403"\} 2$/m);
  });
});

describe("FEED_AUTH_SECRET", () => {
  async function setup() {
    const clock = new FakeClock();
    const source = new ManualSource({ AAPL: 100, MSFT: 400 });
    running = await h.start({ FEED_AUTH_SECRET: SECRET }, { source, now: clock.now, timers: clock });
    const token = (opts: Parameters<typeof signFeedToken>[1]) => signFeedToken(SECRET, { now: clock.now, ...opts });
    return { clock, source, token, url: running.wsUrl };
  }

  it("closes with 4401 and a reason when the token is missing, bad or expired", async () => {
    const { url, token, clock } = await setup();
    expect(await closedWith(url)).toEqual({ code: 4401, reason: "Unauthorized: token missing" });
    expect(await closedWith(`${url}?token=garbage`)).toEqual({ code: 4401, reason: "Unauthorized: token malformed" });
    const forged = await signFeedToken("some-other-secret-0123456789abcdefghij", { ttlSeconds: 60, now: clock.now });
    expect(await closedWith(`${url}?token=${forged}`)).toEqual({ code: 4401, reason: "Unauthorized: token signature invalid" });
    const old = await token({ ttlSeconds: 60 });
    clock.time += 61_000;
    expect(await closedWith(`${url}?token=${old}`)).toEqual({ code: 4401, reason: "Unauthorized: token expired" });
  });

  it("limits subscriptions to the token's symbols with UNAUTHORIZED", async () => {
    const { url, token, source } = await setup();
    const c = await connect(`${url}?token=${await token({ ttlSeconds: 600, symbols: ["AAPL"] })}`);
    c.subscribe(["AAPL", "MSFT"]);
    const err = await c.next("error");
    expect(err).toMatchObject({ code: "UNAUTHORIZED", symbol: "MSFT" });
    await c.next("snapshot", (s) => s.symbol === "AAPL");
    source.emit("AAPL");
    await c.next("tick");
    expect(c.snapshots("MSFT")).toHaveLength(0);
  });

  it("binds a token to its origin", async () => {
    const { url, token } = await setup();
    const bound = await token({ ttlSeconds: 600, origin: "https://site.example" });
    expect(await closedWith(`${url}?token=${bound}`, "https://other.example")).toEqual({
      code: 4401,
      reason: "Unauthorized: token is bound to another origin",
    });
    const c = await connect(`${url}?token=${bound}`, "https://site.example");
    expect(c.welcome.protocol).toBe(1);
  });

  it("closes with 4401 when the token expires during the connection; a new token resumes with no gap", async () => {
    const { url, token, source, clock } = await setup();
    const c = await connect(`${url}?token=${await token({ ttlSeconds: 30 })}`);
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    source.emitMany("AAPL", 5);
    await c.next("tick", (t) => t.seq === 5);
    clock.advance(29_000);
    expect(c.closed).toBeUndefined();
    clock.advance(1_000);
    expect(await c.waitForClose()).toEqual({ code: 4401, reason: "Unauthorized: token expired" });
    source.emitMany("AAPL", 3);
    const again = await connect(`${url}?token=${await token({ ttlSeconds: 30 })}`);
    again.subscribe(["AAPL"], { epoch: c.welcome.epoch, since: { AAPL: 5 } });
    const snap = await again.next("snapshot");
    expect(snap.resumed).toBe(true);
    expect(snap.ticks.map((t) => t.seq)).toEqual([6, 7, 8]);
  });
});

describe("FEED_MAX_CONN_PER_IP", () => {
  it("refuses connections past the rate with 429 until the window passes, without touching open ones", async () => {
    const clock = new FakeClock();
    const source = new ManualSource({ AAPL: 100 });
    running = await h.start({ FEED_MAX_CONN_PER_IP: "3" }, { source, now: clock.now, timers: clock });
    const open = [await connect(running.wsUrl), await connect(running.wsUrl), await connect(running.wsUrl)];
    open[0]!.subscribe(["AAPL"]);
    await open[0]!.next("snapshot");
    const refused = await tryUpgrade(running.wsUrl);
    expect(refused).toMatchObject({ refused: 429 });
    source.emit("AAPL");
    await open[0]!.next("tick");
    clock.advance(10_000);
    const later = await connect(running.wsUrl);
    expect(later.welcome.protocol).toBe(1);
    expect(open.every((c) => c.closed === undefined)).toBe(true);
  });
});
