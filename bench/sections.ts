import { auditSection } from './audit.bench';
import { exportSection } from './export.bench';
import { httpSection } from './http.bench';
import type { BenchSection } from './lib/types';
import { openLoopSection } from './open-loop.bench';
import { pdfSection } from './pdf.bench';
import { scaleSection } from './scale';
import { submitSection } from './submit.bench';
import { uploadsSection } from './uploads.bench';
import { webBudgetSection } from './web-budget';
import { webSection } from './web.bench';

/**
 * Every section, in the order `npm run bench` runs them. To add one: write
 * bench/<name>.bench.ts exporting a BenchSection and list it here.
 */
export const SECTIONS: readonly BenchSection[] = [httpSection, submitSection, openLoopSection, pdfSection, exportSection, uploadsSection, webSection, webBudgetSection, auditSection, scaleSection];
