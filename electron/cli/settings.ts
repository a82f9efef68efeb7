/**
 * `cermat settings`: the workspace's kecamatan, kabupaten, operator and signatories, set through
 * the same engine method as the app's settings screen; with no option, prints them.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'

import type { Locale, WorkspaceInfo } from '../../shared/api/types'
import { publicKeyFromText } from '../../shared/delivery/receiver-key'
import { type Signatory, SIGNATORY_ROLES } from '../../shared/domain/region'
import { keyIdOfBase64 } from '../../shared/engine/package/trust'
import { t } from '../../shared/i18n'
import type { CliIo } from './decide'
import { call, workspaceExists } from './engine-call'
import { withWorkspace } from './workspace-commands'

/** The keys a --signatory may set: exactly the fields of a Signatory. */
const SIGNATORY_KEYS = ['role', 'title', 'name', 'nip'] as const satisfies readonly (keyof Signatory)[]

export async function runSettingsCli(args: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      options: {
        workspace: { type: 'string' },
        kecamatan: { type: 'string' },
        kabupaten: { type: 'string' },
        operator: { type: 'string' },
        name: { type: 'string' },
        receiver: { type: 'string' },
        'receiver-key': { type: 'string' },
        signatory: { type: 'string', multiple: true },
        'approval-required': { type: 'string' },
        lang: { type: 'string', default: 'id' }
      }
    })
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n${t('id', 'cli.settings.usage')}`)
    return 2
  }
  const v = parsed.values
  const locale: Locale = v.lang === 'en' ? 'en' : 'id'
  if (!v.workspace) {
    io.err(`${t(locale, 'cli.needsWorkspace', { command: 'settings' })}\n${t(locale, 'cli.settings.usage')}`)
    return 2
  }
  const signatories: Signatory[] = []
  for (const text of v.signatory ?? []) {
    const s = parseSignatory(locale, text)
    if (typeof s === 'string') {
      io.err(`${s}\n${t(locale, 'cli.settings.usage')}`)
      return 2
    }
    signatories.push(s)
  }
  const approval = v['approval-required']
  if (approval !== undefined && !['ya', 'tidak', 'yes', 'no'].includes(approval)) {
    io.err(`${t(locale, 'cli.settings.approvalValue')}\n${t(locale, 'cli.settings.usage')}`)
    return 2
  }
  const receiverKey = await receiverKeyOf(locale, v['receiver-key'])
  if (receiverKey instanceof Error) {
    io.err(`${receiverKey.message}\n${t(locale, 'cli.settings.usage')}`)
    return 2
  }
  const changes = {
    ...(approval !== undefined ? { approvalRequired: approval === 'ya' || approval === 'yes' } : {}),
    ...(v.name !== undefined ? { name: v.name } : {}),
    ...(v.kecamatan !== undefined ? { kecamatan: v.kecamatan } : {}),
    ...(v.kabupaten !== undefined ? { kabupaten: v.kabupaten } : {}),
    ...(v.operator !== undefined ? { operator: v.operator } : {}),
    ...(v.receiver !== undefined ? { receiverUrl: v.receiver } : {}),
    ...(receiverKey !== undefined ? { receiverKey } : {})
  }
  if (v.receiver !== undefined && v.receiver !== '' && !/^https?:\/\/\S+$/.test(v.receiver)) {
    io.err(`${t(locale, 'cli.settings.receiverInvalid', { value: v.receiver })}\n${t(locale, 'cli.settings.usage')}`)
    return 2
  }
  if (!(await workspaceExists(v.workspace))) {
    io.err(t(locale, 'error.WORKSPACE_NOT_FOUND', { location: v.workspace }))
    return 2
  }
  return withWorkspace(v.workspace, io.appVersion, async (engine) => {
    let info = await call(engine, 'getWorkspace', {})
    if (Object.keys(changes).length > 0 || signatories.length > 0) {
      // A --signatory replaces the one of its role; the others stay as they are.
      const merged = signatories.length > 0 ? mergeSignatories(info!.signatories, signatories) : undefined
      info = await call(engine, 'updateSettings', { ...changes, ...(merged ? { signatories: merged } : {}) })
      io.out(t(locale, 'ui.settings.saved'))
    }
    for (const line of settingsText(locale, info!)) io.out(line)
    return 0
  })
}

/** "role=approved;title=Camat Mlati;name=Drs. SUGENG;nip=196805121990031004" → a Signatory, or the message saying what is wrong. */
export function parseSignatory(locale: Locale, text: string): Signatory | string {
  const parts = new Map<string, string>()
  for (const piece of text.split(';')) {
    if (piece.trim() === '') continue
    const eq = piece.indexOf('=')
    const key = (eq < 0 ? piece : piece.slice(0, eq)).trim().toLowerCase()
    if (!(SIGNATORY_KEYS as readonly string[]).includes(key))
      return t(locale, 'cli.settings.signatoryKey', { value: text, key, known: SIGNATORY_KEYS.join(', ') })
    parts.set(key, eq < 0 ? '' : piece.slice(eq + 1).trim())
  }
  const role = parts.get('role') ?? ''
  if (!(SIGNATORY_ROLES as readonly string[]).includes(role))
    return t(locale, 'cli.settings.signatoryRole', { value: text, roles: SIGNATORY_ROLES.join(', ') })
  const nip = parts.get('nip')
  return { role: role as Signatory['role'], title: parts.get('title') ?? '', name: parts.get('name') ?? '', ...(nip ? { nip } : {}) }
}

/** The key in the Dinas key file --receiver-key names ('' clears the pin), or the error saying why not. */
async function receiverKeyOf(locale: Locale, file: string | undefined): Promise<string | undefined | Error> {
  if (file === undefined || file === '') return file
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err)
    return new Error(t(locale, 'cli.settings.receiverKeyInvalid', { file: basename(file), reason }))
  }
  return publicKeyFromText(text) ?? new Error(t(locale, 'cli.settings.receiverKeyNone', { file: basename(file) }))
}

const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex')

function mergeSignatories(current: Signatory[], given: Signatory[]): Signatory[] {
  const byRole = new Map(current.map((s) => [s.role, s]))
  for (const s of given) byRole.set(s.role, s)
  return SIGNATORY_ROLES.filter((r) => byRole.has(r)).map((r) => byRole.get(r)!)
}

function settingsText(locale: Locale, info: WorkspaceInfo): string[] {
  const value = (s: string) => s || t(locale, 'cli.settings.empty')
  return [
    `${t(locale, 'ui.settings.name')}: ${value(info.name)} (${info.location})`,
    `${t(locale, 'ui.settings.kecamatan')}: ${value(info.kecamatan)}`,
    `${t(locale, 'ui.settings.kabupaten')}: ${value(info.kabupaten)}`,
    `${t(locale, 'cli.settings.operator')}: ${value(info.operator)}`,
    `${t(locale, 'cli.settings.approvalRequired')}: ${t(locale, info.approvalRequired ? 'cli.settings.yes' : 'cli.settings.no')}`,
    `${t(locale, 'ui.kirim.receiver')}: ${value(info.receiverUrl)}`,
    `${t(locale, 'ui.kirim.receiverKey')}: ${info.receiverKey ? `${keyIdOfBase64(info.receiverKey, sha256) ?? '?'} (${info.receiverKey})` : t(locale, 'cli.settings.receiverKeyUnset')}`,
    `${t(locale, 'ui.settings.signatories')}:`,
    ...info.signatories.map(
      (s) => `  ${t(locale, `ui.sign.${s.role}`)} (${s.role}): ${value(s.title)} — ${value(s.name)}${s.nip ? ` (NIP ${s.nip})` : ''}`
    )
  ]
}
