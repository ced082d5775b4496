// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFeedMock } from "../_test/feedMock";
import { renderWithFeed } from "../_test/renderWithFeed";
import { ConnectionStatus } from "./ConnectionStatus";

const feed = createFeedMock({ AAPL: { open: 100, ticks: [] } });

beforeAll(() => feed.server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  feed.acceptNew();
});
afterAll(() => feed.server.close());

describe("ConnectionStatus", () => {
  it("says Live with the measured latency once the feed has welcomed us", async () => {
    renderWithFeed(<ConnectionStatus />);
    const status = screen.getByRole("status");
    await waitFor(() => expect(status.textContent).toMatch(/^Live · \d+ ms$/));
  });

  it("goes from Live to Reconnecting… when the feed closes the socket, and back", async () => {
    renderWithFeed(<ConnectionStatus />);
    const status = screen.getByRole("status");
    await waitFor(() => expect(status.textContent).toMatch(/^Live/));

    feed.dropAll({ refuseNew: true });
    await waitFor(() => expect(status.textContent).toBe("Reconnecting…"));
    expect(status.dataset.state).toBe("reconnecting");

    feed.acceptNew();
    await waitFor(() => expect(status.textContent).toMatch(/^Live/), { timeout: 3_000 });
  });
});
