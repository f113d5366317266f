/** A rule finding of the service (FindingDto) or a field error of a problem+json, placed by field path. */
export interface PlacedFinding {
  code: string;
  message: string;
  field?: string;
  severity?: 'error' | 'warning';
  params?: Record<string, number>;
}

/**
 * Findings by the field they concern (`lines[3].hours`, `partners[1].enterpriseNumber`,
 * `requestedSubsidy`), so each is shown next to its field; `unplaced` are those whose field the
 * screen does not show (or that have none), shown as a list instead of being lost.
 */
export function placeFindings<T extends PlacedFinding>(findings: readonly T[], shown: (field: string) => boolean): { at: (field: string) => T[]; unplaced: T[] } {
  const byField = new Map<string, T[]>();
  const unplaced: T[] = [];
  for (const finding of findings) {
    if (finding.field !== undefined && shown(finding.field)) {
      const list = byField.get(finding.field) ?? [];
      list.push(finding);
      byField.set(finding.field, list);
    } else {
      unplaced.push(finding);
    }
  }
  return { at: (field) => byField.get(field) ?? [], unplaced };
}

/** The fields of one budget row (`lines[i].…`) that the table shows as inputs. */
export const LINE_FIELDS = ['year', 'function', 'description', 'annualGrossCost', 'hours', 'fte', 'amount', 'vatAmount'] as const;

/** True for a field the budget table can show: a cell, a row, a partner heading, the whole table or the requested subsidy. */
export function isBudgetField(field: string): boolean {
  return /^lines\[\d+\](\.(year|function|description|annualGrossCost|hours|fte|amount|vatAmount|vatIncluded|partner|category))?$/.test(field) || /^partners\[\d+\]$/.test(field) || field === 'lines' || field === 'requestedSubsidy';
}

/** Where a cell field of a row falls back to when the row shows no such input (e.g. `lines[2].partner` → the row). */
export function rowField(field: string): string {
  const match = /^(lines\[\d+\])\.(partner|category|vatIncluded)$/.exec(field);
  return match ? match[1] : field;
}
