import { exportSection } from './export.bench';
import { httpSection } from './http.bench';
import type { BenchSection } from './lib/types';
import { pdfSection } from './pdf.bench';
import { submitSection } from './submit.bench';
import { webBudgetSection } from './web-budget';

/**
 * Every section, in the order `npm run bench` runs them. To add one: write
 * bench/<name>.bench.ts exporting a BenchSection and list it here.
 */
// web-budget is temporary: the `web` section is to call measureBudgetEdit (bench/web-budget.ts) itself.
export const SECTIONS: readonly BenchSection[] = [httpSection, submitSection, pdfSection, exportSection, webBudgetSection];
