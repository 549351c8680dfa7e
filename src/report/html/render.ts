/** The HTML views: one self-contained file per session or usage report, opened from disk, offline. */
import type { UsageReport } from '../../domain/usage-report.js';
import { renderPage } from './page.js';
import { buildReportView } from './report-view.js';
import { buildSessionView, type SessionPageInput } from './session-view.js';

export type { SessionPageInput } from './session-view.js';

/** A session's page: cost timeline, waterfall, where the money went, flags, conversation. */
export function renderSessionHtml(input: SessionPageInput): string {
  const view = buildSessionView(input);
  return renderPage(`clawtrace · session ${view.session.label ?? view.session.id}`, view);
}

/** A usage report's page: spend over time (or per group) and every row's figures. */
export function renderReportHtml(report: UsageReport): string {
  return renderPage(`clawtrace · ${report.kind} usage`, buildReportView(report));
}
