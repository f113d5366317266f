import { formatEuro } from '../../core/format/nl-be';
import type { AwardReason } from '../../evaluations/domain/award-proposal.rule';
import { displayProvince, formatScore } from './format';

/** "a, b en c". */
function joinDutch(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}

/**
 * An award reason in the Dutch of the documents, with the call's criterion titles: the same
 * sentence the ranking page shows in Dutch (web/src/features/evaluations/i18n/nl-BE.json), so a
 * decision letter and the screen it was downloaded from agree.
 */
export function awardReasonDutch(reason: AwardReason, criterionTitles: ReadonlyMap<string, string>): string {
  const score = (value: number) => formatScore(Math.round(value * 100));
  switch (reason.code) {
    case 'AWARDED':
      return 'Toegekend: past binnen het budget en het quotum per provincie.';
    case 'PROVINCE_QUOTA_REACHED':
      return `Reserve: het quotum van ${reason.quota} per provincie is bereikt voor ${displayProvince(reason.province)}.`;
    case 'ENVELOPE_EXHAUSTED':
      return `Reserve: het budget volstaat niet (nog ${formatEuro(reason.remaining)} beschikbaar, ${formatEuro(reason.needed)} nodig).`;
    case 'BELOW_THRESHOLD': {
      const parts = reason.failures.map((f) =>
        f.criterion === null ? `voor het totaal (${score(f.score)} < ${score(f.threshold)})` : `voor ${criterionTitles.get(f.criterion) ?? f.criterion} (${score(f.score)} < ${score(f.threshold)})`,
      );
      return `Afgewezen: onder de drempel ${joinDutch(parts)}.`;
    }
  }
}
