import { describe, expect, it } from "vitest";
import type { ImplId } from "../ipc";
import type { RunRecord } from "./results";
import { goals, median, summarize } from "./summary";

const run = (impl: ImplId, round: number, metrics: Record<string, number>, scenario: RunRecord["scenario"] = "spread", step = ""): RunRecord => ({
  scenario,
  step,
  impl,
  round,
  metrics,
  notes: {},
});

describe("summary", () => {
  it("takes medians, ignoring what could not be measured", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([NaN, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });

  it("computes ratios within each round, then their median", () => {
    const rows = summarize([
      run("tickwire", 1, { cpuUsPerDelivery: 1 }),
      run("ws", 1, { cpuUsPerDelivery: 6 }),
      run("tickwire", 2, { cpuUsPerDelivery: 2 }),
      run("ws", 2, { cpuUsPerDelivery: 6 }),
      run("tickwire", 3, { cpuUsPerDelivery: 1 }),
      run("ws", 3, { cpuUsPerDelivery: 2 }),
    ]);
    const ws = rows.find((r) => r.impl === "ws");
    expect(ws?.value.cpuUsPerDelivery).toBe(6);
    // Per round: 6, 3, 2; the ratio of medians (6 / 1) would overstate it.
    expect(ws?.ratio.cpuUsPerDelivery).toBe(3);
    expect(rows.find((r) => r.impl === "tickwire")?.ratio.cpuUsPerDelivery).toBe(1);
  });

  it("sums loss over runs instead of hiding one bad run in a median", () => {
    const rows = summarize([run("tickwire", 1, { lost: 0 }), run("tickwire", 2, { lost: 3 }), run("tickwire", 3, { lost: 0 })]);
    expect(rows[0]?.value.lost).toBe(3);
  });

  it("keeps failed runs out of the figures but in the count", () => {
    const rows = summarize([run("ws", 1, { cpuUsPerDelivery: 5 }), { ...run("ws", 2, {}), error: "crashed" }]);
    expect(rows[0]).toMatchObject({ runs: 1, errors: ["crashed"], value: { cpuUsPerDelivery: 5 } });
  });

  it("judges the goals from the 250k/s broadcast step, spread and idle", () => {
    const step = "125 ticks/s";
    const rows = summarize([
      run("tickwire", 1, { cpuUsPerDelivery: 1, p99Ms: 4, targetPerSec: 250_000, deliveriesPerSec: 249_000, lost: 0 }, "broadcast", step),
      run("ws", 1, { cpuUsPerDelivery: 6, targetPerSec: 250_000 }, "broadcast", step),
      run("socketio", 1, { cpuUsPerDelivery: 10, targetPerSec: 250_000 }, "broadcast", step),
      run("tickwire", 1, { rssPerConnBytes: 5000 }, "idle"),
    ]);
    const verdicts = goals(rows).map((g) => g.met);
    // Dashboard and capacity goals (issue 12) are not measured by these runs.
    expect(verdicts).toEqual([true, false, true, true, undefined, undefined, undefined, undefined, undefined, false]);
    expect(goals(summarize([])).every((g) => g.met === undefined)).toBe(true);
  });

  it("judges the dashboard goals: CPU ratios to ws and Socket.IO, and tickwire's p99 and loss", () => {
    const dashboard = (impl: ImplId, metrics: Record<string, number>) => run(impl, 1, { targetPerSec: 250_000, deliveriesPerSec: 249_000, ...metrics }, "dashboard");
    const byGoal = (rows: ReturnType<typeof summarize>) => Object.fromEntries(goals(rows).filter((g) => g.goal.startsWith("Dashboard")).map((g) => [g.goal, g.met]));
    expect(byGoal(summarize([dashboard("tickwire", { cpuUsPerDelivery: 1, p99Ms: 20, lost: 0 }), dashboard("ws", { cpuUsPerDelivery: 6 }), dashboard("socketio", { cpuUsPerDelivery: 15 })]))).toEqual({
      "Dashboard scenario: server CPU per delivery vs ws": true,
      "Dashboard scenario: server CPU per delivery vs Socket.IO": false,
      "Dashboard scenario: tickwire p99 publish→receive and loss": true,
    });
    expect(byGoal(summarize([dashboard("tickwire", { cpuUsPerDelivery: 1, p99Ms: 20, lost: 2 })]))["Dashboard scenario: tickwire p99 publish→receive and loss"]).toBe(false);
    expect(byGoal(summarize([dashboard("tickwire", { cpuUsPerDelivery: 1, p99Ms: 51, lost: 0 })]))["Dashboard scenario: tickwire p99 publish→receive and loss"]).toBe(false);
  });

  it("compares where the other implementation stopped, and fails the latency goal if 250k/s was never reached", () => {
    const rows = summarize([
      run("tickwire", 1, { cpuUsPerDelivery: 2, p99Ms: 20, targetPerSec: 100_000 }, "broadcast", "50 ticks/s"),
      run("tickwire", 1, { cpuUsPerDelivery: 2, p99Ms: 90, targetPerSec: 200_000 }, "broadcast", "100 ticks/s"),
      run("ws", 1, { cpuUsPerDelivery: 3, targetPerSec: 100_000 }, "broadcast", "50 ticks/s"),
    ]);
    const [ws, , p99] = goals(rows);
    expect(ws?.measured).toBe("broadcast at 100k/s: 1.5×");
    expect(ws?.met).toBe(false);
    expect(p99?.measured).toMatch(/not reached: the last step run was 200k\/s, with p99 90\.0 ms/);
    expect(p99?.met).toBe(false);
  });
});

describe("summary on a shared machine", () => {
  it("takes medians and ratios from clean runs when a cell has any, and loss from every run", () => {
    const rows = summarize([
      run("tickwire", 1, { cpuUsPerDelivery: 9, noisy: 1, lost: 1 }),
      run("ws", 1, { cpuUsPerDelivery: 10, noisy: 1 }),
      run("tickwire", 2, { cpuUsPerDelivery: 2 }),
      run("ws", 2, { cpuUsPerDelivery: 6 }),
    ]);
    const [tickwire, ws] = rows;
    expect(tickwire).toMatchObject({ runs: 2, excluded: 1, value: { cpuUsPerDelivery: 2, lost: 1, noisy: 1 } });
    expect(ws?.ratio.cpuUsPerDelivery).toBe(3);
  });

  it("falls back to every run when all of a cell's runs were noisy", () => {
    const rows = summarize([run("ws", 1, { cpuUsPerDelivery: 10, noisy: 1 }), run("ws", 2, { cpuUsPerDelivery: 12, noisy: 1 })]);
    expect(rows[0]).toMatchObject({ excluded: 0, value: { cpuUsPerDelivery: 11, noisy: 2 } });
  });
});
