/**
 * An .ods whose number style SheetJS cannot translate: reading it makes SheetJS print "ODS number
 * format may be incorrect" to the console (LibreOffice writes such styles for negative numbers).
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import * as XLSX from 'xlsx'

const NOISY_STYLE =
  '<number:number-style style:name="NNEG"><number:number number:decimal-places="0"/>' +
  '<style:map style:condition="value()&lt;0" style:apply-style-name="N0"/></number:number-style>'

/** The workbook in `bytes` (any format SheetJS reads) as an .ods carrying that style. */
export function noisyOds(bytes: Uint8Array): Uint8Array {
  const wb = XLSX.read(bytes, { type: 'array' })
  const files = unzipSync(new Uint8Array(XLSX.write(wb, { bookType: 'ods', type: 'array' }) as ArrayBuffer))
  const content = strFromU8(files['content.xml']!)
  if (!content.includes('<office:automatic-styles>')) throw new Error('no automatic styles in the written .ods')
  files['content.xml'] = strToU8(content.replace('<office:automatic-styles>', `<office:automatic-styles>${NOISY_STYLE}`))
  // The mimetype entry first and stored, as ODF requires (the reader sniffs it).
  const { mimetype, ...rest } = files
  return zipSync({ mimetype: [mimetype!, { level: 0 }], ...rest })
}
