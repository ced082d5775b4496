import { describe, expect, it } from "vitest";
import { embedUrl } from "./embedUrl";
import { cssWidth, frameSpecFor, INITIAL_HEIGHTS, pixels } from "./loaderOptions";

const BASE = "https://ticks.example:8443";

describe("frameSpecFor (widget.js reading a div's data-* attributes)", () => {
  it("maps a mini chart to its embed page on the script's origin", () => {
    const result = frameSpecFor(BASE, { tickwireWidget: "mini-chart", symbol: "AAPL", theme: "dark", range: "15m" }, "tw1-0");
    expect(result).toEqual({
      ok: true,
      frame: {
        kind: "mini-chart",
        src: "https://ticks.example:8443/embed/mini-chart?symbol=AAPL&range=15m&theme=dark&id=tw1-0",
        width: "100%",
        height: INITIAL_HEIGHTS["mini-chart"],
        title: "tickwire mini chart: AAPL",
      },
    });
  });

  it("keeps commas readable and encodes everything else", () => {
    const result = frameSpecFor(BASE, { tickwireWidget: "ticker-tape", symbols: "AAPL,MSFT,BTC-USD", locale: "de-DE", transparent: "" }, "x");
    expect(result.ok && result.frame.src).toBe(
      "https://ticks.example:8443/embed/ticker-tape?symbols=AAPL,MSFT,BTC-USD&transparent=1&locale=de-DE&id=x",
    );
    const odd = frameSpecFor(BASE, { tickwireWidget: "quote", symbol: "A&B=C D" }, "x");
    expect(odd.ok && odd.frame.src).toBe("https://ticks.example:8443/embed/quote?symbol=A%26B%3DC%20D&id=x");
  });

  it("passes invalid option values through for the embed page to report", () => {
    const result = frameSpecFor(BASE, { tickwireWidget: "quote", symbol: "??", theme: "blue" }, "x");
    expect(result.ok && result.frame.src).toBe("https://ticks.example:8443/embed/quote?symbol=%3F%3F&theme=blue&id=x");
  });

  it("sizes the frame from data-width and data-height", () => {
    const result = frameSpecFor(BASE, { tickwireWidget: "quote", symbol: "AAPL", width: "320", height: "150" }, "x");
    expect(result.ok && [result.frame.width, result.frame.height]).toEqual(["320px", 150]);
  });

  it("refuses unknown widget kinds with a message for the host page", () => {
    expect(frameSpecFor(BASE, { tickwireWidget: "chart" }, "x")).toEqual({
      ok: false,
      error: "unknown widget “chart” (ticker-tape, mini-chart, quote or symbol-overview)",
    });
    expect(frameSpecFor(BASE, {}, "x").ok).toBe(false);
  });
});

describe("sizes", () => {
  it("accepts plain numbers and CSS lengths as widths, else 100%", () => {
    expect(["300", "300px", "50%", "20em", "12.5rem", "", undefined, "calc(1px)", "10;color:red"].map(cssWidth)).toEqual([
      "300px",
      "300px",
      "50%",
      "20em",
      "12.5rem",
      "100%",
      "100%",
      "100%",
      "100%",
    ]);
  });

  it("accepts pixel heights only", () => {
    expect(["180", "180px", " 90 ", "1e3", "-5", "50%", undefined].map(pixels)).toEqual([180, 180, 90, null, null, null, null]);
  });
});

describe("embedUrl", () => {
  it("leaves out absent and empty options and ignores the base's path", () => {
    expect(embedUrl("http://127.0.0.1:3000/widgets?x=1", "quote", { symbol: "AAPL", locale: "", theme: undefined })).toBe(
      "http://127.0.0.1:3000/embed/quote?symbol=AAPL",
    );
  });
});
