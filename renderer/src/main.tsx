import './styles.css'

import {
  CellApiModule,
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  ColumnAutoSizeModule,
  CustomEditorModule,
  DateFilterModule,
  ExternalFilterModule,
  LocaleModule,
  ModuleRegistry,
  NumberFilterModule,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  TextFilterModule,
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
  // Header filters on the person columns (features/review/colDefs.ts).
  TextFilterModule,
  NumberFilterModule,
  DateFilterModule,
  // Their words in Bahasa Indonesia (features/review/grid-locale.ts).
  LocaleModule,
  RowSelectionModule,
  ColumnAutoSizeModule,
  // The review screen's keys: scroll a row into view, find a finding's column.
  ScrollApiModule,
  ColumnApiModule,
  // Copy and "Ekspor tampilan" read cells as shown (features/review/grid-view.ts).
  CellApiModule
])

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
