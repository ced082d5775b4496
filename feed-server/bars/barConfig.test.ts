import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config";

describe("bar config", () => {
  it("has the documented defaults", () => {
    const { bars } = loadConfig({});
    expect(bars).toEqual({
      marketHours: "always",
      barUpdateMs: 250,
      simBackfill: true,
      dataDir: undefined,
      flushMs: 1000,
      retention: { "1s": 3600, "1m": 7200, "5m": 8640, "15m": 2880, "1h": 4320, "1d": 730 },
    });
  });

  it("takes overrides, retention as durations per interval", () => {
    const { bars } = loadConfig({ FEED_MARKET_HOURS: "exchange", FEED_BAR_UPDATE_MS: "100", FEED_BAR_RETENTION: "1s=10m, 1d=10d", FEED_SIM_BACKFILL: "0" });
    expect(bars.marketHours).toBe("exchange");
    expect(bars.barUpdateMs).toBe(100);
    expect(bars.simBackfill).toBe(false);
    expect(bars.retention["1s"]).toBe(600);
    expect(bars.retention["1d"]).toBe(10);
    expect(bars.retention["1m"]).toBe(7200);
  });

  it("takes FEED_DATA_DIR and FEED_BAR_FLUSH_MS, and refuses a data directory in the NATS cluster", () => {
    expect(loadConfig({ FEED_DATA_DIR: " /var/lib/tickwire ", FEED_BAR_FLUSH_MS: "250" }).bars).toMatchObject({ dataDir: "/var/lib/tickwire", flushMs: 250 });
    expect(() => loadConfig({ FEED_DATA_DIR: "/tmp/x", FEED_BUS: "nats", FEED_ROLE: "source" })).toThrow(/^FEED_DATA_DIR: .*JetStream/);
  });

  it.each([
    ["FEED_MARKET_HOURS", "nyse"],
    ["FEED_BAR_UPDATE_MS", "5"],
    ["FEED_BAR_UPDATE_MS", "fast"],
    ["FEED_BAR_RETENTION", "2m=1d"],
    ["FEED_BAR_RETENTION", "1m=5"],
    ["FEED_BAR_RETENTION", "1m=0d"],
    ["FEED_SIM_BACKFILL", "yes"],
    ["FEED_BAR_FLUSH_MS", "10"],
    ["FEED_BAR_FLUSH_MS", "soon"],
  ])("%s=%s is refused, naming the variable", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}:`));
  });
});
