import { describe, expect, it } from "vitest";
import { RingBuffer } from "./ringBuffer";

describe("RingBuffer", () => {
  it("keeps items oldest first until full", () => {
    const rb = new RingBuffer<number>(3);
    rb.push(1);
    rb.push(2);
    expect(rb.size).toBe(2);
    expect(rb.last(10)).toEqual([1, 2]);
    expect(rb.oldest()).toBe(1);
    expect(rb.newest()).toBe(2);
  });

  it("overwrites the oldest item once full", () => {
    const rb = new RingBuffer<number>(3);
    for (let i = 1; i <= 7; i++) rb.push(i);
    expect(rb.size).toBe(3);
    expect(rb.last(3)).toEqual([5, 6, 7]);
    expect(rb.at(0)).toBe(5);
    expect(rb.at(3)).toBeUndefined();
    expect(rb.at(-1)).toBeUndefined();
  });

  it("returns the newest n items in order", () => {
    const rb = new RingBuffer<string>(5);
    for (const s of "abcdefg") rb.push(s);
    expect(rb.last(2)).toEqual(["f", "g"]);
    expect(rb.last(0)).toEqual([]);
  });

  it("clears", () => {
    const rb = new RingBuffer<number>(2);
    rb.push(1);
    rb.clear();
    expect(rb.size).toBe(0);
    expect(rb.newest()).toBeUndefined();
  });

  it("rejects a non-positive capacity", () => {
    expect(() => new RingBuffer(0)).toThrow(/positive integer/);
    expect(() => new RingBuffer(1.5)).toThrow(/positive integer/);
  });
});
