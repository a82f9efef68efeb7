/** The grid's current view as an .xlsx, built in the renderer with SheetJS and saved as a download. */
import { utils, type WorkSheet, write } from 'xlsx'

/**
 * Cells keep the grid's types: a NIK arrives as a string and stays a text cell (aoa_to_sheet never
 * reads a string as a number), so no scientific notation; the row number stays a number.
 */
export function viewSheet(header: string[], rows: (string | number)[][]): WorkSheet {
  return utils.aoa_to_sheet([header, ...rows])
}

export function viewWorkbook(header: string[], rows: (string | number)[][], sheetName: string): Uint8Array {
  const wb = utils.book_new()
  utils.book_append_sheet(wb, viewSheet(header, rows), sheetName.slice(0, 31))
  return write(wb, { type: 'array', bookType: 'xlsx' }) as Uint8Array
}

/** Offers the bytes as a download (the app's save dialog; the browser's download in the test host). */
export function download(bytes: Uint8Array, fileName: string): void {
  const blob = new Blob([bytes as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
