// @vitest-environment happy-dom
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { OhlcTooltip } from "./OhlcTooltip";

afterEach(() => cleanup());

const bar = { t: Date.UTC(2026, 6, 1, 13, 30), o: 231.5, h: 232.25, l: 231.1, c: 232, v: 1_234_567, n: 10 };

describe("OhlcTooltip", () => {
  it("shows O, H, L, C, V and the bar's time in the exchange time zone, labelled", () => {
    const { container } = render(<OhlcTooltip active payload={[{ payload: bar }]} timeZone="America/New_York" daily={false} />);
    expect(container.querySelector(".ohlc-tooltip__time")!.textContent).toBe("Jul 1, 09:30 New York");
    expect([...container.querySelectorAll("dd")].map((d) => d.textContent)).toEqual(["231.50", "232.25", "231.10", "232.00", "1.23M"]);
  });

  it("shows crypto bars in UTC and nothing while inactive", () => {
    const { container, rerender } = render(<OhlcTooltip active payload={[{ payload: bar }]} timeZone="UTC" daily={false} />);
    expect(container.querySelector(".ohlc-tooltip__time")!.textContent).toBe("Jul 1, 13:30 UTC");
    rerender(<OhlcTooltip active={false} payload={[{ payload: bar }]} timeZone="UTC" daily={false} />);
    expect(container.querySelector(".ohlc-tooltip")).toBeNull();
  });
});
