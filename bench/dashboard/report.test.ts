import { describe, expect, it } from "vitest";
import { verdict } from "./report";
import { distribution } from "./stats";

describe("verdict", () => {
  const smooth = distribution([16.7, 16.7, 16.6]);
  const quick = distribution([40, 60, 90]);

  it("meets all three goals only with smooth frames, no long task and ticks painted within 100 ms", () => {
    expect(verdict(smooth, 0, quick)).toMatchObject({ frameP95Met: true, longTasksMet: true, publishToPaintMet: true });
  });

  it("misses each goal on its own figure", () => {
    expect(verdict(distribution([16.7, 33.4]), 0, quick).frameP95Met).toBe(false);
    expect(verdict(smooth, 1, quick).longTasksMet).toBe(false);
    const late = verdict(smooth, 0, distribution([50, 101]));
    expect(late).toMatchObject({ frameP95Met: true, longTasksMet: true, publishToPaintMet: false });
  });

  it("counts no publish-to-paint samples as missed, not met", () => {
    expect(verdict(smooth, 0, distribution([])).publishToPaintMet).toBe(false);
  });
});
