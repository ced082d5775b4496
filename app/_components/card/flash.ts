/**
 * Restarts a short highlight on an element without forcing layout: the data-flash value
 * alternates between two keyframe names ("up-a"/"up-b"), and a changed animation-name restarts.
 */
export function flash(element: HTMLElement, direction: "up" | "down"): void {
  const previous = element.dataset.flash;
  element.dataset.flash = previous === `${direction}-a` ? `${direction}-b` : `${direction}-a`;
}
