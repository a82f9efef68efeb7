/** Today as ISO yyyy-mm-dd (UTC, as the engine dates its records): the bound of dates typed on screen. */
export const todayIso = () => new Date().toISOString().slice(0, 10)
