import { itemLink, itemWebPath } from './item-links';
import { WEB_ROUTE_PREFIXES } from './web-routes';

const ID = '0b9a7f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const GRANT = '7d6c5b4a-3f2e-4d1c-9b8a-7f6e5d4c3b2a';

describe('links from a notification to its item', () => {
  it('opens the item on its page of the web application', () => {
    expect(itemWebPath({ kind: 'GRANT_AWARDED', entityType: 'grant', entityId: ID })).toBe(`/subsidies/${ID}`);
    expect(itemWebPath({ kind: 'EVALUATOR_CONFLICT', entityType: 'application', entityId: ID })).toBe(`/aanvragen/${ID}`);
    expect(itemWebPath({ kind: 'CALL_OPENED', entityType: 'call', entityId: ID })).toBe(`/oproepen/${ID}`);
    expect(itemWebPath({ kind: 'ASSIGNMENT_CREATED', entityType: 'call', entityId: ID })).toBe('/beoordelingen');
    expect(itemWebPath({ kind: 'CLARIFICATION_REQUESTED', entityType: 'application', entityId: ID })).toBe(`/aanvragen/${ID}/ontvangstbewijs`);
    expect(itemWebPath({ kind: 'CALL_CLOSING_EXTENDED', entityType: 'call', entityId: ID })).toBe(`/oproepen/${ID}`);
    for (const entityType of ['cost_statement', 'progress_report', 'payment']) {
      expect(itemWebPath({ kind: 'X', entityType, entityId: ID, grantId: GRANT })).toBe(`/subsidies/${GRANT}`);
    }
    expect(itemWebPath({ kind: 'TEST', entityType: null, entityId: null })).toBe('/mijn-taken');
    expect(itemWebPath({ kind: 'X', entityType: 'payment', entityId: ID, grantId: null })).toBe('/mijn-taken');
  });

  it('always lands on a web route, and joins the base URL with one slash', () => {
    for (const entityType of ['grant', 'application', 'call', 'assignment', 'cost_statement', 'user', null]) {
      const first = itemWebPath({ kind: 'X', entityType, entityId: ID, grantId: GRANT }).split('/')[1];
      expect(WEB_ROUTE_PREFIXES).toContain(first);
    }
    expect(itemLink('https://subsidies.vlaanderen.test/efro/', { kind: 'X', entityType: 'grant', entityId: ID })).toBe(
      `https://subsidies.vlaanderen.test/efro/subsidies/${ID}`,
    );
  });
});
