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
    expect(c.flushMs).toBe(0);
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
    expect(loadConfig({ FEED_FLUSH_MS: "16" }).flushMs).toBe(16);
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

  it("keeps the snapshot size within the history", () => {
    expect(() => loadConfig({ FEED_HISTORY: "50", FEED_SNAPSHOT_TICKS: "60" })).toThrow(/FEED_SNAPSHOT_TICKS/);
    expect(loadConfig({ FEED_HISTORY: "50" }).snapshotTicks).toBe(50);
  });
});
