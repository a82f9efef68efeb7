import { FINDING_CODES, type FindingCode } from '@shared/domain/findings'
import type { MessageKey } from '@shared/i18n'
import { useT } from '../../lib/i18n'
import { useAppStore, type Filters } from '../../store'
import { ReviewGrid } from './ReviewGrid'
import { RowPanel } from './RowPanel'

export function ReviewView() {
  const t = useT()
  const summary = useAppStore((s) => s.summary)
  const filters = useAppStore((s) => s.filters)
  const setFilters = useAppStore((s) => s.setFilters)
  const hasRows = useAppStore((s) => s.rows.size > 0)

  if (!hasRows) return <p className="empty">{t('ui.review.empty')}</p>
  const codes = FINDING_CODES.filter((c) => summary?.byCode[c])
  return (
    <section className="review">
      <div className="toolbar" role="toolbar">
        <label>
          {t('ui.review.filterCode')}
          <select data-testid="filter-code" value={filters.code} onChange={(e) => setFilters({ code: e.target.value as Filters['code'] })}>
            <option value="all">{t('ui.review.all')}</option>
            <option value="any">{t('ui.review.withFindings')}</option>
            {codes.map((c: FindingCode) => (
              <option key={c} value={c}>
                {t(`code.${c}` as MessageKey)} ({summary?.byCode[c]?.open ?? 0})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ui.review.filterDesa')}
          <select data-testid="filter-desa" value={filters.desa} onChange={(e) => setFilters({ desa: e.target.value })}>
            <option value="all">{t('ui.review.all')}</option>
            {summary?.byDesa.map((d) => (
              <option key={d.desa} value={d.desa}>
                {d.desa || t('ui.desaUnknown')} ({d.open})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ui.review.filterStatus')}
          <select data-testid="filter-status" value={filters.status} onChange={(e) => setFilters({ status: e.target.value as Filters['status'] })}>
            <option value="all">{t('ui.review.all')}</option>
            <option value="open">{t('ui.review.open')}</option>
            <option value="resolved">{t('ui.review.resolved')}</option>
          </select>
        </label>
        <input
          type="search"
          data-testid="search"
          placeholder={t('ui.review.search')}
          aria-label={t('ui.review.search')}
          value={filters.search}
          onChange={(e) => setFilters({ search: e.target.value })}
        />
        <span className="counts" data-testid="counts" data-open={summary?.open ?? 0}>
          {t('ui.review.counts', { open: summary?.open ?? 0, resolved: summary?.resolved ?? 0, rows: summary?.rows ?? 0 })}
        </span>
      </div>
      <Legend />
      <div className="review-body">
        <ReviewGrid />
        <RowPanel />
      </div>
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
