import type { CoverageSetting } from '@shared/api/types'
import type { MessageKey } from '@shared/i18n'
import { type DragEvent, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'

import { CarryForwardLine } from '../../components/CarryForwardLine'
import { useT } from '../../lib/i18n'
import { type AppState, useAppStore } from '../../store'
import { ImportNotes } from './ImportNotes'
import { MappingView } from './MappingView'

const selectImportView = (s: AppState) => ({
  workspace: s.workspace,
  tasks: s.tasks,
  importMaster: s.importMaster,
  importVillages: s.importVillages,
  cancelTask: s.cancelTask,
  pending: s.pending,
  lastImport: s.lastImport,
  alwaysMap: s.alwaysMap,
  setAlwaysMap: s.setAlwaysMap,
  setCoverage: s.setCoverage
})

const ACCEPT = '.xlsx,.xlsm,.xls,.ods,.csv,.txt'

export function ImportView() {
  const t = useT()
  const { workspace, tasks, importMaster, importVillages, cancelTask, pending, lastImport, alwaysMap, setAlwaysMap, setCoverage } =
    useAppStore(useShallow(selectImportView))
  const masterInput = useRef<HTMLInputElement>(null)
  const villageInput = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)
  const running = Object.values(tasks)

  if (!workspace) return null
  if (pending) {
    return (
      <section className="import" data-testid="import-view">
        <MappingView />
      </section>
    )
  }
  const master = workspace.master

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    const files = [...e.dataTransfer.files]
    if (files.length > 0) void importVillages(files)
  }

  return (
    <section className="import" data-testid="import-view">
      <div className="card">
        <h2>{t('ui.import.master')}</h2>
        <p data-testid="master-status">
          {master
            ? t('ui.import.masterLoaded', {
                file: master.fileName,
                rows: master.rows,
                at: master.importedAt.slice(0, 16).replace('T', ' ')
              })
            : t('ui.import.masterNone')}
        </p>
        <input
          ref={masterInput}
          type="file"
          accept={ACCEPT}
          hidden
          data-testid="master-input"
          onChange={(e) => {
            const file = e.target.files?.[0]
            e.target.value = ''
            if (file) void importMaster(file)
          }}
        />
        <button type="button" className={master ? '' : 'primary'} onClick={() => masterInput.current?.click()}>
          {master ? t('ui.import.replaceMaster') : t('ui.import.chooseMaster')}
        </button>
      </div>

      {lastImport && !lastImport.result.alreadyImported && (
        <div className="card" data-testid="import-report">
          <h2>{t('ui.import.report', { file: lastImport.fileName })}</h2>
          <p>
            {t('ui.import.reportLine', {
              rows: lastImport.result.source.rows,
              sheet: lastImport.result.source.sheet,
              header: lastImport.result.source.headerRow,
              desa: lastImport.result.source.desa || (lastImport.kind === 'master' ? '—' : t('ui.desaUnknown'))
            })}
          </p>
          <CarryForwardLine t={t} counts={lastImport.result.carryForward} testId="import-carry-forward" />
          <ImportNotes
            warnings={lastImport.result.warnings}
            coercions={lastImport.result.coercions}
            unrecognised={lastImport.result.unrecognised}
          />
          {lastImport.result.warnings.length === 0 && lastImport.result.coercions.length === 0 && (
            <p className="muted">{t('ui.import.clean')}</p>
          )}
        </div>
      )}

      <div className="card">
        <h2>{t('ui.import.villages')}</h2>
        {!master && <p className="hint">{t('ui.import.needMaster')}</p>}
        <div
          className={`dropzone${dragging ? ' dragging' : ''}`}
          data-testid="dropzone"
          onDragOver={(e) => {
            e.preventDefault()
            setDragging(true)
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>{t('ui.import.drop')}</p>
          <input
            ref={villageInput}
            type="file"
            accept={ACCEPT}
            multiple
            hidden
            data-testid="village-input"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])]
              e.target.value = ''
              if (files.length > 0) void importVillages(files)
            }}
          />
          <button type="button" className={master ? 'primary' : ''} onClick={() => villageInput.current?.click()}>
            {t('ui.import.chooseVillages')}
          </button>
        </div>

        <label className="check">
          <input type="checkbox" checked={alwaysMap} onChange={(e) => setAlwaysMap(e.target.checked)} data-testid="always-map" />
          {t('ui.import.alwaysMap')}
        </label>

        {running.map((task) => (
          <div className="task" key={task.taskId} data-testid="task">
            <span>
              {t('ui.import.running', { file: task.fileName })} — {t(`ui.phase.${task.phase}` as MessageKey)}
            </span>
            <progress max={Math.max(task.total, 1)} value={task.done} />
            <button type="button" onClick={() => void cancelTask(task.taskId)}>
              {t('ui.import.cancel')}
            </button>
          </div>
        ))}

        {workspace.villages.length === 0 ? (
          <p className="muted">{t('ui.import.noVillages')}</p>
        ) : (
          <table className="sources" data-testid="village-table">
            <thead>
              <tr>
                <th>{t('ui.import.col.file')}</th>
                <th>{t('ui.import.col.desa')}</th>
                <th>{t('ui.import.col.rows')}</th>
                <th>{t('ui.import.col.sheet')}</th>
                <th>{t('ui.import.col.header')}</th>
                <th title={t('ui.coverage.help')}>{t('ui.import.col.coverage')}</th>
                <th>{t('ui.import.col.mapping')}</th>
              </tr>
            </thead>
            <tbody>
              {workspace.villages.map((v) => (
                <tr key={v.id}>
                  <td>{v.fileName}</td>
                  <td>
                    {v.desa || (
                      <span data-testid={`desa-problem-${v.id}`}>
                        <span className="badge sev-error">{t('ui.desaUnknown')}</span> {t('ui.import.desaProblem')}
                      </span>
                    )}
                  </td>
                  <td className="num">{v.rows}</td>
                  <td>{v.sheet}</td>
                  <td className="num">{v.headerRow}</td>
                  <td>
                    {v.coverage && (
                      <select
                        aria-label={`${t('ui.import.col.coverage')}: ${v.fileName}`}
                        data-testid={`coverage-${v.id}`}
                        value={v.coverage.setting}
                        title={
                          v.coverage.share === null
                            ? t('ui.coverage.noShare')
                            : t('ui.coverage.share', { share: Math.round(v.coverage.share * 100) })
                        }
                        onChange={(e) => void setCoverage(v.id, e.target.value as CoverageSetting)}
                      >
                        <option value="auto">{t('ui.coverage.auto', { guess: t(`ui.coverage.${v.coverage.guess}`) })}</option>
                        <option value="complete">{t('ui.coverage.complete')}</option>
                        <option value="changes">{t('ui.coverage.changes')}</option>
                      </select>
                    )}
                  </td>
                  <td className="mapping">{v.mapping.map((m) => `${m.columnLetter}: ${m.header}`).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  )
}
