import { describe, expect, it } from "vitest";
import { parseFigures, seriesTable } from "./compare";

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

describe("seriesTable", () => {
  it("writes one row per run with its load, figures and the number of goals it met", () => {
    const table = seriesTable([
      { name: "before-1", figures: parseFigures(result(50, 17), "before") },
      { name: "after-1", figures: parseFigures(result(16.7, 0), "after") },
    ]);
    const lines = table.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe("| before-1 | 16:10 | 1.5 → 1.7 | 16.7 / 50 / 51 | 17 (80) | 30 / 60 | 1 of 3 |");
    expect(lines[3]).toBe("| after-1 | 16:10 | 1.5 → 1.7 | 16.7 / 16.7 / 17.7 | 0 (0) | 30 / 60 | 3 of 3 |");
  });
});
