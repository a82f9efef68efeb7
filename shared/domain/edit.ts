/**
 * Validation of a value an operator types into the grid: the canonical value to store, or the
 * reason it is refused (shown at once, before anything is saved).
 */
import { parseRtRw, parseSex, parseShdk } from './codes'
import { isPlausibleBirthDate, parseDateText } from './dates'
import type { EditableField } from './fields'
import { tidyText } from './names'
import { cleanId, nikProblem } from './nik'

/** Why a value is refused: `hint` in Indonesian (engine errors, CLI), `reason` for the UI's catalogue (`edit.<reason>`). */
export type EditProblem =
  'nik' | 'no_kk' | 'nama_empty' | 'nama_long' | 'sex' | 'date_format' | 'date_range' | 'shdk' | 'rt_rw' | 'text_long'
export type EditCheck = { ok: true; value: string } | { ok: false; hint: string; reason: EditProblem }

const MAX_TEXT = 200

export function checkEdit(field: EditableField, input: string, todayIso: string): EditCheck {
  const text = tidyText(input)
  switch (field) {
    case 'nik': {
      const problem = nikProblem(text)
      if (problem) return { ok: false, hint: 'NIK harus 16 angka dengan kode wilayah dan tanggal lahir yang sah.', reason: 'nik' }
      return { ok: true, value: cleanId(text) }
    }
    case 'no_kk': {
      if (text === '') return { ok: true, value: '' }
      const id = cleanId(text)
      return /^[0-9]{16}$/.test(id) ? { ok: true, value: id } : { ok: false, hint: 'No. KK harus 16 angka.', reason: 'no_kk' }
    }
    case 'nama':
      if (text === '') return { ok: false, hint: 'Nama tidak boleh kosong.', reason: 'nama_empty' }
      return text.length <= 100 ? { ok: true, value: text } : { ok: false, hint: 'Nama paling panjang 100 karakter.', reason: 'nama_long' }
    case 'jenis_kelamin': {
      const sex = parseSex(text)
      return sex ? { ok: true, value: sex } : { ok: false, hint: 'Isi L atau P.', reason: 'sex' }
    }
    case 'tanggal_lahir': {
      const iso = parseDateText(text)
      if (!iso) return { ok: false, hint: 'Tulis tanggal sebagai HH-BB-TTTT, mis. 12-05-1980.', reason: 'date_format' }
      return isPlausibleBirthDate(iso, todayIso)
        ? { ok: true, value: iso }
        : { ok: false, hint: 'Tanggal lahir harus antara 1900 dan hari ini.', reason: 'date_range' }
    }
    case 'shdk': {
      const shdk = parseShdk(text, 'dukcapil')
      return shdk
        ? { ok: true, value: shdk }
        : {
            ok: false,
            hint: 'Pilih hubungan keluarga: kepala keluarga, istri/suami, anak, menantu, cucu, orang tua/mertua, pembantu, lainnya.',
            reason: 'shdk'
          }
    }
    case 'rt':
    case 'rw': {
      if (text === '') return { ok: true, value: '' }
      const n = parseRtRw(text)
      return n ? { ok: true, value: n } : { ok: false, hint: 'RT/RW berupa angka, mis. 003.', reason: 'rt_rw' }
    }
    case 'tempat_lahir':
    case 'alamat':
    case 'dusun':
    case 'keterangan':
      return text.length <= MAX_TEXT
        ? { ok: true, value: text }
        : { ok: false, hint: `Paling panjang ${MAX_TEXT} karakter.`, reason: 'text_long' }
  }
}
