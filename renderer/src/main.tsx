import './styles.css'

import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  ColumnAutoSizeModule,
  CustomEditorModule,
  ExternalFilterModule,
  ModuleRegistry,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  TooltipModule
} from 'ag-grid-community'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

import { App } from './App'

// AG Grid Community modules, registered explicitly (nothing renders otherwise; no Enterprise).
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  RowApiModule,
  // Cells are edited with the validating editor (features/review/CellEditor.tsx).
  CustomEditorModule,
  TooltipModule,
  CellStyleModule,
  RowStyleModule,
  ExternalFilterModule,
  RowSelectionModule,
  ColumnAutoSizeModule,
  // The review screen's keys: scroll a row into view, find a finding's column.
  ScrollApiModule,
  ColumnApiModule
])

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
