/**
 * Small, dependency-free edits to a PDF printed by Chromium (Skia's PDF backend, also behind Electron's
 * printToPDF): Chromium writes the document title from <title> but no Author, so the report's author is added by
 * an incremental update (a new Info dictionary appended after the original bytes, which stay untouched), and the
 * page count is read from the page tree.
 */

export interface PdfInfo {
  title: string;
  author?: string | null;
  subject?: string | null;
  /** The application that made the document. Default "Headroom". */
  creator?: string;
}

/** A PDF text string in UTF-16BE with a byte-order mark, written as hex: safe for any character. */
export function pdfTextString(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/**
 * The number of pages: the largest /Count of any page-tree node (/Type /Pages), which is the root's. 0 when the
 * bytes have no readable page tree (an xref-stream PDF with compressed objects).
 */
export function pdfPageCount(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  let pages = 0;
  for (const obj of text.split('endobj')) {
    if (!/\/Type\s*\/Pages\b/.test(obj)) continue;
    const m = /\/Count\s+(\d+)/.exec(obj);
    if (m) pages = Math.max(pages, Number(m[1]));
  }
  return pages;
}

/**
 * Set the document information (title, author, subject, creator) by appending an incremental update: a new Info
 * object, an xref section for it and a trailer pointing back (/Prev) to the original one. The original's Producer
 * and CreationDate are kept. Returns the input unchanged when its last trailer cannot be read (a cross-reference
 * stream, which Chromium does not write), so a PDF is never damaged.
 */
export function setPdfInfo(pdf: Uint8Array, info: PdfInfo): Buffer {
  const original = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = original.toString('latin1');
  const startxrefAt = text.lastIndexOf('startxref');
  const trailerAt = text.lastIndexOf('trailer');
  if (startxrefAt < 0 || trailerAt < 0 || trailerAt > startxrefAt) return original;
  const prev = /startxref\s+(\d+)/.exec(text.slice(startxrefAt));
  const trailer = text.slice(trailerAt, startxrefAt);
  const size = /\/Size\s+(\d+)/.exec(trailer);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer);
  if (!prev || !size || !root) return original;
  const oldInfoRef = /\/Info\s+(\d+)\s+(\d+)\s+R/.exec(trailer);
  let keep = '';
  if (oldInfoRef) {
    const objAt = text.search(new RegExp(`(^|[\\r\\n])${oldInfoRef[1]}\\s+${oldInfoRef[2]}\\s+obj`));
    if (objAt >= 0) {
      const body = text.slice(objAt, text.indexOf('endobj', objAt));
      for (const key of ['Producer', 'CreationDate']) {
        const m = new RegExp(`/${key}\\s*(\\((?:\\\\.|[^\\\\)])*\\)|<[0-9A-Fa-f\\s]*>)`).exec(body);
        if (m) keep += `/${key} ${m[1]}\n`;
      }
    }
  }
  const objNum = Number(size[1]);
  const fields = [
    `/Title ${pdfTextString(info.title)}`,
    info.author ? `/Author ${pdfTextString(info.author)}` : null,
    info.subject ? `/Subject ${pdfTextString(info.subject)}` : null,
    `/Creator ${pdfTextString(info.creator ?? 'Headroom')}`,
  ].filter((x): x is string => x !== null);
  const lead = original[original.length - 1] === 0x0a ? '' : '\n';
  const objOffset = original.length + Buffer.byteLength(lead, 'latin1');
  const obj = `${objNum} 0 obj\n<<${fields.join('\n')}\n${keep}>>\nendobj\n`;
  const xrefOffset = objOffset + Buffer.byteLength(obj, 'latin1');
  const update =
    `${lead}${obj}xref\n${objNum} 1\n${String(objOffset).padStart(10, '0')} 00000 n \n` +
    `trailer\n<</Size ${objNum + 1}\n/Root ${root[1]}\n/Info ${objNum} 0 R\n/Prev ${prev[1]}>>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.concat([original, Buffer.from(update, 'latin1')]);
}
