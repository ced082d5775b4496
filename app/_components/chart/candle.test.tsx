// @vitest-environment happy-dom
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { candleGeometry } from "../../../lib/candleGeometry";
import { CandleShape } from "./candle";

afterEach(() => cleanup());

describe("candle geometry", () => {
  // The range bar of a candle with high 110 and low 100 occupies y 0..100 (10 px per unit).
  const box = { x: 10, y: 0, width: 10, height: 100 };

  it("places an up candle's body from close (top) to open (bottom) and the wick from high to low", () => {
    const g = candleGeometry(box, { o: 102, h: 110, l: 100, c: 108 });
    expect(g.up).toBe(true);
    expect(g.wick).toEqual({ x: 15, y1: 0, y2: 100 });
    expect(g.body.y).toBeCloseTo(20);
    expect(g.body.height).toBeCloseTo(60);
    expect(g.body.width).toBeCloseTo(7);
    expect(g.body.x).toBeCloseTo(11.5);
  });

  it("places a down candle's body from open (top) to close (bottom)", () => {
    const g = candleGeometry(box, { o: 109, h: 110, l: 100, c: 101 });
    expect(g.up).toBe(false);
    expect(g.body.y).toBeCloseTo(10);
    expect(g.body.height).toBeCloseTo(80);
  });

  it("keeps a flat candle visible", () => {
    const g = candleGeometry({ x: 0, y: 50, width: 4, height: 0 }, { o: 5, h: 5, l: 5, c: 5 });
    expect(g.body.height).toBe(1);
    expect(g.wick.y1).toBe(g.wick.y2);
  });
});

describe("CandleShape", () => {
  it("draws the wick and body in the up or down colour", () => {
    const bar = { t: 0, v: 1, n: 1 };
    const { container } = render(
      <svg>
        <CandleShape x={10} y={0} width={10} height={100} payload={{ ...bar, o: 102, h: 110, l: 100, c: 108 }} />
        <CandleShape x={30} y={0} width={10} height={100} payload={{ ...bar, o: 109, h: 110, l: 100, c: 101 }} />
      </svg>,
    );
    const [up, down] = [...container.querySelectorAll("g.candle")];
    expect(up!.getAttribute("data-trend")).toBe("up");
    expect(up!.querySelector("rect")!.getAttribute("fill")).toBe("var(--up)");
    expect(up!.querySelector("line")!.getAttribute("stroke")).toBe("var(--up)");
    expect(down!.querySelector("rect")!.getAttribute("fill")).toBe("var(--down)");
    expect(Number(down!.querySelector("rect")!.getAttribute("height"))).toBeCloseTo(80);
  });
});
