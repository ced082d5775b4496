import { describe, expect, it } from "vitest";
import { escapeAttribute, iframeSnippet, scriptSnippet } from "./snippets";

describe("snippets", () => {
  it("writes the script-tag form with only the options that are set", () => {
    expect(
      scriptSnippet({ origin: "https://ticks.example", kind: "mini-chart", params: { symbol: "AAPL", theme: "dark", locale: "" } }),
    ).toBe(
      '<div data-tickwire-widget="mini-chart" data-symbol="AAPL" data-theme="dark"></div>\n' +
        '<script async src="https://ticks.example/widget.js"></script>',
    );
  });

  it("writes sizes into the script-tag form", () => {
    expect(
      scriptSnippet({ origin: "http://127.0.0.1:3000", kind: "ticker-tape", params: { symbols: "AAPL,MSFT", transparent: "1" }, width: "600px", height: 50 }),
    ).toContain('data-symbols="AAPL,MSFT" data-transparent="1" data-width="600px" data-height="50"');
  });

  it("writes the iframe form with a fixed size and no frame id", () => {
    expect(iframeSnippet({ origin: "https://ticks.example", kind: "quote", params: { symbol: "AAPL", id: "x" }, width: "320px" })).toBe(
      '<iframe src="https://ticks.example/embed/quote?symbol=AAPL" title="tickwire quote" width="320" height="132" ' +
        'style="border:0;color-scheme:normal" loading="lazy"></iframe>',
    );
  });

  it("escapes attribute values", () => {
    expect(escapeAttribute(`a"b<c>&`)).toBe("a&quot;b&lt;c&gt;&amp;");
    expect(scriptSnippet({ origin: "https://t.example", kind: "quote", params: { symbol: '"><script>' } })).toContain(
      'data-symbol="&quot;&gt;&lt;script&gt;"',
    );
  });
});
