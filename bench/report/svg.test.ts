import { describe, expect, it } from "vitest";
import { barChart, escapeXml, lineChart, niceScale } from "./svg";

describe("svg charts", () => {
  it("pick round axis scales", () => {
    expect(niceScale(7.3)).toEqual({ max: 8, step: 2 });
    expect(niceScale(0)).toEqual({ max: 1, step: 0.2 });
    expect(niceScale(230_000).max).toBe(250_000);
  });

  it("draw bars for measured values only, with escaped labels", () => {
    const svg = barChart({
      title: "CPU <per> delivery",
      yLabel: "µs",
      groups: ["100k/s", "spread"],
      series: [
        { name: "a & b", color: "#123456", values: [1.5, undefined] },
        { name: "c", color: "#654321", values: [3, NaN] },
      ],
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("CPU &lt;per&gt; delivery");
    expect(svg).toContain("a &amp; b");
    // Per series one bar (the other value is unmeasured) and one legend swatch; two value labels.
    expect(svg.match(/fill="#123456"/g)).toHaveLength(2);
    expect(svg.match(/fill="#654321"/g)).toHaveLength(2);
    expect(svg.match(/font-size="10"/g)).toHaveLength(2);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it("draw log-scale lines with reference marks and skip unmeasured points", () => {
    const svg = lineChart({
      title: "p99",
      xLabel: "deliveries/s",
      yLabel: "ms",
      yLog: true,
      marks: [{ y: 5, label: "goal" }],
      series: [{ name: "x", color: "#000", points: [[100_000, 0.8], [200_000, 12], [300_000, NaN]] }],
    });
    expect(svg).toContain("<polyline");
    expect(svg).toContain("stroke-dasharray");
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    expect(escapeXml(`"'`)).toBe("&quot;'");
  });
});
