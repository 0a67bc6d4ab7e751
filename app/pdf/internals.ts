/**
 * Every use of react-pdf, pdfkit and fontkit internals lives here (decision record 016): the render steps react-pdf's
 * `renderToBuffer` runs, driven with our own pdfkit document (footers and metadata drawn before the file is written),
 * and the patches of loaded fonts and of that pdfkit document that made the render fast and kept every glyph. They
 * rely on private structures of exactly the versions pinned below; `renderPath()` checks the installed versions once
 * per process (worker) and, if any differs, every render takes react-pdf's supported `renderToBuffer` path instead
 * (app/pdf/stamp.ts `renderSupported`): slower (a second layout pass for the page-number footer), same text.
 * PDF_RENDER_PATH=supported forces that path (tests, or an operator working around a broken patch).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ReactElement } from 'react';
import { Font, pdf } from '@react-pdf/renderer';
import layoutDocument from '@react-pdf/layout';
import renderPDF from '@react-pdf/render';
import PDFDocument from 'pdfkit';

/**
 * The versions whose internals the code below was written against and checked with (test/pdf/*). The first four are
 * pinned in package.json; the others come with @react-pdf/renderer and are checked so that an install that resolves a
 * different one falls back instead of patching the unknown.
 */
export const PINNED_VERSIONS: Record<string, string> = {
  '@react-pdf/renderer': '4.9.0',
  '@react-pdf/layout': '5.2.0',
  '@react-pdf/render': '4.7.0',
  pdfkit: '0.20.1',
  '@react-pdf/font': '4.1.2',
  '@react-pdf/textkit': '7.0.1',
  fontkit: '2.0.4',
};

const require = createRequire(import.meta.url);

/** The version in a package's package.json, found from its entry point (exports may hide package.json); null if absent. */
function versionOf(name: string, from: string): string | null {
  let entry: string;
  try {
    entry = createRequire(from).resolve(name);
  } catch {
    return null;
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name) return pkg.version ?? null;
  }
  return null;
}

/** Installed versions of the packages in PINNED_VERSIONS, resolved as react-pdf resolves them (fontkit via @react-pdf/font). */
export function installedVersions(): Record<string, string | null> {
  const here = require.resolve('@react-pdf/renderer');
  const font = (() => {
    try {
      return require.resolve('@react-pdf/font');
    } catch {
      return here;
    }
  })();
  return Object.fromEntries(Object.keys(PINNED_VERSIONS).map((name) => [name, versionOf(name, name === 'fontkit' ? font : here)]));
}

export type InternalsCheck = { ok: boolean; mismatches: string[] };

/** Whether the installed versions are the pinned ones; each mismatch named ("pdfkit 0.21.0 installed, 0.20.1 expected"). */
export function checkInternals(installed: Record<string, string | null> = installedVersions()): InternalsCheck {
  const mismatches = Object.entries(PINNED_VERSIONS)
    .filter(([name, want]) => installed[name] !== want)
    .map(([name, want]) => `${name} ${installed[name] ?? 'not found'} installed, ${want} expected`);
  return { ok: mismatches.length === 0, mismatches };
}

export type RenderPath = 'internals' | 'supported';
let chosen: { path: RenderPath; why: string } | null = null;

/** Which render path this process uses, decided once: PDF_RENDER_PATH=supported, or the version check. */
export function renderPath(): RenderPath {
  return renderPathChoice().path;
}

export function renderPathChoice(): { path: RenderPath; why: string } {
  if (chosen) return chosen;
  // The server validated PDF_RENDER_PATH at start-up (EnvSchema); a worker reads it from the env it was given.
  if (process.env.PDF_RENDER_PATH === 'supported') chosen = { path: 'supported', why: 'PDF_RENDER_PATH=supported' };
  else {
    const check = checkInternals();
    chosen = check.ok ? { path: 'internals', why: 'installed versions match' } : { path: 'supported', why: check.mismatches.join('; ') };
  }
  return chosen;
}

// ---- fontkit: loaded font objects ------------------------------------------------------------------------------

export type Glyph = { id: number; codePoints: number[] };
export type GlyphFont = {
  hasGlyphForCodePoint(cp: number): boolean;
  getGlyph?(id: number, codePoints?: number[]): Glyph | null;
  __kz?: boolean;
};

const sameCodePoints = (a: number[], b: number[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/**
 * fontkit caches one glyph object per glyph id, carrying the code points of whoever asked for it first. Subsetting a
 * composite glyph asks for its components with no code points (Greek Ε is drawn from the glyph of Latin E, Ü from U
 * and a diaeresis), so after one document with Ε every later layout of E in that process got a glyph with
 * `codePoints: []`: textkit maps glyphs back to characters by their code points, so the E vanished from the line, and
 * the PDF's ToUnicode map had nothing for it. The same happens when two characters share one glyph (µ and μ). This
 * returns the glyph for exactly the code points asked for: the cached object when they match (the usual case), else
 * a per-code-point view of it (same outline and metrics).
 */
export function patchGlyphCodePoints(font: GlyphFont): void {
  const get = font.getGlyph;
  if (typeof get !== 'function') return;
  const orig = get.bind(font);
  const views = new Map<string, Glyph>();
  font.getGlyph = (id: number, codePoints: number[] = []) => {
    const glyph = orig(id, codePoints);
    if (!glyph || !codePoints.length || sameCodePoints(glyph.codePoints, codePoints)) return glyph;
    const key = `${id}:${codePoints.join(',')}`;
    let view = views.get(key);
    if (!view) {
      view = Object.create(glyph, { codePoints: { value: [...codePoints], enumerable: true, writable: true } }) as Glyph;
      views.set(key, view);
    }
    return view;
  };
}

/**
 * react-pdf asks every font of the stack `hasGlyphForCodePoint` for every character of every run. Two fixes, applied
 * to the loaded fontkit objects once:
 * - answers are memoised per font (a cmap lookup each time otherwise);
 * - the text font claims newline and tab: it has no glyph for them, so react-pdf otherwise switched every line break
 *   to the first font that maps them (the 8 MB CJK font), embedding it and splitting runs for nothing.
 */
export function patchLoadedFont(font: GlyphFont, claimControls: boolean) {
  if (!font || font.__kz || typeof font.hasGlyphForCodePoint !== 'function') return;
  // The glyph fix is kept on both paths: the cache it corrects is fontkit's, whichever path lays the text out.
  patchGlyphCodePoints(font);
  font.__kz = true;
  if (renderPath() !== 'internals') return;
  const orig = font.hasGlyphForCodePoint.bind(font);
  const bmp = new Uint8Array(0x10000);
  const astral = new Map<number, boolean>();
  font.hasGlyphForCodePoint = (cp: number) => {
    if (claimControls && (cp === 10 || cp === 9 || cp === 13)) return true;
    if (cp < 0x10000) {
      const v = bmp[cp];
      if (v) return v === 1;
      const has = orig(cp);
      bmp[cp] = has ? 1 : 2;
      return has;
    }
    let has = astral.get(cp);
    if (has === undefined) astral.set(cp, (has = orig(cp)));
    return has;
  };
  // pdfkit compares fonts by JSON.stringify(name.records) every time a run switches font (~4% of a render); the
  // licence and description strings are most of that text and nothing downstream reads them (subsets drop `name`).
  const records = (font as unknown as { name?: { records?: Record<string, unknown> } }).name?.records;
  if (records)
    for (const k of [
      'copyright',
      'license',
      'licenseURL',
      'description',
      'designer',
      'designerURL',
      'manufacturer',
      'manufacturerURL',
      'trademark',
      'vendorURL',
      'sampleText',
    ])
      delete records[k];
}

type AfmFont = {
  encodeText(t: string): string[];
  characterToGlyph(c: number): string;
  widthOfGlyph(name: string): number;
  getKernPair(l: string, r: string): number;
};
type StdGlyph = { id: number; codePoints: number[]; isLigature: boolean; name: string; _font: unknown; advanceWidth: number };
type StdPosition = { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number };
export type StandardFontData = { src: { font: AfmFont }; glyphName(id: number): string; layout(str: string): unknown; __kz?: boolean };

/**
 * react-pdf lays out text in a standard font (Helvetica, Courier) through pdfkit's AFM encoder: per character a hex
 * string round trip, a glyph-name lookup and a kerning lookup keyed by concatenated glyph names (~10% of a render of a
 * Latin document). This computes the same glyphs and positions (same codes, widths, kerning, zero-width soft hyphen)
 * from per-character and per-pair tables filled on first use.
 */
export function patchStandardFont(font: StandardFontData): void {
  if (renderPath() !== 'internals') return;
  if (!font || font.__kz || typeof font.layout !== 'function' || !font.src?.font) return;
  const afm = font.src.font;
  type Info = { code: number; name: string; glyphName: string; width: number };
  const infos = new Map<number, Info>();
  const info = (c: number): Info => {
    let e = infos.get(c);
    if (!e) {
      const code = parseInt(afm.encodeText(String.fromCharCode(c))[0], 16);
      const name = afm.characterToGlyph(c);
      e = { code, name, glyphName: font.glyphName(code), width: afm.widthOfGlyph(name) };
      infos.set(c, e);
    }
    return e;
  };
  const kerns = new Map<number, number>();
  const kern = (l: number, r: number): number => {
    const key = l * 0x10000 + r;
    let k = kerns.get(key);
    if (k === undefined) kerns.set(key, (k = afm.getKernPair(info(l).name, info(r).name)));
    return k;
  };
  font.layout = (str: string) => {
    const n = str.length;
    const positions: StdPosition[] = new Array(n);
    const glyphs: StdGlyph[] = new Array(n);
    let advanceWidth = 0;
    for (let i = 0; i < n; i++) {
      const c = str.charCodeAt(i);
      const e = info(c);
      const xAdvance = e.width + (i + 1 < n ? kern(c, str.charCodeAt(i + 1)) : 0);
      // Soft hyphens have zero width for line breaking (react-pdf's StandardFont.encode does the same).
      const width = c === 0x00ad ? 0 : e.width;
      positions[i] = { xAdvance, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: width };
      glyphs[i] = { id: e.code, codePoints: [e.code], isLigature: false, name: e.glyphName, _font: font.src, advanceWidth: width };
      advanceWidth += width;
    }
    return {
      positions,
      glyphs,
      script: 'latin',
      language: 'dflt',
      direction: 'ltr',
      features: {},
      advanceWidth,
      advanceHeight: 0,
      bbox: undefined,
    };
  };
  font.__kz = true;
}

// ---- pdfkit: our document, react-pdf's layout and render steps ------------------------------------------------

type LayoutFn = (doc: unknown, fontStore: typeof Font) => Promise<unknown>;

/**
 * pdfkit turns every content operator into its own byte array (`fromBinaryString(op + '\n')`) and concatenates them
 * when the page is written; a render issues tens of thousands of them. This collects a page's operators as strings
 * and hands them to the page in one piece (the same bytes: each operator followed by a newline). Returns the flush to
 * call before the document ends.
 */
function batchPageContent(ctx: PDFDocument): () => void {
  type Page = { write(chunk: unknown): unknown };
  const doc = ctx as unknown as { page: Page; addContent(data: unknown): unknown };
  let page: Page | null = null;
  let pending: string[] = [];
  const flush = () => {
    if (page && pending.length) page.write(pending.join('\n'));
    pending = [];
  };
  doc.addContent = function (this: { page: Page }, data: unknown) {
    if (this.page !== page) {
      flush();
      page = this.page;
    }
    if (typeof data === 'string') pending.push(data);
    else {
      flush();
      page.write(data);
    }
    return this;
  };
  return flush;
}

type PdfkitInternals = {
  _font: unknown;
  _fontFamilies: Record<string, unknown>;
  _registeredFonts: Record<string, unknown>;
  _fontCount: number;
  _fontSource: unknown;
  _fontFamily: unknown;
  fontSize(size: number): unknown;
  font(src: unknown, family?: unknown, size?: number): unknown;
};

const STANDARD_FONTS = new Set([
  'Helvetica',
  'Helvetica-Bold',
  'Helvetica-Oblique',
  'Helvetica-BoldOblique',
  'Courier',
  'Courier-Bold',
  'Courier-Oblique',
  'Courier-BoldOblique',
  'Times-Roman',
  'Times-Bold',
  'Times-Italic',
  'Times-BoldItalic',
]);
let donor: PDFDocument | null = null;
const standardTemplates = new Map<string, object>();

/**
 * pdfkit builds a standard font's metrics (glyph widths and ~2,700 kerning pairs from its AFM data) again in every
 * document that uses it (~2% of a render). The metrics do not depend on the document: this reuses them from fonts opened
 * once in a donor document, giving each document its own font object (id, dictionary) as pdfkit's `font()` would.
 */
function reuseStandardFontMetrics(ctx: PDFDocument): void {
  const doc = ctx as unknown as PdfkitInternals;
  const open = doc.font;
  doc.font = function (this: PdfkitInternals, src: unknown, family?: unknown, size?: number) {
    if (
      typeof src !== 'string' ||
      typeof family !== 'number' ||
      size !== undefined ||
      !STANDARD_FONTS.has(src) ||
      this._registeredFonts[src]
    ) {
      return open.call(this, src, family, size);
    }
    this._fontSource = src;
    this._fontFamily = null;
    this.fontSize(family);
    let font = this._fontFamilies[src];
    if (!font) {
      let template = standardTemplates.get(src);
      if (!template) {
        donor ??= new PDFDocument({ autoFirstPage: false });
        donor.font(src);
        template = (donor as unknown as PdfkitInternals)._font as object;
        standardTemplates.set(src, template);
      }
      font = Object.assign(Object.create(Object.getPrototypeOf(template)), template, { document: this, id: `F${++this._fontCount}` });
      delete (font as { dictionary?: unknown }).dictionary;
      delete (font as { embedded?: unknown }).embedded;
      this._fontFamilies[src] = font;
    }
    this._font = font;
    return this;
  };
}

export type PdfMeta = { title: string; author: string; subject: string; keywords: string[]; createdAt: Date };

/**
 * react-pdf's `renderToBuffer`, with the PDF writer in our hands: the same steps (reconcile, layout, render with
 * pdfkit; mirrors `render()` of @react-pdf/renderer 4.9), plus `drawOnPages` (the footers) run on the buffered pages
 * before the file is written, and the document metadata (title, author, subject, keywords = tags, creation date)
 * written by pdfkit itself. `hooks.beforeLayout` may change the reconciled tree (emoji runs).
 */
export type InternalsHooks = {
  /** Changes the reconciled tree before layout (emoji.ts `wrapEmoji`; passed in: fonts.ts → internals.ts → emoji.ts → fonts.ts would be a cycle). */
  beforeLayout?: (tree: never) => unknown;
  /** Draws on the buffered pages before the file is written (the footers). */
  drawOnPages?: (ctx: PDFDocument) => void;
};

export async function renderWithInternals(element: ReactElement, meta: PdfMeta, hooks: InternalsHooks = {}): Promise<Buffer> {
  const instance = pdf(element as Parameters<typeof pdf>[0]);
  const ctx = new PDFDocument({
    compress: true,
    displayTitle: true,
    autoFirstPage: false,
    bufferPages: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Keywords: meta.keywords.join(' '),
      Creator: 'Kaizen',
      Producer: 'Kaizen (react-pdf)',
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
    },
  });
  reuseStandardFontMetrics(ctx);
  const flushContent = batchPageContent(ctx);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    ctx.on('data', (c) => chunks.push(c));
    ctx.on('end', resolve);
    ctx.on('error', reject);
  });
  hooks.beforeLayout?.(instance.container.document as never);
  const layout = await (layoutDocument as unknown as LayoutFn)(instance.container.document, Font);
  const end = ctx.end;
  ctx.end = () => {
    hooks.drawOnPages?.(ctx);
    flushContent();
    end.call(ctx);
  };
  renderPDF(ctx as never, layout as never);
  await done;
  return Buffer.concat(chunks);
}
