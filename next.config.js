/**
 * Next.js configuration (ESM: the package is "type": "module").
 * The feed URL is NOT configured here: the root layout reads FEED_PUBLIC_URL / FEED_PORT at
 * request time, so the same build can serve any deployment.
 */

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,

  /**
   * `next build` type-checks only the dashboard's own files (app/ and the lib/ code it imports);
   * `npm test` type-checks the whole repository, so a type error in the feed server or a
   * benchmark is still caught, but cannot stop the dashboard from building.
   */
  typescript: { tsconfigPath: "tsconfig.next.json" },

  /**
   * `next dev` serves its dev resources only to localhost by default; the scripts and tests
   * open the dashboard at 127.0.0.1 too (production builds are not affected).
   */
  allowedDevOrigins: ["127.0.0.1"],

  /**
   * Who may frame which page. Every route except /embed/* may only be framed by the dashboard's
   * own origin: CSP `frame-ancestors 'self'`, plus X-Frame-Options for browsers without CSP 2.
   * The widget pages under /embed/* get neither here: their `frame-ancestors` comes from
   * EMBED_ALLOWED_ORIGINS, which is runtime configuration, and `headers()` is evaluated once by
   * `next build` (the result is frozen into routes-manifest.json), so proxy.ts sets it per request.
   */
  async headers() {
    return [
      {
        // Any path but /embed and /embed/...; "/embedded" is not exempt.
        source: "/:path((?!embed(?:/|$)).*)",
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'self'" },
          { key: "X-Frame-Options", value: "SAMEORIGIN" },
        ],
      },
    ];
  },
};

export default nextConfig;
