/**
 * FEED_BUS, FEED_ROLE and the NATS_* variables: whether this process is the whole feed (memory)
 * or one part of a cluster on NATS JetStream (a source that publishes, or an edge that serves).
 * Validated like config.ts: a bad value fails with an error naming its variable.
 */
import { ConfigError, type Env } from "../configError";

export type BusRole = "source" | "edge";

export type BusConfig =
  | { kind: "memory" }
  | {
      kind: "nats";
      /** FEED_ROLE: source runs the tick source and publishes; edge serves clients from the bus. */
      role: BusRole;
      /** NATS_URL: comma-separated servers. Default nats://127.0.0.1:4222. */
      servers: string[];
      /** NATS_HISTORY: messages kept per symbol in the TICKS stream. Default FEED_HISTORY. */
      history: number;
      /** NATS_MAX_AGE_S: seconds a message stays in the stream; 0 = no limit. Default 86400. */
      maxAgeS: number;
      /** NATS_LEASE_TTL_MS: a source that has not refreshed its lease this long loses it. Default 5000. */
      leaseTtlMs: number;
      /** NATS_LINGER_MS: an edge keeps consuming a symbol nobody watches this long. Default 5000. */
      lingerMs: number;
      /** NATS_PING_MS: ping and consumer heartbeat interval; a silent link is dropped after two. Default 2000. */
      pingMs: number;
    };

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** nats://host:port or tls://host:port (a bare host:port means nats://), as the NATS client accepts them. */
function parseServers(raw: string): string[] {
  const servers = raw.split(",").map((s) => s.trim()).filter(Boolean);
  if (servers.length === 0) throw new ConfigError("NATS_URL", "names no server");
  for (const s of servers) {
    let url: URL;
    try {
      url = new URL(s.includes("://") ? s : `nats://${s}`);
    } catch {
      throw new ConfigError("NATS_URL", `"${s}" is not a URL like nats://10.0.0.7:4222`);
    }
    if ((url.protocol !== "nats:" && url.protocol !== "tls:") || url.hostname === "") {
      throw new ConfigError("NATS_URL", `"${s}" is not a URL like nats://10.0.0.7:4222`);
    }
  }
  return servers;
}

export function loadBusConfig(env: Env, feedHistory: number): BusConfig {
  const kind = env.FEED_BUS?.trim() || "memory";
  const role = env.FEED_ROLE?.trim() || "all";
  if (role !== "all" && role !== "source" && role !== "edge") {
    throw new ConfigError("FEED_ROLE", `expected all, source or edge, got "${role}"`);
  }
  switch (kind) {
    case "memory":
      if (role !== "all") throw new ConfigError("FEED_BUS", `must be nats with FEED_ROLE=${role} (got "memory")`);
      return { kind };
    case "nats":
      if (role === "all") {
        throw new ConfigError("FEED_ROLE", "with FEED_BUS=nats choose source (runs FEED_SOURCE, publishes) or edge (serves clients from NATS)");
      }
      return {
        kind,
        role,
        servers: parseServers(env.NATS_URL?.trim() || "nats://127.0.0.1:4222"),
        history: integer(env, "NATS_HISTORY", feedHistory, 1, 1_000_000),
        maxAgeS: integer(env, "NATS_MAX_AGE_S", 86_400, 0, 10 * 365 * 86_400),
        leaseTtlMs: integer(env, "NATS_LEASE_TTL_MS", 5000, 500, 600_000),
        lingerMs: integer(env, "NATS_LINGER_MS", 5000, 0, 86_400_000),
        pingMs: integer(env, "NATS_PING_MS", 2000, 100, 120_000),
      };
    default:
      throw new ConfigError("FEED_BUS", `expected memory or nats, got "${kind}"`);
  }
}
