import type { CarryForwardCounts, CodeCount, DesaStatus, DesaSummary, Summary, WorkspaceInfo } from '@shared/api/types'
import { DESA_STATUSES } from '@shared/api/types'
import { FINDING_CODES, type FindingCode, SEVERITY, type Severity } from '@shared/domain/findings'
import type { MessageKey } from '@shared/i18n'
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { CarryForwardLine } from '../../components/CarryForwardLine'
import { type T, useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'
import { selectLocale } from '../../store/selectors'
import type { Filters } from '../../store/types'
import { DeliveryLine } from './DeliveryLine'
import { FirstRun } from './FirstRun'

const selectBoardView = (s: AppState) => ({
  summary: s.summary,
  workspace: s.workspace,
  openDesa: s.openDesa,
  openDesaState: s.openDesaState,
  setTab: s.setTab
})
const selectFacet = (s: AppState) => ({ openDesa: s.openDesa, setFilters: s.setFilters })

/** Opens the review of every desa with one filter set (a finding tile of the board). */
function useOpenFacet() {
  const { openDesa, setFilters } = useAppStore(useShallow(selectFacet))
  return (patch: Partial<Filters>) => {
    openDesa('all')
    setFilters(patch)
  }
}

/** Opens the review of one desa (or 'all') with only the rows of one finding kind. */
function useOpenKind() {
  const { openDesa, setFilters } = useAppStore(useShallow(selectFacet))
  return (desa: string, code: FindingCode) => {
    openDesa(desa)
    setFilters({ code })
  }
}

/**
 * Home: the kecamatan board. Every desa of the master (and every desa a file came for) with where
 * it stands, its findings by kind and its progress; a click (or Enter) opens its review. Every bar
 * is a facet: a click opens the review filtered to that desa and kind (or that kind everywhere).
 */
export function BoardView() {
  const t = useT()
  const { summary, workspace, openDesa, openDesaState, setTab } = useAppStore(useShallow(selectBoardView))
  // A state tile opens the review of the desa in that state; "Belum masuk" has no rows to review,
  // so its tile narrows the table instead (each of those desa has its import link there).
  const [onlyStatus, setOnlyStatus] = useState<DesaStatus | null>(null)
  if (!summary || summary.byDesa.length === 0) {
    return (
      <>
        <FirstRun />
        <section className="board" data-testid="board">
          <p className="empty">{t('ui.board.empty')}</p>
          <button type="button" className="primary" onClick={() => setTab('import')}>
            {t('ui.board.toImport')}
          </button>
        </section>
      </>
    )
  }
  const byStatus = countBy(summary.byDesa)
  const maxOpen = Math.max(1, ...summary.byDesa.map((d) => d.open))
  const shown = onlyStatus ? summary.byDesa.filter((d) => d.status === onlyStatus) : summary.byDesa
  return (
    <>
      <FirstRun />
      <section className="board" data-testid="board" aria-labelledby="board-title">
        <div className="board-head">
          <h2 id="board-title">{workspace?.kecamatan ? t('ui.board.titleOf', { kecamatan: workspace.kecamatan }) : t('ui.board.title')}</h2>
          <ul className="status-tiles" aria-label={t('ui.board.byStatus')}>
            {DESA_STATUSES.map((s) => {
              const label = t(s === 'not_received' ? 'ui.board.tileStatus' : 'ui.board.tileState', {
                count: byStatus[s],
                status: t(`ui.board.status.${s}` as MessageKey)
              })
              return (
                <li key={s}>
                  <button
                    type="button"
                    className={`tile status-${s}`}
                    data-testid={`tile-${s}`}
                    data-count={byStatus[s]}
                    aria-pressed={s === 'not_received' ? onlyStatus === s : undefined}
                    aria-label={label}
                    title={label}
                    onClick={() => (s === 'not_received' ? setOnlyStatus((cur) => (cur === s ? null : s)) : openDesaState(s))}
                  >
                    <strong>{byStatus[s]}</strong> {t(`ui.board.status.${s}` as MessageKey)}
                  </button>
                </li>
              )
            })}
          </ul>
          <FindingTiles t={t} summary={summary} />
          <button type="button" className="print-button" data-testid="print-recap" onClick={() => window.print()}>
            {t('ui.board.print')}
          </button>
          <CarryForwardLine t={t} counts={latestCarry(workspace)} testId="board-carry-forward" />
          <div className="board-progress">
            <span aria-hidden="true">{t('ui.board.kecamatanProgress')}</span>
            <Progress
              t={t}
              open={summary.open}
              resolved={summary.resolved}
              label={t('ui.board.kecamatanProgress')}
              testId="board-progress"
            />
          </div>
        </div>
        <div className="board-body">
          <table className="board-table" data-testid="board-table">
            <caption className="sr-only">{t('ui.board.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ui.board.col.desa')}</th>
                <th scope="col">{t('ui.board.col.status')}</th>
                <th scope="col" className="num">
                  {t('ui.board.col.rows')}
                </th>
                <th scope="col" className="num">
                  {t('ui.board.col.open')}
                </th>
                <th scope="col">{t('ui.board.col.progress')}</th>
                <th scope="col">{t('ui.board.col.chart')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <tr
                  key={d.desa}
                  data-testid={`board-desa-${d.desa}`}
                  data-status={d.status}
                  data-open={d.open}
                  onClick={() => (d.files.length ? openDesa(d.desa) : setTab('import'))}
                >
                  <th scope="row">
                    {d.files.length > 0 ? (
                      <button
                        type="button"
                        className="link"
                        data-testid={`board-open-${d.desa}`}
                        onClick={(e) => (e.stopPropagation(), openDesa(d.desa))}
                        aria-label={t('ui.board.openDesa', { desa: d.desa || t('ui.desaUnknown') })}
                      >
                        {d.desa || t('ui.desaUnknown')}
                      </button>
                    ) : (
                      <>
                        <span>{d.desa}</span>{' '}
                        <button
                          type="button"
                          className="link"
                          data-testid={`board-import-${d.desa}`}
                          onClick={(e) => (e.stopPropagation(), setTab('import'))}
                          aria-label={t('ui.board.importDesa', { desa: d.desa })}
                        >
                          {t('ui.board.import')}
                        </button>
                      </>
                    )}
                    {d.files.length > 0 && <div className="hint">{d.files.join(', ')}</div>}
                    {d.files.length > 0 && d.desa === '' && (
                      <div className="problem" data-testid="board-desa-unknown">
                        {t('ui.import.desaProblem')}
                      </div>
                    )}
                  </th>
                  <td>
                    <span className={`badge status-${d.status}`}>{t(`ui.board.status.${d.status}` as MessageKey)}</span>
                    {d.exportedAt && <div className="hint">{d.exportedAt.slice(0, 10)}</div>}
                    <DeliveryLine delivery={d.delivery} />
                  </td>
                  <td className="num">{t('ui.board.rowsOf', { rows: d.rows, people: d.people })}</td>
                  <td className="num">{d.open}</td>
                  <td>
                    {d.files.length > 0 ? (
                      <Progress t={t} open={d.open} resolved={d.resolved} label={t('ui.board.progressOf', { desa: d.desa })} />
                    ) : (
                      '–'
                    )}
                  </td>
                  <td>
                    <MiniChart t={t} desa={d} maxOpen={maxOpen} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="board-side">
            <KecamatanChart t={t} summary={summary} />
            <Legend t={t} />
          </div>
        </div>
        {workspace && <PrintRecap t={t} summary={summary} workspace={workspace} />}
      </section>
    </>
  )
}

/** Findings of the whole kecamatan as facets: open, settled, and open by severity; each opens the review filtered. */
function FindingTiles({ t, summary }: { t: T; summary: Summary }) {
  const openFacet = useOpenFacet()
  const codes = codesOf(summary.byCode)
  const bySeverity = (sev: Severity) => codes.filter((c) => SEVERITY[c] === sev).reduce((n, c) => n + summary.byCode[c]!.open, 0)
  const tiles: { id: string; count: number; label: string; className: string; patch: Partial<Filters> }[] = [
    { id: 'open', count: summary.open, label: t('ui.board.tileOpen'), className: 'tile-open', patch: { code: 'any', status: 'open' } },
    {
      id: 'resolved',
      count: summary.resolved,
      label: t('ui.board.tileResolved'),
      className: 'tile-done',
      patch: { code: 'any', status: 'resolved' }
    },
    ...SEVERITIES.map((sev) => ({
      id: sev,
      count: bySeverity(sev),
      label: t(`severity.${sev}` as MessageKey),
      className: `tile-sev-${sev}`,
      patch: { code: 'any', severity: sev, status: 'open' } as Partial<Filters>
    }))
  ]
  return (
    <ul className="status-tiles finding-tiles" aria-label={t('ui.board.byFinding')}>
      {tiles.map((x) => (
        <li key={x.id}>
          <button
            type="button"
            className={`tile ${x.className}`}
            data-testid={`tile-finding-${x.id}`}
            data-count={x.count}
            aria-label={t('ui.board.tileFinding', { count: x.count, what: x.label })}
            title={t('ui.board.tileFinding', { count: x.count, what: x.label })}
            onClick={() => openFacet(x.patch)}
          >
            <strong>{x.count}</strong> {x.label}
          </button>
        </li>
      ))}
    </ul>
  )
}

/** The carry-forward of the newest file that came in over earlier decisions (a new master, a replacing file). */
function latestCarry(workspace: WorkspaceInfo | null): CarryForwardCounts | undefined {
  const files = [workspace?.master ?? null, ...(workspace?.villages ?? [])].filter((s) => s?.carryForward !== undefined)
  return files.sort((a, b) => (b!.importedAt < a!.importedAt ? -1 : b!.importedAt > a!.importedAt ? 1 : b!.id - a!.id))[0]?.carryForward
}

function countBy(list: DesaSummary[]): Record<DesaStatus, number> {
  const out = Object.fromEntries(DESA_STATUSES.map((s) => [s, 0])) as Record<DesaStatus, number>
  for (const d of list) out[d.status]++
  return out
}

/** Share of findings settled, as a bar and a number (a progressbar for screen readers). */
function Progress({ t, open, resolved, label, testId }: { t: T; open: number; resolved: number; label: string; testId?: string }) {
  const total = open + resolved
  const pct = total === 0 ? 100 : Math.round((resolved / total) * 100)
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      data-testid={testId}
    >
      <span className="progress-bar" style={{ width: `${pct}%` }} />
      <span className="progress-text">{t('ui.board.percent', { pct })}</span>
    </div>
  )
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info']

const codesOf = (byCode: Partial<Record<FindingCode, CodeCount>>) => FINDING_CODES.filter((c) => byCode[c])

/**
 * Open findings of one desa by kind, one segment per code, coloured by severity; each segment a
 * button opening the review of that desa and kind. The group says in words what the bars show.
 */
function MiniChart({ t, desa, maxOpen }: { t: T; desa: DesaSummary; maxOpen: number }) {
  const openKind = useOpenKind()
  const codes = codesOf(desa.byCode).filter((c) => desa.byCode[c]!.open > 0)
  if (codes.length === 0) return <span className="hint">{desa.files.length ? t('ui.board.noOpen') : '–'}</span>
  const words = codes.map((c) => `${t(`code.${c}` as MessageKey)}: ${desa.byCode[c]!.open}`).join(', ')
  return (
    <div className="mini-chart" role="group" aria-label={words} style={{ width: `${Math.max(8, (desa.open / maxOpen) * 100)}%` }}>
      {codes.map((c) => {
        const label = t('ui.board.openKind', {
          kind: t(`code.${c}` as MessageKey),
          desa: desa.desa || t('ui.desaUnknown'),
          count: desa.byCode[c]!.open
        })
        return (
          <button
            type="button"
            key={c}
            className={`seg sev-${SEVERITY[c]}`}
            style={{ flexGrow: desa.byCode[c]!.open }}
            data-testid={`board-facet-${desa.desa}-${c}`}
            aria-label={label}
            title={label}
            onClick={(e) => (e.stopPropagation(), openKind(desa.desa, c))}
          />
        )
      })}
    </div>
  )
}

/** The kecamatan's findings by kind: settled and open, with numbers. */
function KecamatanChart({ t, summary }: { t: T; summary: Summary }) {
  const openKind = useOpenKind()
  const codes = codesOf(summary.byCode)
  const max = Math.max(1, ...codes.map((c) => summary.byCode[c]!.open + summary.byCode[c]!.resolved))
  return (
    <figure className="kec-chart" data-testid="kecamatan-chart">
      <figcaption>{t('ui.board.chartTitle')}</figcaption>
      {codes.length === 0 && <p className="hint">{t('ui.board.noFindings')}</p>}
      <ul>
        {codes.map((c) => {
          const n = summary.byCode[c]!
          return (
            <li key={c} data-testid={`chart-${c}`} data-open={n.open} data-resolved={n.resolved}>
              <span className="kc-label">{t(`code.${c}` as MessageKey)}</span>
              <button
                type="button"
                className="kc-bar"
                data-testid={`chart-open-${c}`}
                aria-label={t('ui.board.openCode', { kind: t(`code.${c}` as MessageKey), count: n.open })}
                title={t('ui.board.openCode', { kind: t(`code.${c}` as MessageKey), count: n.open })}
                onClick={() => openKind('all', c)}
              >
                <span className={`seg sev-${SEVERITY[c]}`} style={{ width: `${(n.open / max) * 100}%` }} />
                <span className="seg done" style={{ width: `${(n.resolved / max) * 100}%` }} />
              </button>
              <span className="kc-num">{t('ui.board.openResolved', { open: n.open, resolved: n.resolved })}</span>
            </li>
          )
        })}
      </ul>
    </figure>
  )
}

/** What the colours mean: the severities of open findings, settled ones, and the desa states. */
function Legend({ t }: { t: T }) {
  return (
    <section className="board-legend" data-testid="board-legend" aria-labelledby="board-legend-title">
      <h3 id="board-legend-title">{t('ui.board.legend')}</h3>
      <ul>
        {SEVERITIES.map((sev) => (
          <li key={sev}>
            <span className={`swatch seg sev-${sev}`} aria-hidden="true" /> {t(`severity.${sev}` as MessageKey)}
          </li>
        ))}
        <li>
          <span className="swatch seg done" aria-hidden="true" /> {t('ui.board.legendDone')}
        </li>
      </ul>
      <h3>{t('ui.board.legendStates')}</h3>
      <ul data-testid="board-legend-states">
        {DESA_STATUSES.map((st) => (
          <li key={st}>
            <span className={`badge status-${st}`}>{t(`ui.board.status.${st}` as MessageKey)}</span>{' '}
            {t(`ui.board.stateHelp.${st}` as MessageKey)}
          </li>
        ))}
      </ul>
      <p className="hint">{t('ui.board.legendTiles')}</p>
    </section>
  )
}

/**
 * The recapitulation as printed (only visible in print): each desa's state and counts, and the
 * signature blocks of the kabupaten's signatories. No NIK or name: nothing to mask.
 */
function PrintRecap({ t, summary, workspace }: { t: T; summary: Summary; workspace: WorkspaceInfo }) {
  const locale = useAppStore(selectLocale)
  const today = new Date().toLocaleDateString(locale === 'id' ? 'id-ID' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
  return (
    <div className="print-recap" data-testid="print-recap-sheet">
      <h1>{t('ui.recap.title')}</h1>
      <p>{t('ui.recap.where', { kecamatan: workspace.kecamatan || '–', kabupaten: workspace.kabupaten || '–', date: today })}</p>
      <table>
        <thead>
          <tr>
            <th>{t('ui.recap.no')}</th>
            <th>{t('ui.board.col.desa')}</th>
            <th>{t('ui.board.col.status')}</th>
            <th>{t('ui.recap.rows')}</th>
            <th>{t('ui.recap.resolved')}</th>
            <th>{t('ui.recap.open')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.byDesa.map((d, i) => (
            <tr key={d.desa}>
              <td>{i + 1}</td>
              <td>{d.desa || t('ui.desaUnknown')}</td>
              <td>{t(`ui.board.status.${d.status}` as MessageKey)}</td>
              <td>{d.rows}</td>
              <td>{d.resolved}</td>
              <td>{d.open}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="signatures">
        {workspace.signatories.map((s) => (
          <div key={s.role} className="signature" data-testid={`signature-${s.role}`}>
            <div>{t(`ui.sign.${s.role}` as MessageKey)}</div>
            <div>{s.title}</div>
            <div className="sign-space" />
            <div className="sign-name">{s.name || '(................................)'}</div>
          </div>
        ))}
      </div>
    </div>
  )
}
