/** pdfkit is react-pdf's PDF writer (installed with @react-pdf/renderer); only the calls app/pdf makes are typed. */
declare module 'pdfkit' {
  export type PdfkitInfo = Partial<Record<'Title' | 'Author' | 'Subject' | 'Keywords' | 'Creator' | 'Producer', string>> & {
    CreationDate?: Date;
    ModDate?: Date;
  };
  export default class PDFDocument {
    constructor(options?: Record<string, unknown> & { info?: PdfkitInfo });
    page: { width: number; height: number };
    on(event: 'data', listener: (chunk: Buffer) => void): this;
    on(event: 'end', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    end(): void;
    bufferedPageRange(): { start: number; count: number };
    switchToPage(n: number): this;
    save(): this;
    restore(): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    lineWidth(w: number): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    stroke(): this;
    widthOfString(text: string): number;
    text(text: string, x: number, y: number, options?: Record<string, unknown>): this;
  }
}
