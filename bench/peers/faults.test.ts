import { describe, expect, it } from "vitest";
import type { Tick } from "../../lib/protocol";
import { parseFault, withFault } from "./faults";

const tick = (symbol: string, seq: number): Tick => ({ symbol, seq, price: 1, size: 1, ts: 0 });

function through(fault: string, ticks: Tick[]): string[] {
  const out: string[] = [];
  const publish = withFault((t) => out.push(`${t.symbol}${t.seq}`), parseFault(fault));
  ticks.forEach(publish);
  return out;
}

describe("faults", () => {
  const ticks = [tick("A", 1), tick("B", 1), tick("A", 2), tick("B", 2), tick("A", 3), tick("B", 3)];

  it("drop skips one seq of every symbol", () => {
    expect(through("drop:2", ticks)).toEqual(["A1", "B1", "A3", "B3"]);
  });

  it("swap sends the next seq first", () => {
    expect(through("swap:2", ticks)).toEqual(["A1", "B1", "A3", "A2", "B3", "B2"]);
  });

  it("none passes everything, a bad spec is refused", () => {
    expect(through("", ticks)).toHaveLength(6);
    expect(() => parseFault("lose:2")).toThrow(/BENCH_FAULT/);
  });
});
