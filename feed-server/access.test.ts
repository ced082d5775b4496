import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { secretKey, signFeedToken } from "../lib/feedToken";
import { FakeClock } from "./testing/fakeClock";
import { ManualSource } from "./testing/manualSource";
import { useHarness } from "./testing/harness";
import type { RunningServer } from "./testing/startServer";
import type WebSocket from "ws";
import { waitFor } from "../lib/testing/waitFor";
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

describe("token lifetime and per-token connections (issue 13)", () => {
  const raw = (claims: Record<string, unknown>, iat: number | undefined, exp: number) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setExpirationTime(exp);
    if (iat !== undefined) jwt.setIssuedAt(iat);
    return jwt.sign(secretKey(SECRET));
  };

  it("refuses a token without iat, and one whose lifetime passes FEED_TOKEN_MAX_TTL_S (default 3600)", async () => {
    const clock = new FakeClock();
    running = await h.start({ FEED_AUTH_SECRET: SECRET }, { source: new ManualSource({ AAPL: 1 }), now: clock.now, timers: clock });
    const nowS = clock.now() / 1000;
    const year3000 = Date.UTC(3000, 0, 1) / 1000;
    expect(await closedWith(`${running.wsUrl}?token=${await raw({}, undefined, year3000)}`)).toEqual({
      code: 4401,
      reason: "Unauthorized: token claim iat missing or invalid",
    });
    expect(await closedWith(`${running.wsUrl}?token=${await raw({}, nowS, year3000)}`)).toEqual({
      code: 4401,
      reason: "Unauthorized: token lifetime exceeds 3600 s",
    });
    const hour = await connect(`${running.wsUrl}?token=${await raw({}, nowS, nowS + 3_600)}`);
    expect(hour.welcome.protocol).toBe(1);
  });

  it("honours FEED_TOKEN_MAX_TTL_S", async () => {
    const clock = new FakeClock();
    running = await h.start({ FEED_AUTH_SECRET: SECRET, FEED_TOKEN_MAX_TTL_S: "300" }, { source: new ManualSource({ AAPL: 1 }), now: clock.now, timers: clock });
    const nowS = clock.now() / 1000;
    expect(await closedWith(`${running.wsUrl}?token=${await raw({}, nowS, nowS + 301)}`)).toEqual({
      code: 4401,
      reason: "Unauthorized: token lifetime exceeds 300 s",
    });
  });

  it("lets one token (jti) hold at most 5 connections by default, and frees a slot when one closes", async () => {
    const clock = new FakeClock();
    const source = new ManualSource({ AAPL: 1 });
    running = await h.start({ FEED_AUTH_SECRET: SECRET }, { source, now: clock.now, timers: clock });
    const url = `${running.wsUrl}?token=${await signFeedToken(SECRET, { ttlSeconds: 300, jti: "widget-1", now: clock.now })}`;
    const open = [];
    for (let i = 0; i < 5; i++) open.push(await connect(url));
    expect(await closedWith(url)).toEqual({ code: 4429, reason: "Too many connections for this token (at most 5)" });
    // Another token is counted on its own.
    const other = await connect(`${running.wsUrl}?token=${await signFeedToken(SECRET, { ttlSeconds: 300, jti: "widget-2", now: clock.now })}`);
    expect(other.welcome.protocol).toBe(1);
    // The first five are untouched; closing one lets the token open one more.
    open[0]!.subscribe(["AAPL"]);
    await open[0]!.next("snapshot");
    open[1]!.close();
    await waitFor(async () => (await fetch(`${running!.httpUrl}/metrics`).then((r) => r.text())).match(/^tickwire_connections 5$/m), "5 open connections");
    const again = await connect(url);
    expect(again.welcome.protocol).toBe(1);
    expect(open.slice(2).every((c) => c.closed === undefined)).toBe(true);
  });

  it("counts a token without jti by the token itself, and FEED_MAX_CONN_PER_TOKEN=0 lifts the limit", async () => {
    const clock = new FakeClock();
    running = await h.start({ FEED_AUTH_SECRET: SECRET, FEED_MAX_CONN_PER_TOKEN: "2" }, { source: new ManualSource({ AAPL: 1 }), now: clock.now, timers: clock });
    const url = `${running.wsUrl}?token=${await signFeedToken(SECRET, { ttlSeconds: 300, now: clock.now })}`;
    await connect(url);
    await connect(url);
    expect(await closedWith(url)).toMatchObject({ code: 4429 });
    await running.server.stop();
    running = await h.start({ FEED_AUTH_SECRET: SECRET, FEED_MAX_CONN_PER_TOKEN: "0" }, { source: new ManualSource({ AAPL: 1 }), now: clock.now, timers: clock });
    const free = `${running.wsUrl}?token=${await signFeedToken(SECRET, { ttlSeconds: 300, jti: "x", now: clock.now })}`;
    for (let i = 0; i < 8; i++) expect((await connect(free)).welcome.protocol).toBe(1);
  });
});

describe("FEED_MAX_CONNECTIONS", () => {
  it("refuses upgrades past the total cap with 503 and admits again when a connection closes", async () => {
    running = await h.start({ FEED_MAX_CONNECTIONS: "3" }, { source: new ManualSource({ AAPL: 1 }) });
    const open = [await connect(running.wsUrl), await connect(running.wsUrl), await connect(running.wsUrl)];
    const refused = await tryUpgrade(running.wsUrl);
    expect(refused).toMatchObject({ refused: 503 });
    expect("body" in refused && refused.body).toMatch(/limit of 3 connections/);
    open[0]!.close();
    const later = await waitFor(async () => {
      const outcome = await tryUpgrade(running!.wsUrl);
      if ("opened" in outcome) return outcome.opened;
      return undefined;
    }, "a free slot after one client left");
    later.terminate();
    expect(open.slice(1).every((c) => c.closed === undefined)).toBe(true);
  });

  it("holds the cap when upgrades race through the async token check: the extras get 503 or 1013", async () => {
    const clock = new FakeClock();
    running = await h.start({ FEED_MAX_CONNECTIONS: "2", FEED_AUTH_SECRET: SECRET }, { source: new ManualSource({ AAPL: 1 }), now: clock.now, timers: clock });
    const url = `${running.wsUrl}?token=${await signFeedToken(SECRET, { ttlSeconds: 300, now: clock.now })}`;
    const WS = (await import("ws")).default;
    const sockets = Array.from({ length: 8 }, () => new WS(url));
    const outcomes = await Promise.all(
      sockets.map((socket) => {
        return new Promise<string>((resolve) => {
          socket.on("message", (data) => {
            if (String(data).includes('"welcome"')) resolve("welcome");
          });
          socket.on("unexpected-response", (_req, res) => resolve(`http ${res.statusCode}`));
          socket.on("close", (code) => resolve(`close ${code}`));
          socket.on("error", () => {});
        });
      }),
    );
    for (const socket of sockets) socket.terminate();
    expect(outcomes.filter((o) => o === "welcome")).toHaveLength(2);
    expect(outcomes.filter((o) => o !== "welcome").every((o) => o === "http 503" || o === "close 1013"), outcomes.join()).toBe(true);
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

  it("with FEED_TRUST_PROXY=1 counts the last X-Forwarded-For address, not the proxy's own", async () => {
    running = await h.start({ FEED_MAX_CONN_PER_IP: "2", FEED_TRUST_PROXY: "1" }, { source: new ManualSource({ AAPL: 1 }) });
    const via = (client: string) => ({ "X-Forwarded-For": `203.0.113.9, ${client}` });
    const opened: WebSocket[] = [];
    for (const client of ["198.51.100.1", "198.51.100.1", "198.51.100.2", "198.51.100.2"]) {
      const outcome = await tryUpgrade(running.wsUrl, via(client));
      expect(outcome, client).toHaveProperty("opened");
      if ("opened" in outcome) opened.push(outcome.opened);
    }
    expect(await tryUpgrade(running.wsUrl, via("198.51.100.1"))).toMatchObject({ refused: 429 });
    for (const socket of opened) socket.terminate();
  });

  it("without FEED_TRUST_PROXY ignores X-Forwarded-For, so a client cannot dodge the limit by forging it", async () => {
    running = await h.start({ FEED_MAX_CONN_PER_IP: "2" }, { source: new ManualSource({ AAPL: 1 }) });
    const opened: WebSocket[] = [];
    for (const forged of ["10.0.0.1", "10.0.0.2"]) {
      const outcome = await tryUpgrade(running.wsUrl, { "X-Forwarded-For": forged });
      if ("opened" in outcome) opened.push(outcome.opened);
    }
    expect(opened).toHaveLength(2);
    expect(await tryUpgrade(running.wsUrl, { "X-Forwarded-For": "10.0.0.3" })).toMatchObject({ refused: 429 });
    for (const socket of opened) socket.terminate();
  });
});
