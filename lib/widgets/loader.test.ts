// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"navigation":{"disableChildFrameNavigation":true}}}
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../testing/waitFor";
import { installLoader, type WidgetLoader } from "./loader";

const SCRIPT = "http://ticks.test:3000/widget.js";
let loader: WidgetLoader | null = null;

afterEach(() => {
  loader?.stop();
  loader = null;
  document.body.replaceChildren();
});

function widget(attrs: Record<string, string>): HTMLDivElement {
  const div = document.createElement("div");
  for (const [name, value] of Object.entries(attrs)) div.setAttribute(name, value);
  return div;
}

function frameIn(el: Element): HTMLIFrameElement {
  const frame = el.querySelector("iframe");
  if (!frame) throw new Error(`no iframe in ${el.outerHTML}`);
  return frame;
}

/** Dispatches a message event as the browser would deliver it from `source`. */
function post(data: unknown, origin: string, source: Window | null): void {
  window.dispatchEvent(new MessageEvent("message", { data, origin, source }));
}

describe("widget loader", () => {
  it("turns every widget div into a sized iframe of its embed page on the script's origin", () => {
    document.body.append(
      widget({ "data-tickwire-widget": "mini-chart", "data-symbol": "AAPL", "data-theme": "dark", "data-width": "320" }),
      widget({ "data-tickwire-widget": "ticker-tape", "data-symbols": "AAPL,MSFT" }),
    );
    loader = installLoader(window, SCRIPT);
    const [chart, tape] = [...document.querySelectorAll("[data-tickwire-widget]")].map(frameIn);
    expect(chart!.src).toMatch(/^http:\/\/ticks\.test:3000\/embed\/mini-chart\?symbol=AAPL&theme=dark&id=tw[a-z0-9]+-0$/);
    expect(chart!.style.width).toBe("320px");
    expect(chart!.style.height).toBe("190px");
    expect(chart!.title).toBe("tickwire mini chart: AAPL");
    expect(tape!.src).toContain("/embed/ticker-tape?symbols=AAPL,MSFT&id=");
  });

  it("mounts widgets added after it ran, once each", async () => {
    loader = installLoader(window, SCRIPT);
    const late = widget({ "data-tickwire-widget": "quote", "data-symbol": "MSFT" });
    const wrapper = document.createElement("section");
    wrapper.append(late);
    document.body.append(wrapper);
    await waitFor(() => late.querySelector("iframe") !== null, "the late widget's iframe", 2_000);
    loader.scan(document);
    expect(late.querySelectorAll("iframe")).toHaveLength(1);
  });

  it("writes an inline message for an unknown widget kind", () => {
    document.body.append(widget({ "data-tickwire-widget": "pie" }));
    loader = installLoader(window, SCRIPT);
    expect(document.body.textContent).toBe("tickwire: unknown widget “pie” (ticker-tape, mini-chart, quote or symbol-overview)");
  });

  it("resizes a frame only from its own window on the tickwire origin", () => {
    const el = widget({ "data-tickwire-widget": "quote", "data-symbol": "AAPL" });
    document.body.append(el);
    loader = installLoader(window, SCRIPT);
    const frame = frameIn(el);
    const id = el.dataset.tickwireFrame!;
    const own = frame.contentWindow; // frames get a window here but navigate nowhere
    expect(own).not.toBeNull();

    post({ type: "tickwire:height", id, height: 99 }, "http://evil.test", own);
    post({ type: "tickwire:height", id, height: 98 }, "http://ticks.test:3000", window);
    post({ type: "tickwire:height", id: "other", height: 97 }, "http://ticks.test:3000", own);
    post({ type: "tickwire:height", id, height: "96" }, "http://ticks.test:3000", own);
    expect(frame.style.height).toBe("132px");

    post({ type: "tickwire:height", id, height: 150.4 }, "http://ticks.test:3000", own);
    expect(frame.style.height).toBe("151px");
  });

  it("installs once per origin when the snippet is pasted twice", () => {
    loader = installLoader(window, SCRIPT);
    expect(installLoader(window, "http://ticks.test:3000/widget.js?v=2")).toBe(loader);
  });
});
