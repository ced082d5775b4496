import { describe, expect, it } from "vitest";
import { embedOriginAllowed, frameAncestors } from "./frameAncestors";

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

describe("embedOriginAllowed (who may ask /api/feed-token for a token)", () => {
  it("allows any origin with the default *", () => {
    expect(embedOriginAllowed("https://evil.example", undefined)).toBe(true);
  });

  it("allows only listed origins, exactly, and subdomains of a wildcard entry", () => {
    const list = "https://news.example, https://*.blog.example:8443";
    expect(embedOriginAllowed("https://news.example", list)).toBe(true);
    expect(embedOriginAllowed("HTTPS://NEWS.example", list)).toBe(true);
    expect(embedOriginAllowed("https://evil.example", list)).toBe(false);
    expect(embedOriginAllowed("http://news.example", list)).toBe(false);
    expect(embedOriginAllowed("https://news.example:444", list)).toBe(false);
    expect(embedOriginAllowed("https://news.example.evil.example", list)).toBe(false);
    expect(embedOriginAllowed("https://a.blog.example:8443", list)).toBe(true);
    expect(embedOriginAllowed("https://a.b.blog.example:8443", list)).toBe(true);
    expect(embedOriginAllowed("https://blog.example:8443", list)).toBe(false);
    expect(embedOriginAllowed("https://a.blog.example", list)).toBe(false);
    expect(embedOriginAllowed("https://evilblog.example:8443", list)).toBe(false);
  });
});
