/**
 * The fonts shipped in the repository (fonts/README.md: files and licences),
 * declared once for the canvas and the published page. The server serves the
 * files at `/fonts/<file>` from the same origin (CSP `font-src 'self'`); a page
 * opened without it (an exported HTML file) falls back to the rest of the stack.
 * Family names end in "Variable" so that a visitor's own installed Inter is not
 * mistaken for ours, and existing stacks that name "Inter" look as they did.
 */

export interface BundledFont {
  family: string;
  file: string;
  /** The weight axis the file covers. */
  weights: readonly [number, number];
}

export const BUNDLED_FONTS: readonly BundledFont[] = [
  { family: 'Inter Variable', file: 'inter-latin-wght-normal.woff2', weights: [100, 900] },
  { family: 'Lora Variable', file: 'lora-latin-wght-normal.woff2', weights: [400, 700] },
  { family: 'JetBrains Mono Variable', file: 'jetbrains-mono-latin-wght-normal.woff2', weights: [100, 800] },
];

/** Where the server serves the files (apps/server, `GET /fonts/:file`). */
export const FONTS_PATH = '/fonts/';

/** Latin, as Fontsource subsets it: the files hold these code points only. */
const LATIN =
  'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD';

export const FONT_FACE_CSS = BUNDLED_FONTS.map(
  (font) => `@font-face {
  font-family: "${font.family}";
  font-style: normal;
  font-display: swap;
  font-weight: ${font.weights[0]} ${font.weights[1]};
  src: url("${FONTS_PATH}${font.file}") format("woff2");
  unicode-range: ${LATIN};
}
`,
).join('\n');
