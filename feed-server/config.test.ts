import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("loadConfig", () => {
  it("has documented defaults", () => {
    const c = loadConfig({});
    expect(c.host).toBe("127.0.0.1");
    expect(c.port).toBe(9001);
    expect(c.tickRate).toBe(5);
    expect(c.history).toBe(1000);
    expect(c.maxSymbols).toBe(200);
    expect(c.maxBackpressure).toBe(1024 * 1024);
    expect(c.flushMs).toBe(16);
    expect(c.symbols).toBeUndefined();
    expect(c.source).toEqual({ kind: "sim" });
    expect(c.seed).toBeUndefined();
  });

  it("parses overrides", () => {
    const c = loadConfig({ FEED_PORT: "0", FEED_SYMBOLS: " aapl, msft ,AAPL", FEED_TICK_RATE: "2.5", FEED_SEED: "42" });
    expect(c.port).toBe(0);
    expect(c.symbols).toEqual(["AAPL", "MSFT"]);
    expect(c.tickRate).toBe(2.5);
    expect(c.seed).toBe(42);
    expect(loadConfig({ FEED_FLUSH_MS: "0" }).flushMs).toBe(0);
  });

  it.each([
    ["FEED_PORT", "70000"],
    ["FEED_PORT", "abc"],
    ["FEED_TICK_RATE", "0"],
    ["FEED_TICK_RATE", "fast"],
    ["FEED_SYMBOLS", "AAPL,$$$"],
    ["FEED_SEED", "-1"],
    ["FEED_HISTORY", "5"],
    ["FEED_MAX_SYMBOLS", "0"],
    ["FEED_IDLE_TIMEOUT", "10"],
    ["LOG_LEVEL", "loud"],
    ["FEED_CORS_ORIGIN", "not an origin"],
    ["FEED_ALLOWED_ORIGINS", "https://ok.example,https://bad.example/path"],
    ["FEED_AUTH_SECRET", "too-short"],
    ["FEED_MAX_CONN_PER_IP", "-3"],
    ["FEED_TOKEN_MAX_TTL_S", "0"],
    ["FEED_MAX_CONN_PER_TOKEN", "many"],
    ["FEED_MAX_CONNECTIONS", "-1"],
    ["FEED_TRUST_PROXY", "yes"],
    ["FEED_FLUSH_MS", "-1"],
    ["FEED_FLUSH_MS", "2.5"],
    ["FEED_FLUSH_MS", "1001"],
  ])("rejects %s=%s naming the variable", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}:`));
  });

  it("parses access settings", () => {
    const c = loadConfig({
      FEED_ALLOWED_ORIGINS: "https://a.example, http://localhost:3000",
      FEED_AUTH_SECRET: "x".repeat(32),
      FEED_MAX_CONN_PER_IP: "20",
    });
    expect(c.allowedOrigins).toEqual(["https://a.example", "http://localhost:3000"]);
    expect(c.authSecret).toBe("x".repeat(32));
    expect(c.maxConnPerIp).toBe(20);
    expect(loadConfig({}).allowedOrigins).toBe("*");
  });

  it("has limits on token lifetime and connections by default", () => {
    expect(loadConfig({}).access).toEqual({ tokenMaxTtlS: 3_600, maxConnPerToken: 5, maxConnections: 20_000, trustProxy: false });
    expect(
      loadConfig({ FEED_TOKEN_MAX_TTL_S: "600", FEED_MAX_CONN_PER_TOKEN: "0", FEED_MAX_CONNECTIONS: "0", FEED_TRUST_PROXY: "1" }).access,
    ).toEqual({ tokenMaxTtlS: 600, maxConnPerToken: 0, maxConnections: 0, trustProxy: true });
  });

  it("reads FEED_SNAPSHOT_BUDGET and refuses a budget under 1000 bytes", () => {
    expect(loadConfig({}).snapshotBudget).toBe(256 * 1024);
    expect(loadConfig({ FEED_SNAPSHOT_BUDGET: "65536" }).snapshotBudget).toBe(65536);
    expect(() => loadConfig({ FEED_SNAPSHOT_BUDGET: "10" })).toThrow(/^FEED_SNAPSHOT_BUDGET:/);
  });

  it("reads an exchange relay's history backfill settings, naming a bad one", () => {
    const relay = { FEED_SOURCE: "relay", FEED_RELAY: "binance" };
    expect(loadConfig(relay).source).toMatchObject({ history: true, historyUrl: undefined, historyTimeoutMs: 5000 });
    const c = loadConfig({ ...relay, FEED_UPSTREAM_HISTORY: "0", FEED_UPSTREAM_HISTORY_URL: "http://127.0.0.1:8080", FEED_UPSTREAM_HISTORY_TIMEOUT_MS: "2500" });
    expect(c.source).toMatchObject({ history: false, historyUrl: "http://127.0.0.1:8080", historyTimeoutMs: 2500 });
    const bad: [string, Record<string, string>][] = [
      ["FEED_UPSTREAM_HISTORY", { FEED_UPSTREAM_HISTORY: "yes" }],
      ["FEED_UPSTREAM_HISTORY_URL", { FEED_UPSTREAM_HISTORY_URL: "ftp://x" }],
      ["FEED_UPSTREAM_HISTORY_TIMEOUT_MS", { FEED_UPSTREAM_HISTORY_TIMEOUT_MS: "10" }],
    ];
    for (const [name, env] of bad) expect(() => loadConfig({ ...relay, ...env })).toThrow(new RegExp(`^${name}:`));
    expect(() => loadConfig({ FEED_SOURCE: "relay", FEED_RELAY: "tickwire", FEED_UPSTREAM_URL: "ws://a:1/ws", FEED_UPSTREAM_HISTORY_URL: "http://x" })).toThrow(/^FEED_UPSTREAM_HISTORY_URL:/);
  });

  it("reads a tickwire relay's origin, token URL and refusal backoff, naming a bad one", () => {
    const relay = { FEED_SOURCE: "relay", FEED_RELAY: "tickwire", FEED_UPSTREAM_URL: "ws://10.0.0.5:9001/ws" };
    const c = loadConfig({ ...relay, FEED_UPSTREAM_ORIGIN: "https://relay.example", FEED_UPSTREAM_TOKEN_URL: "https://dash.example/api/feed-token" });
    expect(c.source).toMatchObject({ origin: "https://relay.example", tokenUrl: "https://dash.example/api/feed-token", refusedBackoffMs: 30_000 });
    const bad: [string, Record<string, string>][] = [
      ["FEED_UPSTREAM_ORIGIN", { FEED_UPSTREAM_ORIGIN: "https://relay.example/path" }],
      ["FEED_UPSTREAM_TOKEN_URL", { FEED_UPSTREAM_TOKEN_URL: "ftp://x" }],
      ["FEED_UPSTREAM_TOKEN_URL", { FEED_UPSTREAM_TOKEN_URL: "https://dash.example/t", FEED_UPSTREAM_TOKEN: "abc" }],
      ["FEED_UPSTREAM_REFUSED_BACKOFF_MS", { FEED_UPSTREAM_REFUSED_BACKOFF_MS: "soon" }],
    ];
    for (const [name, env] of bad) expect(() => loadConfig({ ...relay, ...env })).toThrow(new RegExp(`^${name}:`));
    expect(() => loadConfig({ FEED_SOURCE: "relay", FEED_RELAY: "binance", FEED_UPSTREAM_ORIGIN: "https://a.example" })).toThrow(/^FEED_UPSTREAM_ORIGIN:/);
  });

  it("keeps the snapshot size within the history", () => {
    expect(() => loadConfig({ FEED_HISTORY: "50", FEED_SNAPSHOT_TICKS: "60" })).toThrow(/FEED_SNAPSHOT_TICKS/);
    expect(loadConfig({ FEED_HISTORY: "50" }).snapshotTicks).toBe(50);
  });
});
