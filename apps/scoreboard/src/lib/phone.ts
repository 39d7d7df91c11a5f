// The big screen is a 1920x1080 stage for a projector: on a phone it would be letterboxed to an
// unreadable strip, so the screen suggests the team view there instead.

/** Phones (portrait or landscape) have a short side under 600 CSS pixels; tablets and TVs do not. */
export function isPhoneViewport(width: number, height: number): boolean {
  return Math.min(width, height) < 600;
}
