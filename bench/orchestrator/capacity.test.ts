import { describe, expect, it } from "vitest";
import type { ImplId } from "../ipc";
import { capacity } from "./capacity";
import type { RunRecord } from "./results";
import { nextRate } from "./scenarios/broadcast";
import { goals, summarize } from "./summary";

const step = (impl: ImplId, round: number, rate: number, metrics: Record<string, number>): RunRecord => ({
  scenario: "broadcast",
  step: `${rate} ticks/s`,
  impl,
  round,
  metrics: { rate, targetPerSec: rate * 100, deliveriesPerSec: rate * 100, p99Ms: 5, lost: 0, undelivered: 0, closedClients: 0, serverCores: 0.5, clientCores: 0.4, clientCoresTotal: 0.7, ...metrics },
  notes: {},
});

describe("broadcast capacity", () => {
  it("grows the rate past the listed steps up to the maximum", () => {
    expect(nextRate([25, 500], { growth: 1.5, maxRate: 20_000 })).toBe(750);
    expect(nextRate([25, 15_000], { growth: 1.5, maxRate: 20_000 })).toBeUndefined();
    expect(nextRate([25, 500], { growth: 1.5, maxRate: 0 })).toBeUndefined();
    expect(nextRate([], { growth: 1.5, maxRate: 100 })).toBeUndefined();
  });

  it("is the highest step passed, bracketed by the next step failed and why", () => {
    const runs = [step("tickwire", 1, 500, {}), step("tickwire", 1, 750, { serverCores: 0.9, clientCoresTotal: 1.1, clientCores: 0.6 }), step("tickwire", 1, 1125, { p99Ms: 80 })];
    expect(capacity(runs, "tickwire")).toEqual({
      impl: "tickwire",
      deliveriesPerSec: 75_000,
      step: "750 ticks/s",
      failed: { step: "1125 ticks/s", deliveriesPerSec: 112_500, why: "p99 80 ms" },
      serverCores: 0.9,
      clientCoresTotal: 1.1,
      clientCoresMax: 0.6,
    });
  });

  it("a lost tick, a closed client or falling behind fails a step whatever its p99", () => {
    for (const bad of [{ lost: 1 }, { closedClients: 2 }, { deliveriesPerSec: 40_000 }] as Record<string, number>[]) {
      const c = capacity([step("ws", 1, 100, {}), step("ws", 1, 500, bad)], "ws");
      expect(c?.deliveriesPerSec, JSON.stringify(bad)).toBe(10_000);
      expect(c?.failed?.step).toBe("500 ticks/s");
    }
  });

  it("says when no step failed: the limit was not found", () => {
    const c = capacity([step("tickwire", 1, 100, {})], "tickwire");
    expect(c?.failed).toBeUndefined();
    const g = goals(summarize([step("tickwire", 1, 100, {}), step("ws", 1, 10, {}), step("ws", 1, 20, { p99Ms: 60 })]), [
      step("tickwire", 1, 100, {}),
      step("ws", 1, 10, {}),
      step("ws", 1, 20, { p99Ms: 60 }),
    ]).find((x) => x.goal.startsWith("Broadcast capacity vs ws"));
    expect(g).toMatchObject({ met: true });
    expect(g?.measured).toMatch(/10\.0×.*limit was not reached/);
  });

  it("marks the capacity goals not met below the target ratio", () => {
    const runs = [step("tickwire", 1, 100, {}), step("tickwire", 1, 150, { p99Ms: 70 }), step("socketio", 1, 10, {}), step("socketio", 1, 15, { lost: 3 })];
    const g = goals(summarize(runs), runs).find((x) => x.goal.startsWith("Broadcast capacity vs Socket.IO"));
    expect(g).toMatchObject({ met: false, target: "≥ 20×" });
    expect(g?.measured).toBe("10k/s vs 1k/s: 10.0×");
  });
});
