/**
 * Validation of a value an operator types into the grid: the canonical value to store, or the
 * reason it is refused (shown at once, before anything is saved).
 */
import { parseRtRw, parseSex, parseShdk } from './codes'
import { isPlausibleBirthDate, parseDateText } from './dates'
import type { EditableField } from './fields'
import { tidyText } from './names'
import { cleanId, nikProblem } from './nik'

export type EditCheck = { ok: true; value: string } | { ok: false; hint: string }

const MAX_TEXT = 200

export function checkEdit(field: EditableField, input: string, todayIso: string): EditCheck {
  const text = tidyText(input)
  switch (field) {
    case 'nik': {
      const problem = nikProblem(text)
      if (problem) return { ok: false, hint: 'NIK harus 16 angka dengan kode wilayah dan tanggal lahir yang sah.' }
      return { ok: true, value: cleanId(text) }
    }
    case 'no_kk': {
      if (text === '') return { ok: true, value: '' }
      const id = cleanId(text)
      return /^[0-9]{16}$/.test(id) ? { ok: true, value: id } : { ok: false, hint: 'No. KK harus 16 angka.' }
    }
    case 'nama':
      if (text === '') return { ok: false, hint: 'Nama tidak boleh kosong.' }
      return text.length <= 100 ? { ok: true, value: text } : { ok: false, hint: 'Nama paling panjang 100 karakter.' }
    case 'jenis_kelamin': {
      const sex = parseSex(text)
      return sex ? { ok: true, value: sex } : { ok: false, hint: 'Isi L atau P.' }
    }
    case 'tanggal_lahir': {
      const iso = parseDateText(text)
      if (!iso) return { ok: false, hint: 'Tulis tanggal sebagai HH-BB-TTTT, mis. 12-05-1980.' }
      return isPlausibleBirthDate(iso, todayIso) ? { ok: true, value: iso } : { ok: false, hint: 'Tanggal lahir harus antara 1900 dan hari ini.' }
    }
    case 'shdk': {
      const shdk = parseShdk(text, 'dukcapil')
      return shdk ? { ok: true, value: shdk } : { ok: false, hint: 'Pilih hubungan keluarga: kepala keluarga, istri/suami, anak, menantu, cucu, orang tua/mertua, pembantu, lainnya.' }
    }
    case 'rt':
    case 'rw': {
      if (text === '') return { ok: true, value: '' }
      const n = parseRtRw(text)
      return n ? { ok: true, value: n } : { ok: false, hint: 'RT/RW berupa angka, mis. 003.' }
    }
    case 'tempat_lahir':
    case 'alamat':
    case 'dusun':
    case 'keterangan':
      return text.length <= MAX_TEXT ? { ok: true, value: text } : { ok: false, hint: `Paling panjang ${MAX_TEXT} karakter.` }
  }
}
