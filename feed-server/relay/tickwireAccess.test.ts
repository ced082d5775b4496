/**
 * Audit defect 6: a chained relay must get past an upstream's access control, and when it cannot,
 * say why, back off far longer than for a dropped connection, and stop claiming to be healthy.
 * Real feed servers on both ends; a small local HTTP server plays the dashboard's /api/feed-token.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { signFeedToken } from "../../lib/feedToken";
import { waitFor } from "../../lib/testing/waitFor";
import { ManualSource } from "../testing/manualSource";
import { startServer, type RunningServer } from "../testing/startServer";
import { firstGap, TestClient } from "../testing/testClient";

const SECRET = "a-test-secret-that-is-at-least-32-bytes-long";
const servers: RunningServer[] = [];
const clients: TestClient[] = [];
const https: Server[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0).reverse()) await s.server.stop();
  for (const h of https.splice(0)) await new Promise((resolve) => h.close(resolve));
});

async function upstream(env: Record<string, string>) {
  const source = new ManualSource({ AAPL: 100, MSFT: 400 });
  const server = await startServer(env, { source });
  servers.push(server);
  return { source, server };
}

async function relay(env: Record<string, string>) {
  const server = await startServer({ FEED_SOURCE: "relay", FEED_RELAY: "tickwire", FEED_UPSTREAM_LINGER_MS: "100", ...env });
  servers.push(server);
  return server;
}

interface Health {
  status: string;
  reasons: string[];
  source: { upstream: { refused: { code: number; reason: string; retryInMs: number } | null } };
}
const health = async (s: RunningServer) => {
  const res = await fetch(`${s.httpUrl}/health`);
  return { httpStatus: res.status, body: (await res.json()) as Health };
};
const metric = async (s: RunningServer, pattern: RegExp) => Number(pattern.exec(await (await fetch(`${s.httpUrl}/metrics`)).text())?.[1] ?? 0);

/**
 * A token endpoint like the dashboard's: `{"token":...}`, logging the Origin of each request.
 * Requests for which `refuse(n)` is true (n counts from 1) are answered 403, as an endpoint that
 * checks Origin would.
 */
async function tokenEndpoint(ttlSeconds: number, refuse: (n: number) => boolean = () => false) {
  const origins: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    origins.push(req.headers.origin);
    if (refuse(origins.length)) {
      res.writeHead(403, { "Content-Type": "application/json" }).end(JSON.stringify({ error: "Forbidden", message: "origin not allowed" }));
      return;
    }
    void signFeedToken(SECRET, { ttlSeconds }).then((token) => {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ token }));
    });
  });
  https.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/feed-token`, origins };
}

describe("a chained relay and its upstream's access control", () => {
  it("sends FEED_UPSTREAM_ORIGIN, so an upstream with FEED_ALLOWED_ORIGINS lets it in", async () => {
    const up = await upstream({ FEED_ALLOWED_ORIGINS: "https://relay.example" });
    const r = await relay({ FEED_UPSTREAM_URL: up.server.wsUrl, FEED_UPSTREAM_ORIGIN: "https://relay.example" });
    await waitFor(() => r.server.epoch === up.server.server.epoch, "the relay to be welcomed upstream");
    expect((await health(r)).body.status).toBe("ok");
  });

  it("on 403 logs the upstream's reason, shows it in /health, and backs off far longer", async () => {
    const up = await upstream({ FEED_ALLOWED_ORIGINS: "https://other.example" });
    const r = await relay({ FEED_UPSTREAM_URL: up.server.wsUrl, FEED_UPSTREAM_ORIGIN: "https://relay.example" });
    const refused = await waitFor(async () => {
      const h = await health(r);
      return h.body.source.upstream.refused && h;
    }, "the relay's /health to show the refusal");
    expect(refused.body.status).toBe("degraded");
    expect(refused.body.reasons.join("\n")).toMatch(/^upstream refused: 403 .*origin/im);
    expect(refused.body.source.upstream.refused!.retryInMs).toBeGreaterThanOrEqual(15_000);
    expect(await metric(r, /tickwire_source_errors_total\{kind="upstream_refused"\} (\d+)/)).toBe(1);
    // A dropped connection is retried within 250 ms to 10 s; a refusal waits at least 15 s. Absence
    // of a retry can only be shown by waiting: one second is four first-retry windows.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await metric(up.server, /tickwire_refused_upgrades_total\{status="403"\} (\d+)/)).toBe(1);
  });

  it("on 4401 at connect (a static token that expired) shows the reason and backs off", async () => {
    const up = await upstream({ FEED_AUTH_SECRET: SECRET });
    const expired = await signFeedToken(SECRET, { ttlSeconds: 1, now: () => Date.now() - 60_000 });
    const r = await relay({ FEED_UPSTREAM_URL: up.server.wsUrl, FEED_UPSTREAM_TOKEN: expired });
    const refused = await waitFor(async () => {
      const h = await health(r);
      return h.body.source.upstream.refused && h;
    }, "the relay's /health to show the refusal");
    expect(refused.body.reasons).toContain("upstream refused: 4401 Unauthorized: token expired");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await metric(up.server, /tickwire_closes_total\{code="4401"\} (\d+)/)).toBe(0); // refused at open: never counted as a connection
    expect(await metric(r, /tickwire_source_errors_total\{kind="upstream_refused"\} (\d+)/)).toBe(1);
  });

  it("fetches a fresh token from FEED_UPSTREAM_TOKEN_URL before each connect, and clients lose no tick when one expires", async () => {
    const up = await upstream({ FEED_AUTH_SECRET: SECRET });
    const tokens = await tokenEndpoint(2);
    const r = await relay({ FEED_UPSTREAM_URL: up.server.wsUrl, FEED_UPSTREAM_TOKEN_URL: tokens.url, FEED_UPSTREAM_ORIGIN: "https://relay.example" });
    await waitFor(() => r.server.epoch === up.server.server.epoch, "the relay to be welcomed upstream");
    const c = await TestClient.connect(r.wsUrl);
    clients.push(c);
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    up.source.emitMany("AAPL", 5);
    await c.next("tick", (t) => t.seq === 5);
    // The token lives 2 s: the upstream closes the relay with 4401, the relay fetches a new one.
    await waitFor(() => tokens.origins.length >= 2, "a second token request", 10_000);
    expect(await metric(up.server, /tickwire_closes_total\{code="4401"\} (\d+)/)).toBeGreaterThanOrEqual(1); // it did expire
    up.source.emitMany("AAPL", 5);
    await c.next("tick", (t) => t.seq === 10, 0, 10_000);
    expect(firstGap(c.seqsSinceSnapshot("AAPL"))).toBeUndefined();
    expect(tokens.origins.every((o) => o === "https://relay.example")).toBe(true);
    expect(c.closed).toBeUndefined();
    expect((await health(r)).body.source.upstream.refused).toBeNull();
  });

  it("treats a 403 from the token URL as a refusal, then reconnects after the backoff and resumes with no missing tick", async () => {
    const up = await upstream({ FEED_AUTH_SECRET: SECRET });
    // First token lives 2 s; the request after it expires is refused; later ones succeed.
    const tokens = await tokenEndpoint(2, (n) => n === 2);
    const r = await relay({ FEED_UPSTREAM_URL: up.server.wsUrl, FEED_UPSTREAM_TOKEN_URL: tokens.url, FEED_UPSTREAM_REFUSED_BACKOFF_MS: "400" });
    await waitFor(() => r.server.epoch === up.server.server.epoch, "the relay to be welcomed upstream");
    const c = await TestClient.connect(r.wsUrl);
    clients.push(c);
    c.subscribe(["AAPL"]);
    await c.next("snapshot");
    up.source.emitMany("AAPL", 3);
    await c.next("tick", (t) => t.seq === 3);
    const refused = await waitFor(async () => {
      const h = await health(r);
      return h.body.source.upstream.refused && h;
    }, "the relay's /health to show the refusal", 10_000);
    expect(refused.body.reasons).toContain("upstream refused: 403 token URL: 403 Forbidden: origin not allowed");
    // First stale because the token expired ("upstream disconnected"), then with the refusal's reason.
    await c.next("status", (st) => st.state === "stale" && st.reason === "upstream refused: 403 token URL: 403 Forbidden: origin not allowed");
    up.source.emitMany("AAPL", 3); // while the relay waits out the refusal
    await waitFor(async () => (await health(r)).body.status === "ok", "the relay to be back and report ok", 10_000);
    up.source.emitMany("AAPL", 3);
    await c.next("tick", (t) => t.seq === 9, 0, 10_000);
    expect(firstGap(c.seqsSinceSnapshot("AAPL"))).toBeUndefined();
    expect(c.closed).toBeUndefined();
    expect(tokens.origins).toHaveLength(3);
  });
});
