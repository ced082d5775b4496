/** /widgets: the widget builder. Pick a widget and its options, preview it live, copy the snippet. */
import type { Metadata } from "next";
import { WidgetBuilder } from "./WidgetBuilder";
import "./widgets.css";

export const metadata: Metadata = { title: "Widgets" };

export default function WidgetsPage() {
  return <WidgetBuilder />;
}
