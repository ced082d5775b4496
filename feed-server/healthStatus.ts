/**
 * What /health reports: `ok`, `degraded` (still serving, with reasons) or `down` (nothing live to
 * serve), judged from the source's own health and the symbols' states. Pure, so the rules are
 * tested without a server. HTTP maps ok and degraded to 200 and down to 503, so a load balancer
 * takes a down server out and keeps a degraded one.
 */
import type { SourceState } from "../lib/protocol";

export type HealthStatus = "ok" | "degraded" | "down";

export interface HealthInput {
  sourceRunning: boolean;
  /** Every offered symbol's state. */
  symbols: readonly { symbol: string; state: SourceState }[];
  /** What the source's health() returned: `bus` (NATS) and `upstream` (relays) are read here. */
  source: Record<string, unknown> | undefined;
}

export interface HealthVerdict {
  status: HealthStatus;
  /** Why the status is not ok; empty when it is. */
  reasons: string[];
}

/** Upstream states that mean "delivering": exchange relays say connected, the tickwire relay live. */
const UPSTREAM_UP = new Set(["connected", "live"]);

/** How many stale symbols a reason names before it says "and N more". */
const NAMED_STALE = 10;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function assessHealth(input: HealthInput): HealthVerdict {
  const reasons: string[] = [];
  let down = false;
  if (!input.sourceRunning) {
    reasons.push("source stopped");
    down = true;
  }

  const bus = record(input.source?.bus);
  if (bus && bus.state !== "connected") reasons.push(`NATS away (bus ${String(bus.state)})`);

  const upstream = record(input.source?.upstream);
  const refused = record(upstream?.refused);
  if (refused) {
    reasons.push(`upstream refused: ${String(refused.code)} ${String(refused.reason)}`.trim());
  } else if (upstream && upstream.state !== undefined && !UPSTREAM_UP.has(String(upstream.state))) {
    reasons.push(`upstream ${String(upstream.state)}`);
  }

  const stale = input.symbols.filter((s) => s.state === "stale").map((s) => s.symbol);
  if (stale.length > 0) {
    const named = stale.slice(0, NAMED_STALE).join(", ");
    const more = stale.length > NAMED_STALE ? ` and ${stale.length - NAMED_STALE} more` : "";
    reasons.push(`source stale: ${stale.length} of ${input.symbols.length} symbols (${named}${more})`);
    if (stale.length === input.symbols.length) down = true;
  }

  return { status: down ? "down" : reasons.length > 0 ? "degraded" : "ok", reasons };
}
