/**
 * AI-region tracking: which regions of code an AI wrote, whether a human reviewed them, and
 * how they move as the code changes. Pure core used by the language server and the CLI; it
 * imports from `../engine` only, never `vscode` or `vscode-languageserver`.
 *
 * Units everywhere: LSP positions (0-based lines, UTF-16 columns) for regions; 1-based inclusive
 * lines in Agent Trace records; ms for durations; ISO 8601 strings for times.
 */
export * from './schema';
export * from './hash';
export * from './region';
export { shiftSpan, diffEdits, applySpanEdits, type SpanEdit, type SpanEffect } from './spans';
export * from './tracker';
export * from './anchor';
export * from './index-store';
export * from './trace';
export * from './annotations';
export * from './domains';
export * from './gate';
export * from './service';
