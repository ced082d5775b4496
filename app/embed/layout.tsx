/**
 * Root layout of the embeddable widgets (/embed/*). It is a root layout of its own, not nested in
 * the dashboard's (app/(dashboard)/layout.tsx), so a widget page carries no header, navigation,
 * dashboard CSS or dashboard feed connection: only its widget. Theme and transparency are
 * per widget (query options), applied by WidgetShell, so html and body stay transparent here.
 */
import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./embed.css";

export const metadata: Metadata = {
  title: { default: "tickwire widget", template: "%s · tickwire widget" },
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function EmbedLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
