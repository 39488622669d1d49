// PDFs are checked by content, never by name: the header (%PDF-1.x or 2.x in the first 1 KB), a trailer that parses
// (startxref with an offset inside the file pointing at a cross-reference table or stream, then %%EOF) and at least one
// page object. Anything sent as a PDF that fails → 415 NOT_A_PDF.
import { AppError } from '../../errors'

export const notAPdf = () => new AppError(415, 'NOT_A_PDF', '该文件不是有效的 PDF，请重新导出或拍照上传')

const HEADER = /%PDF-[12]\.\d/

/** Whether the bytes announce themselves as a PDF (the header in the first 1 KB). */
export function looksLikePdf(bytes: Buffer): boolean {
  return HEADER.test(bytes.subarray(0, 1024).toString('latin1'))
}

/** The page count of a well-formed PDF; throws NOT_A_PDF otherwise. */
export function checkPdf(bytes: Buffer): { pages: number } {
  const head = bytes.subarray(0, 1024).toString('latin1')
  const at = head.search(HEADER)
  if (at < 0) throw notAPdf()
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1')
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)
  if (!m) throw notAPdf()
  const offset = Number(m[1]) + at
  if (!Number.isSafeInteger(offset) || offset <= at || offset >= bytes.length) throw notAPdf()
  const xref = bytes.subarray(offset, offset + 64).toString('latin1')
  const table = xref.startsWith('xref')
  const stream = /^\d+\s+\d+\s+obj\b[\s\S]*?\/Type\s*\/XRef/.test(bytes.subarray(offset, offset + 1024).toString('latin1'))
  if (!table && !stream) throw notAPdf()
  if (table && !/trailer\s*<</.test(bytes.subarray(offset).toString('latin1'))) throw notAPdf()
  const text = bytes.toString('latin1')
  const pages = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length
  // Pages inside compressed object streams are not visible here; the page tree's /Count still is.
  const count = Math.max(0, ...[...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((x) => Number(x[1])))
  const total = Math.max(pages, count)
  if (total < 1 && !stream) throw notAPdf()
  return { pages: Math.max(1, total) }
}
