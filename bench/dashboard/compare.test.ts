import { describe, expect, it } from "vitest";
import { comparisonTable, parseFigures } from "./compare";

const dist = (p50: number, p95: number) => ({ count: 10, mean: p50, p50, p95, p99: p95 + 1, max: p95 + 2 });
function result(frameP95: number, longTasks: number) {
  return {
    date: "2026-12-01T16:10:00.000Z",
    machine: { loadAverage1m: { before: 1.5, after: 1.7 } },
    frameIntervalMs: dist(16.7, frameP95),
    longTasks: { count: longTasks, maxMs: longTasks > 0 ? 80 : 0, totalMs: longTasks * 80 },
    publishToPaintMs: dist(30, 60),
    goal: { frameP95Ms: 17, longTaskMaxMs: 50, publishToPaintP95Ms: 100, frameP95Met: frameP95 <= 17, longTasksMet: longTasks === 0, publishToPaintMet: true },
  };
}

describe("parseFigures", () => {
  it("names the file and the missing field", () => {
    const broken: Record<string, unknown> = result(16.7, 0);
    delete broken.longTasks;
    expect(() => parseFigures(broken, "before.json")).toThrow("before.json: missing longTasks.count");
    expect(() => parseFigures({ ...result(16.7, 0), date: 5 }, "x.json")).toThrow("x.json: date is not a string");
  });

  it("reads a p95 written as null (no samples) as NaN", () => {
    const empty = { ...result(16.7, 0), publishToPaintMs: { ...dist(1, 1), p95: null } };
    expect(parseFigures(empty, "a.json").publishToPaint.p95).toBeNaN();
  });
});

describe("comparisonTable", () => {
  it("puts both runs' figures side by side and marks the goals by the after run", () => {
    const table = comparisonTable(parseFigures(result(50, 17), "before"), parseFigures(result(16.7, 0), "after"));
    expect(table).toContain("| frame interval p95 (ms) | 50 | 16.7 | ≤ 17: met |");
    expect(table).toContain("| long tasks (count, longest ms) | 17, 80 | 0, 0 | none over 50 ms: met |");
    expect(table).toContain("| publish → paint p95 (ms) | 60 | 60 | ≤ 100: met |");
    const missed = comparisonTable(parseFigures(result(16.7, 0), "before"), parseFigures(result(33.4, 2), "after"));
    expect(missed).toContain("≤ 17: missed");
    expect(missed).toContain("none over 50 ms: missed");
  });
});
