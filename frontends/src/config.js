// Tunable constants of the frontends.

/** Kiosk idle reset: ms without touch, mouse or key input before the kiosk returns home. */
export const KIOSK_IDLE_MS = 60_000

/** The kiosk idle timeout in force: tests may set window.__OWH_KIOSK_IDLE_MS before the page loads. */
export function kioskIdleMs() {
  const override = Number(typeof window !== 'undefined' ? window.__OWH_KIOSK_IDLE_MS : undefined)
  return Number.isFinite(override) && override > 0 ? override : KIOSK_IDLE_MS
}
