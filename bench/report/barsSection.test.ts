import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ResultFile } from "../orchestrator/results";
import { summarize } from "../orchestrator/summary";
import { barsSection, loadBarsCost, readBarsCost, type BarsCost } from "./barsSection";
import { generateDocs } from "./markdown";

const COST: BarsCost = { command: "npm run bench:bars", at: "2026-12-01T10:00:00.000Z", loadAverage: 0.4, cpus: 2, ticksPerSecond: 250_000, nsPerTick: 80, coreShare: 0.02 };
const fanout = () => JSON.parse(readFileSync("bench/results/latest.json", "utf8")) as ResultFile;

describe("the bar-aggregation section of the fan-out report", () => {
  it("quotes ns per tick and sets it against tickwire's CPU per delivery in the broadcast nearest 250k deliveries/s", () => {
    const result = fanout();
    const rows = summarize(result.runs);
    const ref = rows.find((r) => r.scenario === "broadcast" && r.impl === "tickwire" && r.value.targetPerSec === 250_000)!;
    const text = barsSection(COST, rows).join("\n");
    expect(text).toContain("**80 ns per tick** at 250k ticks/s");
    expect(text).toContain("2.0 % of one core (`npm run bench:bars` at 2026-12-01T10:00:00.000Z, load average 0.4 on 2 cores;");
    expect(text).toContain(`${ref.value.cpuUsPerDelivery!.toFixed(2)} µs of server CPU in the broadcast at 250k deliveries/s`);
    expect(text).toContain(`**${((80 / (ref.value.cpuUsPerDelivery! * 1000)) * 100).toFixed(1)} % of one delivery's CPU**`);
    expect(text).not.toMatch(/busy machine/);
    expect(barsSection({ ...COST, loadAverage: 8 }, rows).join("\n")).toMatch(/load average 8\.0 on 2 cores, a busy machine: the figure is inflated/);
  });

  it("says what is missing instead of inventing a figure", () => {
    expect(barsSection(undefined, []).join("\n")).toMatch(/No bars result: run `npm run bench:bars`/);
    expect(barsSection(COST, []).join("\n")).toMatch(/no tickwire broadcast run to compare it with a delivery/);
  });

  it("reads the bars result file the bench writes, and refuses one of the wrong shape, naming the field", () => {
    const cost = loadBarsCost("bench/results/bars-latest.json")!;
    const raw = JSON.parse(readFileSync("bench/results/bars-latest.json", "utf8")) as { aggregation: { nsPerTick: number } };
    expect(cost.nsPerTick).toBe(raw.aggregation.nsPerTick);
    expect(cost.ticksPerSecond).toBe(250_000);
    expect(loadBarsCost("bench/results/no-such-file.json")).toBeUndefined();
    expect(() => readBarsCost({ ...raw, aggregation: { ...raw.aggregation, nsPerTick: "fast" } }, "f.json")).toThrow('f.json: aggregation: "nsPerTick" is not a number');
    expect(() => readBarsCost(null, "f.json")).toThrow("f.json is not an object");
  });

  it("is part of the generated page", () => {
    const { markdown } = generateDocs(fanout(), "benchmarks", COST);
    expect(markdown).toContain("## 9. Bar aggregation on the tick path");
    expect(markdown.indexOf("## 9.")).toBeLessThan(markdown.indexOf("## How it is measured"));
  });
});
