import { describe, expect, it } from "vitest";
import { areaPaths } from "./areaPath";

describe("areaPaths", () => {
  it("scales time to the width and price to the height, highest price at the top", () => {
    const paths = areaPaths(
      [
        { t: 0, price: 10 },
        { t: 50, price: 20 },
        { t: 100, price: 15 },
      ],
      200,
      40,
      0,
    );
    expect(paths).toEqual({ line: "M0,40L100,0L200,20", area: "M0,40L100,0L200,20L200,40L0,40Z" });
  });

  it("keeps padding free and draws a flat series through the middle", () => {
    expect(areaPaths([{ t: 0, price: 1 }, { t: 1, price: 2 }], 10, 10, 2)?.line).toBe("M0,8L10,2");
    expect(areaPaths([{ t: 0, price: 5 }, { t: 1, price: 5 }], 10, 10)?.line).toBe("M0,5L10,5");
  });

  it("needs two points", () => {
    expect(areaPaths([], 10, 10)).toBeNull();
    expect(areaPaths([{ t: 0, price: 1 }], 10, 10)).toBeNull();
  });
});
