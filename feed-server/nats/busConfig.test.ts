import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config";

describe("bus configuration", () => {
  it("defaults to one process in memory", () => {
    expect(loadConfig({}).bus).toEqual({ kind: "memory" });
  });

  it("reads the NATS settings of a source or an edge", () => {
    const c = loadConfig({ FEED_BUS: "nats", FEED_ROLE: "edge", FEED_HISTORY: "500", NATS_URL: "nats://10.0.0.7:4222, tls://nats.example:4443,10.0.0.8:4222" });
    expect(c.bus).toEqual({
      kind: "nats",
      role: "edge",
      servers: ["nats://10.0.0.7:4222", "tls://nats.example:4443", "10.0.0.8:4222"],
      history: 500,
      maxAgeS: 86_400,
      leaseTtlMs: 5000,
      lingerMs: 5000,
      pingMs: 2000,
    });
    expect(loadConfig({ FEED_BUS: "nats", FEED_ROLE: "source" }).bus).toMatchObject({ role: "source", servers: ["nats://127.0.0.1:4222"] });
    expect(loadConfig({ FEED_BUS: "nats", FEED_ROLE: "source", NATS_HISTORY: "50", NATS_MAX_AGE_S: "0" }).bus).toMatchObject({ history: 50, maxAgeS: 0 });
  });

  it.each([
    [{ FEED_BUS: "kafka" }, "FEED_BUS"],
    [{ FEED_ROLE: "leader" }, "FEED_ROLE"],
    [{ FEED_ROLE: "edge" }, "FEED_BUS"],
    [{ FEED_ROLE: "source", FEED_BUS: "memory" }, "FEED_BUS"],
    [{ FEED_BUS: "nats" }, "FEED_ROLE"],
    [{ FEED_BUS: "nats", FEED_ROLE: "edge", NATS_URL: "http://nats:4222" }, "NATS_URL"],
    [{ FEED_BUS: "nats", FEED_ROLE: "edge", NATS_URL: " , " }, "NATS_URL"],
    [{ FEED_BUS: "nats", FEED_ROLE: "edge", NATS_LEASE_TTL_MS: "100" }, "NATS_LEASE_TTL_MS"],
    [{ FEED_BUS: "nats", FEED_ROLE: "edge", NATS_HISTORY: "0" }, "NATS_HISTORY"],
    [{ FEED_BUS: "nats", FEED_ROLE: "edge", NATS_MAX_AGE_S: "-1" }, "NATS_MAX_AGE_S"],
    [{ FEED_BUS: "nats", FEED_ROLE: "edge", NATS_LINGER_MS: "soon" }, "NATS_LINGER_MS"],
    [{ FEED_BUS: "nats", FEED_ROLE: "edge", NATS_PING_MS: "10" }, "NATS_PING_MS"],
  ])("rejects %o naming %s", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${name}:`));
  });
});
