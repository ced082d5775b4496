/**
 * EMBED_ALLOWED_ORIGINS → the CSP `frame-ancestors` source list for /embed pages.
 * The tickwire origin itself ('self') is always allowed, so the builder's preview works.
 */

export const DEFAULT_EMBED_ANCESTORS = "*";

export interface FrameAncestorsResult {
  /** The value for `Content-Security-Policy: frame-ancestors <value>`. */
  value: string;
  /** Entries that were ignored, and why. */
  warnings: string[];
}

/** scheme://host[:port], where host may start with a "*." wildcard as CSP allows. */
const ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

/**
 * Comma- or space-separated origins, or `*` for any. Unset or empty means the default `*`.
 * Invalid entries are skipped with a warning; if none is left, only 'self' may frame.
 */
export function frameAncestors(raw: string | undefined): FrameAncestorsResult {
  const entries = (raw ?? "").split(/[\s,]+/).filter((entry) => entry !== "");
  if (entries.length === 0 || entries.includes("*")) return { value: DEFAULT_EMBED_ANCESTORS, warnings: [] };

  const sources = ["'self'"];
  const warnings: string[] = [];
  for (const entry of entries) {
    const origin = entry.replace(/\/$/, "");
    if (ORIGIN.test(origin)) {
      if (!sources.includes(origin)) sources.push(origin);
    } else if (origin !== "'self'") {
      warnings.push(`EMBED_ALLOWED_ORIGINS entry ${JSON.stringify(entry)} is not an origin such as https://news.example; ignored`);
    }
  }
  return { value: sources.join(" "), warnings };
}

/**
 * Whether `origin` (as a browser sends it in the Origin header) is one EMBED_ALLOWED_ORIGINS lets
 * embed the widgets, by the same list and the same wildcard rule as `frame-ancestors`: `*` allows
 * any, and `https://*.b.example` allows any subdomain of b.example (not b.example itself).
 */
export function embedOriginAllowed(origin: string, raw: string | undefined): boolean {
  const { value } = frameAncestors(raw);
  if (value === "*") return true;
  const lower = origin.toLowerCase();
  for (const source of value.split(" ")) {
    if (source === "'self'") continue;
    const entry = source.toLowerCase();
    if (entry === lower) return true;
    const star = entry.indexOf("://*.");
    if (star < 0) continue;
    const scheme = entry.slice(0, star + 3);
    const suffix = entry.slice(star + 4); // ".b.example[:port]"
    if (lower.startsWith(scheme) && lower.endsWith(suffix) && lower.length > scheme.length + suffix.length) {
      const label = lower.slice(scheme.length, lower.length - suffix.length);
      if (/^[a-z0-9.-]+$/.test(label) && !label.startsWith(".") && !label.endsWith(".")) return true;
    }
  }
  return false;
}
