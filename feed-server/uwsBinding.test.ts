import { describe, expect, it } from "vitest";
import { describeBindingFailure, isNativeBinding, loadUws } from "./uwsBinding";

describe("uWebSockets.js binding check", () => {
  it("accepts the native binding installed here", () => {
    expect(isNativeBinding(loadUws())).toBe(true);
  });

  it("rejects a JS App, as the ws fallback provides", () => {
    function App() {
      return {};
    }
    expect(isNativeBinding({ App: App as never })).toBe(false);
    expect(isNativeBinding({})).toBe(false);
  });

  it("explains what failed and how to fix it", () => {
    const text = describeBindingFailure("test reason");
    expect(text).toContain("test reason");
    expect(text).toContain(process.version);
    expect(text).toMatch(/glibc 2\.38/);
  });
});
