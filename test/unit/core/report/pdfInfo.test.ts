import { describe, expect, it } from 'vitest';
import { pdfPageCount, pdfTextString, setPdfInfo } from '../../../../src-main/core/report/pdfInfo';

/** A minimal classic-xref PDF laid out the way Skia writes one (Info first, trailer with /Info). */
function tinyPdf(pages = 2): Buffer {
  const objs = [
    '<</Title (Old title)\n/Producer (Skia/PDF m156)\n/CreationDate (D:20260101000000+00\'00\')>>',
    '<</Type /Catalog /Pages 3 0 R>>',
    `<</Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${4 + i} 0 R`).join(' ')}] /Count ${pages}>>`,
    ...Array.from({ length: pages }, () => '<</Type /Page /Parent 3 0 R /MediaBox [0 0 595 842]>>'),
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<</Size ${objs.length + 1}\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe('PDF document information', () => {
  it('writes text strings as UTF-16BE hex with a byte-order mark', () => {
    expect(pdfTextString('Aé')).toBe('<FEFF004100E9>');
  });

  it('counts pages from the page tree', () => {
    expect(pdfPageCount(tinyPdf(3))).toBe(3);
    expect(pdfPageCount(Buffer.from('not a pdf'))).toBe(0);
  });

  it('appends an incremental update with title and author that keeps the original bytes, producer and creation date', () => {
    const before = tinyPdf();
    const after = setPdfInfo(before, { title: 'New', author: 'Zoë' });
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    const tail = after.subarray(before.length).toString('latin1');
    expect(tail).toMatch(/^6 0 obj\n<<\/Title <FEFF004E00650077>\n\/Author <FEFF005A006F00EB>/);
    expect(tail).toContain('/Producer (Skia/PDF m156)');
    expect(tail).toContain("/CreationDate (D:20260101000000+00'00')");
    expect(tail).toMatch(/trailer\n<<\/Size 7\n\/Root 2 0 R\n\/Info 6 0 R\n\/Prev \d+>>/);
    // The new xref entry points at the new object, and startxref at the new xref section.
    const objAt = before.length;
    expect(tail).toContain(`xref\n6 1\n${String(objAt).padStart(10, '0')} 00000 n \n`);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(tail)?.[1]);
    expect(after.subarray(startxref, startxref + 4).toString('latin1')).toBe('xref');
    expect(pdfPageCount(after)).toBe(2);
  });

  it('leaves a PDF it cannot read unchanged', () => {
    const odd = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\nstartxref\n9\n%%EOF');
    expect(setPdfInfo(odd, { title: 'x' }).equals(odd)).toBe(true);
  });
});
