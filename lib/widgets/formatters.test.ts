import { describe, expect, it } from "vitest";
import { formattersFor } from "./formatters";

describe("formattersFor", () => {
  it("formats like the dashboard in en-US", () => {
    const f = formattersFor("en-US");
    expect([f.price(64_123.456), f.price(0.12345), f.price(null)]).toEqual(["64,123.46", "0.1235", "—"]);
    expect([f.change(1.5), f.change(-0.4), f.change(0)]).toEqual(["+1.50", "\u22120.40", "0.00"]);
    expect([f.percent(2), f.percent(-25), f.percent(Number.NaN)]).toEqual(["+2.00%", "\u221225.00%", "—"]);
  });

  it("uses the locale's separators", () => {
    const de = formattersFor("de-DE");
    expect(de.price(64_123.456)).toBe("64.123,46");
    expect(de.change(-1.5)).toBe("\u22121,50");
    expect(de.percent(0.5)).toBe("+0,50%");
  });

  it("builds each locale's formatters once", () => {
    expect(formattersFor("fr-FR")).toBe(formattersFor("fr-FR"));
  });
});
