export { createExporter, type Exporter, type ExporterDeps } from './exporter.ts';
export { type Runtime, RuntimeLoader } from './runtime.ts';
export type { ExportOptions, ExportSummary, MessageResult } from './types.ts';
