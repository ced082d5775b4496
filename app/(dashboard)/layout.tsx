/**
 * Root layout (server component, rendered per request). It reads the feed's public URL and port
 * from the environment at request time and hands them to the client-side FeedProvider, so one
 * build can be pointed at any feed by changing FEED_PUBLIC_URL / FEED_PORT and restarting.
 */
import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { ConnectionStatus } from "../_components/ConnectionStatus";
import { ThemeToggle } from "../_components/ThemeToggle";
import { FeedProvider } from "../_feed/FeedProvider";
import { FEED_TOKEN_PATH, feedConfigFromEnv, feedTokensEnabled } from "../_feed/serverFeedConfig";
import { THEME_COOKIE, isTheme } from "../_lib/theme";
import "../globals.css";
import "../dashboard.css";
import "../detail.css";

export const metadata: Metadata = {
  title: { default: "tickwire", template: "%s · tickwire" },
  description: "Live stock and crypto prices over WebSocket.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f7f9" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1115" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection(); // environment is read per request, never frozen into the build
  const feedConfig = feedConfigFromEnv();
  const theme = (await cookies()).get(THEME_COOKIE)?.value;

  return (
    <html lang="en" data-theme={isTheme(theme) ? theme : undefined} suppressHydrationWarning>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <FeedProvider config={feedConfig} tokenPath={feedTokensEnabled() ? FEED_TOKEN_PATH : null}>
          <header className="app-header">
            <Link href="/" className="brand" prefetch={false}>
              tick<span>wire</span>
            </Link>
            <div className="app-header__tools">
              <Link href="/markets" prefetch={false}>
                Markets
              </Link>
              <Link href="/widgets" prefetch={false}>
                Widgets
              </Link>
              <ConnectionStatus />
              <ThemeToggle />
            </div>
          </header>
          <main id="main" className="app-main">
            {children}
          </main>
        </FeedProvider>
      </body>
    </html>
  );
}
