import { afterEach, describe, expect, it, vi } from "vitest";
import { Emitter } from "./emitter";

interface Events {
  count: number;
  name: string;
}

describe("Emitter", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("delivers values only to listeners of that event", () => {
    const emitter = new Emitter<Events>();
    const counts: number[] = [];
    const names: string[] = [];
    emitter.on("count", (n) => counts.push(n));
    emitter.on("name", (s) => names.push(s));
    emitter.emit("count", 1);
    emitter.emit("name", "a");
    emitter.emit("count", 2);
    expect(counts).toEqual([1, 2]);
    expect(names).toEqual(["a"]);
  });

  it("the returned function removes the listener, and only that one", () => {
    const emitter = new Emitter<Events>();
    const a: number[] = [];
    const b: number[] = [];
    const offA = emitter.on("count", (n) => a.push(n));
    emitter.on("count", (n) => b.push(n));
    offA();
    offA();
    emitter.emit("count", 3);
    expect(a).toEqual([]);
    expect(b).toEqual([3]);
    expect(emitter.listenerCount("count")).toBe(1);
  });

  it("a listener removing itself during emit does not skip the next listener", () => {
    const emitter = new Emitter<Events>();
    const seen: string[] = [];
    const off = emitter.on("count", () => {
      seen.push("first");
      off();
    });
    emitter.on("count", () => seen.push("second"));
    emitter.emit("count", 1);
    emitter.emit("count", 2);
    expect(seen).toEqual(["first", "second", "second"]);
  });

  it("a throwing listener does not stop the others, and its error is rethrown asynchronously", async () => {
    const emitter = new Emitter<Events>();
    const rethrown: unknown[] = [];
    vi.spyOn(globalThis, "queueMicrotask").mockImplementation((fn) => {
      try {
        fn();
      } catch (error) {
        rethrown.push(error);
      }
    });
    const seen: number[] = [];
    emitter.on("count", () => {
      throw new Error("listener bug");
    });
    emitter.on("count", (n) => seen.push(n));
    expect(() => emitter.emit("count", 5)).not.toThrow();
    expect(seen).toEqual([5]);
    expect(rethrown).toHaveLength(1);
    expect(String(rethrown[0])).toContain("listener bug");
  });
});
