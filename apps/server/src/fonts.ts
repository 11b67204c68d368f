/**
 * `GET /fonts/:file`: the fonts shipped in packages/render/fonts (their licences
 * are beside them), for the editor's canvas and for published pages, from this
 * origin so that `font-src 'self'` allows them. Only the files BUNDLED_FONTS
 * names are served; any other name is not this route's.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED_FONTS } from '@tandem/render';
import type { RequestHandler } from 'express';

/** The same three levels up from src/ (tsx) and from dist/ (the built bundle). */
const FONTS_DIR = fileURLToPath(new URL('../../../packages/render/fonts/', import.meta.url));

export function serveFonts(dir: string = FONTS_DIR): RequestHandler {
  const files = new Map(BUNDLED_FONTS.map((font) => [font.file, path.join(dir, font.file)]));
  return (req, res, next) => {
    const file = files.get(String(req.params.file));
    if (file === undefined) return next();
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // A day, not forever: a release may ship a newer file under the same name.
    res.sendFile(file, { maxAge: '1d', headers: { 'Content-Type': 'font/woff2' } }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  };
}
