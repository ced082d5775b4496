import { describe, expect, it } from "vitest";
import { assessHealth } from "./healthStatus";

const live = (...symbols: string[]) => symbols.map((symbol) => ({ symbol, state: "live" as const }));
const stale = (...symbols: string[]) => symbols.map((symbol) => ({ symbol, state: "stale" as const }));

describe("assessHealth", () => {
  it("is ok when the source runs and every symbol is live", () => {
    expect(assessHealth({ sourceRunning: true, symbols: live("AAPL", "MSFT"), source: {} })).toEqual({ status: "ok", reasons: [] });
  });

  it("is down when the source is stopped", () => {
    expect(assessHealth({ sourceRunning: false, symbols: live("AAPL"), source: undefined })).toEqual({ status: "down", reasons: ["source stopped"] });
  });

  it("is degraded with the stale symbols named, and down when none is live", () => {
    const some = assessHealth({ sourceRunning: true, symbols: [...live("AAPL"), ...stale("MSFT")], source: {} });
    expect(some).toEqual({ status: "degraded", reasons: ["source stale: 1 of 2 symbols (MSFT)"] });
    const all = assessHealth({ sourceRunning: true, symbols: stale("AAPL", "MSFT"), source: {} });
    expect(all.status).toBe("down");
  });

  it("names at most ten stale symbols", () => {
    const many = Array.from({ length: 12 }, (_, i) => `S${i}`);
    const v = assessHealth({ sourceRunning: true, symbols: [...stale(...many), ...live("AAPL")], source: {} });
    expect(v.reasons[0]).toMatch(/^source stale: 12 of 13 symbols \(S0, .*S9 and 2 more\)$/);
  });

  it("reports NATS away from the bus state", () => {
    const v = assessHealth({ sourceRunning: true, symbols: live("AAPL"), source: { bus: { kind: "nats", state: "disconnected" } } });
    expect(v).toEqual({ status: "degraded", reasons: ["NATS away (bus disconnected)"] });
    expect(assessHealth({ sourceRunning: true, symbols: live("AAPL"), source: { bus: { state: "connected" } } }).status).toBe("ok");
  });

  it("reports an upstream's refusal with its reason, or a plain disconnect", () => {
    const refused = assessHealth({
      sourceRunning: true,
      symbols: live("AAPL"),
      source: { upstream: { state: "reconnecting", refused: { code: 4401, reason: "Unauthorized: token expired" } } },
    });
    expect(refused).toEqual({ status: "degraded", reasons: ["upstream refused: 4401 Unauthorized: token expired"] });
    const gone = assessHealth({ sourceRunning: true, symbols: live("AAPL"), source: { upstream: { state: "disconnected" } } });
    expect(gone.reasons).toEqual(["upstream disconnected"]);
  });
});
