import { describe, expect, it } from "vitest";
import { SymbolTable, symbolNames, symbolsFor } from "./symbols";

describe("symbols", () => {
  it("names valid, distinct symbols with hashes that never collide", () => {
    const names = symbolNames(1000);
    expect(names[0]).toBe("T000");
    expect(new Set(names).size).toBe(1000);
    const table = new SymbolTable([...names, "FIRE", "BRK.B"]);
    expect(table.indexOf("T999")).toBe(999);
    expect(table.indexOf("BRK.B")).toBe(1001);
    expect(table.indexOf("NOPE")).toBe(-1);
    const bytes = Buffer.from('"symbol":"T042"');
    expect(table.lookup(bytes, 10, 14)).toBe(42);
  });

  it("assigns symbols by global connection index, so splitting clients changes nothing", () => {
    const pool = symbolNames(500);
    const assignment = { kind: "random" as const, perConnection: 10, seed: 7 };
    const a = symbolsFor(pool, assignment, 1234);
    expect(symbolsFor(pool, assignment, 1234)).toEqual(a);
    expect(new Set(a).size).toBe(10);
    expect(symbolsFor(pool, assignment, 1235)).not.toEqual(a);
    expect(symbolsFor(pool, { kind: "round-robin" }, 502)).toEqual(["T002"]);
    expect(symbolsFor(["A", "B"], { kind: "all" }, 9)).toEqual(["A", "B"]);
  });
});
