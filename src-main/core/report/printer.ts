/**
 * The seam between the report (built in core) and whatever prints it: a headless Chromium (src-main/print, used by
 * the CLI and the HTTP server) or Electron's printToPDF (src-main/electron). Core only knows this function type,
 * so it never depends on a browser.
 */
import { reportFileName, type ReportHtml, type ReportPdf } from '../../common/report';
import { pdfPageCount, setPdfInfo } from './pdfInfo';

/** Print one self-contained HTML document (A4, CSS paged media) to PDF bytes. */
export type PdfPrinter = (html: string, meta: { title: string; author: string | null }) => Promise<Uint8Array>;

/**
 * Print a built report and finish the file: title and author in the PDF's document information (Chromium writes
 * no Author), and the page count read back from the PDF.
 */
export async function printReport(printer: PdfPrinter, report: Pick<ReportHtml, 'html' | 'title' | 'author'>): Promise<{ pdf: Buffer; pages: number }> {
  const raw = await printer(report.html, { title: report.title, author: report.author });
  const pdf = setPdfInfo(raw, { title: report.title, author: report.author, subject: 'Benchmark saturation report' });
  return { pdf, pages: pdfPageCount(pdf) };
}

/** The 'reports/pdf' reply for a printed report. */
export function pdfReply(report: Pick<ReportHtml, 'title'>, printed: { pdf: Buffer; pages: number }): ReportPdf {
  return { pdfBase64: printed.pdf.toString('base64'), pages: printed.pages, title: report.title, fileName: reportFileName(report.title) };
}
