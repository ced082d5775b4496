// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFeedMock } from "../../_test/feedMock";
import { renderWithFeed } from "../../_test/renderWithFeed";
import { SymbolDetail } from "./SymbolDetail";

const now = Date.now();
const feed = createFeedMock({
  NVDA: {
    open: 100,
    ticks: [
      { seq: 1, price: 101, size: 5, ts: now - 2_000 },
      { seq: 2, price: 99, size: 7, ts: now - 1_000 },
    ],
  },
});

beforeAll(() => feed.server.listen({ onUnhandledRequest: "error" }));
afterEach(() => cleanup());
afterAll(() => feed.server.close());

function stat(name: string): string {
  const list = screen.getByLabelText("Session statistics");
  const term = within(list).getByText(name);
  return term.nextElementSibling?.textContent ?? "";
}

describe("SymbolDetail", () => {
  it("shows session stats and the newest trades first, updating live", async () => {
    renderWithFeed(<SymbolDetail symbol="NVDA" />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("NVDA");
    await waitFor(() => expect(stat("Last")).toBe("99.00"));
    expect(stat("Open")).toBe("100.00");
    expect(stat("High")).toBe("101.00");
    expect(stat("Low")).toBe("99.00");
    expect(stat("Volume")).toBe("12");
    expect(stat("Change")).toBe("\u22121.00 (\u22121.00%)");

    const table = screen.getByRole("table", { name: "Recent trades" });
    expect(within(table).getAllByRole("row").slice(1).map((r) => r.getAttribute("data-seq"))).toEqual(["2", "1"]);

    feed.tick("NVDA", 105, 3);
    await waitFor(() => expect(stat("Last")).toBe("105.00"));
    expect(stat("High")).toBe("105.00");
    expect(stat("Volume")).toBe("15");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.getAttribute("data-seq"))).toEqual(["3", "2", "1"]);
    expect(rows[0]!.getAttribute("data-trend")).toBe("up");
  });

  it("explains an unknown symbol inline", async () => {
    renderWithFeed(<SymbolDetail symbol="NOPE" />);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/Unknown symbol/));
  });
});
