import { DESA_STATUSES, type DesaStatus, type RowView } from '@shared/api/types'
import { FINDING_CODES, type FindingCode } from '@shared/domain/findings'
import type { MessageKey } from '@shared/i18n'
import type { GridApi } from 'ag-grid-community'
import { useCallback, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { useT } from '../../lib/i18n'
import { type AppState, type Filters, useAppStore } from '../../store'
import { desaInState } from '../../store/rows'
import { selectHasRows, selectNumberLocale } from '../../store/selectors'
import { DaftarPrint } from '../daftar/DaftarPrint'
import { BulkBar } from './BulkBar'
import { viewTable } from './grid-view'
import { KeyboardHelp } from './KeyboardHelp'
import { RemovalDialog } from './RemovalDialog'
import { ReviewGrid } from './ReviewGrid'
import { RowPanel } from './RowPanel'
import { useReviewShortcuts } from './useReviewShortcuts'
import { download, viewWorkbook } from './view-export'

/** Board states with rows to review ("Belum masuk" has none), offered in the desa filter. */
const REVIEW_STATES = DESA_STATUSES.filter((s) => s !== 'not_received')
const STATE_PREFIX = 'state:'

const selectReviewView = (s: AppState) => ({
  summary: s.summary,
  filters: s.filters,
  setFilters: s.setFilters,
  hasRows: selectHasRows(s),
  removal: s.removal,
  loading: s.loading,
  locale: selectNumberLocale(s),
  daftarOpen: s.daftarPrint !== null,
  saveDaftar: s.saveDaftar,
  openDaftarPrint: s.openDaftarPrint,
  notify: s.notify,
  maskIds: s.maskIds
})

export function ReviewView() {
  const t = useT()
  const { summary, filters, setFilters, hasRows, removal, loading, locale, daftarOpen, saveDaftar, openDaftarPrint, notify, maskIds } =
    useAppStore(useShallow(selectReviewView))
  const gridApi = useRef<GridApi<RowView> | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  const [helpOpen, setHelpOpen] = useState(false)
  const [hint, setHint] = useState<MessageKey | null>(null)
  const onApi = useCallback((api: GridApi<RowView> | null) => {
    gridApi.current = api
  }, [])
  const toggleHelp = useCallback(() => setHelpOpen((open) => !open), [])
  const closeHelp = useCallback(() => setHelpOpen(false), [])
  const getApi = useCallback(() => gridApi.current, [])
  const getSearch = useCallback(() => searchRef.current, [])
  // The rows and columns shown, in their order, as .xlsx (built here: it is what the screen shows).
  const exportView = useCallback(() => {
    const api = gridApi.current
    if (!api) return
    const { header, rows } = viewTable(api)
    const file = `cermat-tampilan-${new Date().toISOString().slice(0, 10)}.xlsx`
    download(viewWorkbook(header, rows, t('ui.viewExport.sheet')), file)
    notify('success', { key: maskIds ? 'ui.viewExport.savedMasked' : 'ui.viewExport.saved', params: { file, rows: rows.length } })
  }, [t, notify, maskIds])
  // While a dialog is open, its own keys apply.
  useReviewShortcuts({ api: getApi, search: getSearch, helpOpen: helpOpen || removal !== null || daftarOpen, toggleHelp, say: setHint })

  if (!hasRows) return <p className="empty">{t('ui.review.empty')}</p>
  const codes = FINDING_CODES.filter((c) => summary?.byCode[c])
  // The daftar perbaikan follows the desa filter: that desa's list, or every desa's.
  const daftarDesa = filters.desa === 'all' || filters.desa === '' ? null : filters.desa
  const daftarFor = daftarDesa ?? t('ui.daftar.allDesa')
  return (
    <section className="review">
      <div className="toolbar" role="toolbar">
        <label>
          {t('ui.review.filterCode')}
          <select data-testid="filter-code" value={filters.code} onChange={(e) => setFilters({ code: e.target.value as Filters['code'] })}>
            <option value="all">{t('ui.review.all')}</option>
            <option value="any">{t('ui.review.withFindings')}</option>
            {summary?.byCode.FIELD_MISMATCH && <option value="spelling">{t('ui.review.spelling')}</option>}
            {codes.map((c: FindingCode) => (
              <option key={c} value={c}>
                {t(`code.${c}` as MessageKey)} ({summary?.byCode[c]?.open ?? 0})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ui.review.filterSeverity')}
          <select
            data-testid="filter-severity"
            value={filters.severity}
            onChange={(e) => setFilters({ severity: e.target.value as Filters['severity'] })}
          >
            <option value="all">{t('ui.review.all')}</option>
            {(['error', 'warning', 'info'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ui.review.filterDesa')}
          <select
            data-testid="filter-desa"
            value={filters.desaState ? `${STATE_PREFIX}${filters.desaState.status}` : filters.desa}
            onChange={(e) => {
              const v = e.target.value
              if (v.startsWith(STATE_PREFIX))
                setFilters({ desa: 'all', desaState: desaInState(summary, v.slice(STATE_PREFIX.length) as DesaStatus) })
              else setFilters({ desa: v, desaState: null })
            }}
          >
            <option value="all">{t('ui.review.all')}</option>
            {summary?.byDesa.map((d) => (
              <option key={d.desa} value={d.desa}>
                {d.desa || t('ui.desaUnknown')} ({d.open})
              </option>
            ))}
            {/* A board state (its tile opens the review here): every desa in it, as they were when chosen. */}
            <optgroup label={t('ui.review.filterDesaState')}>
              {REVIEW_STATES.map((st) => (
                <option key={st} value={`${STATE_PREFIX}${st}`}>
                  {t('ui.review.desaState', {
                    status: t(`ui.board.status.${st}` as MessageKey),
                    count:
                      filters.desaState?.status === st
                        ? filters.desaState.desa.length
                        : (summary?.byDesa.filter((d) => d.status === st).length ?? 0)
                  })}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label>
          {t('ui.review.filterStatus')}
          <select
            data-testid="filter-status"
            value={filters.status}
            onChange={(e) => setFilters({ status: e.target.value as Filters['status'] })}
          >
            <option value="all">{t('ui.review.all')}</option>
            <option value="open">{t('ui.review.open')}</option>
            <option value="resolved">{t('ui.review.resolved')}</option>
          </select>
        </label>
        <input
          ref={searchRef}
          type="search"
          data-testid="search"
          aria-keyshortcuts="/ Control+F"
          placeholder={t('ui.review.search')}
          aria-label={t('ui.review.search')}
          value={filters.search}
          onChange={(e) => setFilters({ search: e.target.value })}
        />
        <span className="counts" data-testid="counts" data-open={summary?.open ?? 0}>
          {t('ui.review.counts', { open: summary?.open ?? 0, resolved: summary?.resolved ?? 0, rows: summary?.rows ?? 0 })}
        </span>
        {loading && (
          <span className="loading muted" role="status" data-testid="rows-loading">
            {t('ui.review.loading', { done: loading.done.toLocaleString(locale), total: loading.total.toLocaleString(locale) })}
          </span>
        )}
        <span className="keys-hint muted" role="status" data-testid="keys-hint">
          {hint ? t(hint) : ''}
        </span>
        <button
          type="button"
          data-testid="daftar-save"
          title={t('ui.daftar.saveTitle', { desa: daftarFor })}
          onClick={() => void saveDaftar(daftarDesa)}
        >
          {t('ui.daftar.save')}
        </button>
        <button
          type="button"
          data-testid="daftar-print-open"
          aria-haspopup="dialog"
          title={t('ui.daftar.printTitle', { desa: daftarFor })}
          onClick={() => void openDaftarPrint(daftarDesa)}
        >
          {t('ui.daftar.print')}
        </button>
        <button type="button" data-testid="view-export" title={t('ui.viewExport.title')} onClick={exportView}>
          {t('ui.viewExport.button')}
        </button>
        <button
          type="button"
          className="keys-button"
          data-testid="keys-help-open"
          aria-haspopup="dialog"
          aria-keyshortcuts="?"
          onClick={toggleHelp}
        >
          {t('ui.keys.button')}
        </button>
      </div>
      <Legend />
      <BulkBar api={getApi} />
      <div className="review-body">
        <ReviewGrid onApi={onApi} />
        <RowPanel />
      </div>
      {helpOpen && <KeyboardHelp onClose={closeHelp} />}
      {removal && <RemovalDialog request={removal} />}
      <DaftarPrint />
    </section>
  )
}

function Legend() {
  const t = useT()
  return (
    <div className="legend" aria-label={t('ui.review.legend')}>
      <span className="swatch cell-error">{t('ui.legend.error')}</span>
      <span className="swatch cell-mismatch">{t('ui.legend.mismatch')}</span>
      <span className="swatch cell-new">{t('ui.legend.new')}</span>
      <span className="swatch row-missing">{t('ui.legend.missing')}</span>
      <span className="swatch cell-resolved">{t('ui.legend.resolved')}</span>
    </div>
  )
}
