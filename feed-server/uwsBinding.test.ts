import { describe, expect, it } from "vitest";
import { loadUws } from "./uwsBinding";
import { isNativeBinding } from "./uwsChooser";

describe("loadUws", () => {
  it("loads a native build once and says which", () => {
    const first = loadUws();
    expect(isNativeBinding(first.uws)).toBe(true);
    expect(first.build.name).toMatch(/uws|uwebsockets/i);
    expect(first.build.version).toMatch(/^20\.\d+\.\d+/);
    expect(loadUws()).toBe(first);
  });
});
