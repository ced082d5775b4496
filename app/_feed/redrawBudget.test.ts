import { describe, expect, it } from "vitest";
import { createRedrawBudget } from "./redrawBudget";

function setup(budgetMs: number, jobCostMs: number) {
  let time = 0;
  const frames: (() => void)[] = [];
  const budget = createRedrawBudget({ requestFrame: (cb) => frames.push(cb), now: () => time, budgetMs });
  const runs: string[] = [];
  const job = (name: string) => () => {
    runs.push(name);
    time += jobCostMs;
  };
  const frame = () => {
    const due = frames.splice(0);
    for (const f of due) f();
  };
  return { budget, runs, job, frame, frames };
}

describe("redraw budget", () => {
  it("runs waiting jobs until the frame's budget is spent and leaves the rest for later frames", () => {
    const { budget, runs, job, frame, frames } = setup(6, 2);
    const jobs = ["a", "b", "c", "d", "e"].map(job);
    for (const j of jobs) budget.request(j);
    expect(frames).toHaveLength(1);
    frame();
    expect(runs).toEqual(["a", "b", "c"]);
    frame();
    expect(runs).toEqual(["a", "b", "c", "d", "e"]);
    expect(budget.pending).toBe(0);
    expect(frames).toHaveLength(0);
  });

  it("runs a job once however often it is requested, and serves jobs in request order", () => {
    const { budget, runs, job, frame } = setup(100, 1);
    const a = job("a");
    const b = job("b");
    budget.request(a);
    budget.request(b);
    budget.request(a);
    frame();
    expect(runs).toEqual(["a", "b"]);
  });

  it("always makes progress, even when one job is over budget", () => {
    const { budget, runs, job, frame } = setup(1, 50);
    budget.request(job("slow"));
    budget.request(job("next"));
    frame();
    expect(runs).toEqual(["slow"]);
    frame();
    expect(runs).toEqual(["slow", "next"]);
  });

  it("drops a cancelled job", () => {
    const { budget, runs, job, frame } = setup(100, 1);
    const a = job("a");
    budget.request(a);
    budget.request(job("b"));
    budget.cancel(a);
    frame();
    expect(runs).toEqual(["b"]);
  });
});
