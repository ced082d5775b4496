import { describe, expect, it } from "vitest";
import { frameAncestors } from "./frameAncestors";

describe("frameAncestors (EMBED_ALLOWED_ORIGINS)", () => {
  it("allows any site by default", () => {
    expect(frameAncestors(undefined)).toEqual({ value: "*", warnings: [] });
    expect(frameAncestors(" ")).toEqual({ value: "*", warnings: [] });
    expect(frameAncestors("https://a.example,*")).toEqual({ value: "*", warnings: [] });
  });

  it("lists the given origins after 'self', comma- or space-separated, wildcards allowed", () => {
    expect(frameAncestors("https://a.example, http://localhost:8080 https://*.b.example/ https://a.example").value).toBe(
      "'self' https://a.example http://localhost:8080 https://*.b.example",
    );
  });

  it("skips entries that are not origins, with a warning each", () => {
    const result = frameAncestors("https://a.example/path,javascript:alert(1),'unsafe-inline'");
    expect(result.value).toBe("'self'");
    expect(result.warnings).toHaveLength(3);
  });
});
