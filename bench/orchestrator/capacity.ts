/**
 * Broadcast capacity: the highest scheduled delivery rate an implementation passed (p99 within
 * the limit, nothing lost or left undelivered, the schedule kept up with), bracketed by the step
 * it failed next, with the server's and the load client's CPU at the limit, so a reader can see
 * whether the server or the client ran out first.
 */
import type { ImplId } from "../ipc";
import type { RunRecord } from "./results";
import { median } from "./median";

export const CAPACITY_P99_MS = 50;

export interface Capacity {
  impl: ImplId;
  /** Median over rounds of the highest deliveries/s passed; 0 when no step passed. */
  deliveriesPerSec: number;
  /** The step (e.g. "500 ticks/s") of a round that passed exactly that rate. */
  step: string | undefined;
  /** The lowest failed step above it, and why it failed; undefined when none failed (the limit was not found). */
  failed: { step: string; deliveriesPerSec: number; why: string } | undefined;
  /** At the passed step: server cores, load-client cores over all client processes, and the busiest process's. */
  serverCores: number;
  clientCoresTotal: number;
  clientCoresMax: number;
}

export function passed(r: RunRecord, p99LimitMs = CAPACITY_P99_MS): boolean {
  const m = r.metrics;
  return !r.error && (m.p99Ms ?? Infinity) <= p99LimitMs && (m.lost ?? 0) + (m.undelivered ?? 0) + (m.closedClients ?? 0) === 0 && (m.deliveriesPerSec ?? 0) >= 0.95 * (m.targetPerSec ?? Infinity);
}

function why(r: RunRecord, p99LimitMs: number): string {
  const m = r.metrics;
  if (r.error) return "error";
  const parts: string[] = [];
  if (!((m.p99Ms ?? Infinity) <= p99LimitMs)) parts.push(`p99 ${m.p99Ms === undefined ? "n/a" : m.p99Ms.toFixed(0)} ms`);
  if ((m.lost ?? 0) > 0) parts.push(`${m.lost} lost`);
  if ((m.undelivered ?? 0) > 0) parts.push(`${m.undelivered} undelivered`);
  if ((m.closedClients ?? 0) > 0) parts.push(`${m.closedClients} clients closed`);
  if ((m.deliveriesPerSec ?? 0) < 0.95 * (m.targetPerSec ?? Infinity)) parts.push("fell behind the schedule");
  return parts.join(", ") || "failed";
}

export function capacity(runs: RunRecord[], impl: ImplId, p99LimitMs = CAPACITY_P99_MS): Capacity | undefined {
  const mine = runs.filter((r) => r.scenario === "broadcast" && r.impl === impl);
  if (mine.length === 0) return undefined;
  const rounds = [...new Set(mine.map((r) => r.round))];
  const best = rounds.map((round) => Math.max(0, ...mine.filter((r) => r.round === round && passed(r, p99LimitMs)).map((r) => r.metrics.targetPerSec ?? 0)));
  const rate = median(best);
  const at = mine.filter((r) => passed(r, p99LimitMs) && r.metrics.targetPerSec === rate);
  const above = mine.filter((r) => !passed(r, p99LimitMs) && (r.metrics.targetPerSec ?? 0) > rate).sort((a, b) => (a.metrics.targetPerSec ?? 0) - (b.metrics.targetPerSec ?? 0))[0];
  return {
    impl,
    deliveriesPerSec: rate,
    step: at[0]?.step,
    failed: above ? { step: above.step, deliveriesPerSec: above.metrics.targetPerSec ?? NaN, why: why(above, p99LimitMs) } : undefined,
    serverCores: median(at.map((r) => r.metrics.serverCores ?? NaN)),
    clientCoresTotal: median(at.map((r) => r.metrics.clientCoresTotal ?? NaN)),
    clientCoresMax: median(at.map((r) => r.metrics.clientCores ?? NaN)),
  };
}
