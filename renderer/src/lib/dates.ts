/** Today as ISO yyyy-mm-dd (UTC, as the engine dates its records): the bound of dates typed on screen. */
export const todayIso = () => new Date().toISOString().slice(0, 10)

/** A moment (ISO) as the operator reads it, in their language and local time: "6 Des 2026 10.00". */
export const formatMoment = (iso: string, locale: 'id' | 'en') =>
  new Date(iso).toLocaleString(locale === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' })
