/** Fitting a tablet or mobile frame into the room between the panels. */

/** How much a frame wider than the room it has is zoomed out to fit (1 when it fits). */
export function zoomToFit(width: number | undefined, available: number): number {
  if (!width || available <= 0 || available >= width) return 1;
  return Math.max(0.25, Math.floor((available / width) * 100) / 100);
}

/** The zoom the frame is drawn at: positions measured on screen are divided by it to place things inside the frame. */
export function zoomOf(frame: HTMLElement): number {
  const zoom = Number(frame.dataset.zoom);
  return Number.isFinite(zoom) && zoom > 0 ? zoom : 1;
}
