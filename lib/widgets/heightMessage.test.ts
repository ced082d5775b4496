import { describe, expect, it } from "vitest";
import { heightMessage, MAX_FRAME_HEIGHT, readHeightMessage } from "./heightMessage";

describe("height messages", () => {
  it("round-trips and rounds the height up", () => {
    expect(readHeightMessage(heightMessage("tw1-0", 131.2))).toEqual({ type: "tickwire:height", id: "tw1-0", height: 132 });
    expect(readHeightMessage({ type: "tickwire:height", id: null, height: 40 })).toEqual({ type: "tickwire:height", id: null, height: 40 });
  });

  it("ignores anything else", () => {
    for (const data of [
      null,
      "tickwire:height",
      { type: "other", id: "a", height: 1 },
      { type: "tickwire:height", id: 5, height: 1 },
      { type: "tickwire:height", id: "a", height: "100" },
      { type: "tickwire:height", id: "a", height: -1 },
      { type: "tickwire:height", id: "a", height: Number.NaN },
      { type: "tickwire:height", id: "a", height: MAX_FRAME_HEIGHT + 1 },
    ]) {
      expect(readHeightMessage(data)).toBeNull();
    }
  });
});
