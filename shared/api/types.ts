/**
 * The views and results that cross the boundary between the renderer and the engine.
 * The one entry point: the types live by subject in ./types/, so imports elsewhere stay unchanged.
 */
export * from './types/berita-acara'
export * from './types/daftar'
export * from './types/delivery'
export * from './types/export'
export * from './types/import'
export * from './types/package-view'
export * from './types/rows'
export * from './types/summary'
export * from './types/workspace'
