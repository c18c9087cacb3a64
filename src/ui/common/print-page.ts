/** The printable width of an A4 page with 14 mm margins (`@page` in PrintView), in CSS px. */
export const PORTRAIT = Math.floor(((210 - 28) / 25.4) * 96);
/** The same on a landscape page (`@page wide`). */
export const LANDSCAPE = Math.floor(((297 - 28) / 25.4) * 96);
/** The printable height of an A4 portrait page with the same margins, in CSS px. */
export const PORTRAIT_HEIGHT = Math.floor(((297 - 28) / 25.4) * 96);
