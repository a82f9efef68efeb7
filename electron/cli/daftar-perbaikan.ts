/** `cermat daftar-perbaikan`: the list of what each village must fix, as an .xlsx (docs/cli.md). */
import { promises as fs } from 'node:fs'
import { join, resolve } from 'node:path'

import type { Locale } from '../../shared/api/types'
import { cermatError } from '../../shared/engine/errors'
import { t } from '../../shared/i18n'
import { writeFileAtomic } from '../engine-host/node-storage'
import { withWorkspace } from './workspace-commands'

export async function runDaftarPerbaikan(opts: {
  workspace: string
  desa?: string | undefined
  out: string
  locale: Locale
  appVersion: string
  log(s: string): void
}): Promise<number> {
  // Opening a folder that holds no workspace would create an empty one: say it is not there instead.
  const location = resolve(opts.workspace)
  if (
    !(await fs.stat(join(location, 'CURRENT')).then(
      () => true,
      () => false
    ))
  )
    throw cermatError('WORKSPACE_NOT_FOUND', { location })
  return withWorkspace(location, opts.appVersion, async (engine) => {
    const made = await engine.daftarPerbaikan({ desa: opts.desa, locale: opts.locale, output: 'xlsx' })
    const target = resolve(opts.out)
    const isDir = await fs.stat(target).then(
      (s) => s.isDirectory(),
      () => false
    )
    const path = isDir ? join(target, made.fileName) : target
    await writeFileAtomic(path, made.bytes!)
    opts.log(`Daftar perbaikan ditulis: ${path}`)
    for (const d of made.model.desa) {
      const rows = d.files.reduce((n, f) => n + f.rows.length, 0)
      const what =
        rows + d.missing.length === 0
          ? t(opts.locale, 'daftar.none')
          : t(opts.locale, 'daftar.summary', { rows, missing: d.missing.length })
      opts.log(`  ${d.desa || t(opts.locale, 'daftar.desaUnknown')}: ${what}`)
    }
    if (made.model.desa.length === 0) opts.log(`  ${t(opts.locale, 'daftar.none')}`)
    return 0
  })
}
