import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildLoader, LOADER_GZIP_BUDGET, LOADER_OUTPUT } from "./buildLoader";

describe("public/widget.js", () => {
  const committed = readFileSync(LOADER_OUTPUT, "utf8");

  it("is the current build of lib/widgets/loader.ts (else run: npx tsx lib/widgets/buildLoader.ts)", async () => {
    expect(committed).toBe(await buildLoader());
  });

  it(`stays under ${LOADER_GZIP_BUDGET} bytes gzipped`, () => {
    const size = gzipSync(committed, { level: 9 }).byteLength;
    expect(size).toBeLessThan(LOADER_GZIP_BUDGET);
  });

  it("has no imports or requires left: it runs as a classic script on any page", () => {
    expect(committed).not.toMatch(/\bimport\s*[({"']|\brequire\(/);
  });
});
