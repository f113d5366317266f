import { chainHash, ChainVerifier, GENESIS_HASH, mergePersonal, prepareEntry, StoredEntry } from './audit-chain';

function chain(n: number): StoredEntry[] {
  const entries: StoredEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const entry = prepareEntry(
      {
        occurredAt: new Date(Date.UTC(2020, 6, 15, 8, 0, i)),
        actorId: '6f1c2c1e-0000-4000-8000-000000000001',
        actorEmail: 'an.peeters@vil.be',
        action: 'user.updated',
        entityType: 'user',
        entityId: `u${i}`,
        before: { roles: ['APPLICANT'], email: 'an.peeters@vil.be', fullName: 'An Peeters' },
        after: { roles: ['APPLICANT', 'EVALUATOR'], lines: [{ person: 'Jan Janssens', hours: 10 }] },
        correlationId: `c${i}`,
      },
      `salt${i}`,
    );
    const hash = chainHash(prev, i, entry.contentHash);
    entries.push({
      id: String(100 + i),
      seq: String(i),
      ...entry.content,
      actorEmail: entry.actorEmail,
      personal: entry.personal,
      contentHash: entry.contentHash,
      prevHash: prev,
      hash,
    });
    prev = hash;
  }
  return entries;
}

function verify(entries: StoredEntry[]): ChainVerifier {
  const verifier = new ChainVerifier();
  for (const entry of entries) if (!verifier.add(entry)) break;
  return verifier;
}

describe('the audit chain', () => {
  it('keeps personal details out of the chained content, under a salted hash', () => {
    const [entry] = chain(1);
    expect(entry.before).toEqual({ roles: ['APPLICANT'] });
    expect(entry.after).toEqual({ roles: ['APPLICANT', 'EVALUATOR'], lines: [{ hours: 10 }] });
    expect(entry.personal?.fields).toEqual({
      'before.email': 'an.peeters@vil.be',
      'before.fullName': 'An Peeters',
      'after.lines.0.person': 'Jan Janssens',
    });
    expect(mergePersonal('after', entry.after, entry.personal?.fields)).toEqual({ roles: ['APPLICANT', 'EVALUATOR'], lines: [{ person: 'Jan Janssens', hours: 10 }] });
    expect(entry.personalHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies an intact chain and reports its head', () => {
    const entries = chain(5);
    const verifier = verify(entries);
    expect(verifier.fault).toBeNull();
    expect(verifier.verified).toBe(5);
    expect(verifier.head).toEqual({ seq: '5', hash: entries[4].hash });
  });

  it('still verifies once personal details are erased', () => {
    const entries = chain(3).map((e, i) => (i === 1 ? { ...e, personal: null, actorEmail: null } : e));
    const verifier = verify(entries);
    expect(verifier.fault).toBeNull();
    expect(verifier.pseudonymised).toBe(1);
  });

  it('names the first changed entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], action: 'user.deleted' };
    expect(verify(entries).fault).toMatchObject({ fault: 'CONTENT_CHANGED', seq: '3', id: '103' });
  });

  it('detects changed personal details', () => {
    const entries = chain(3);
    entries[1] = { ...entries[1], actorEmail: 'someone.else@vil.be' };
    expect(verify(entries).fault).toMatchObject({ fault: 'PERSONAL_DATA_CHANGED', seq: '2' });
  });

  it('detects a deletion', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verify(entries).fault).toMatchObject({ fault: 'SEQUENCE_GAP', seq: '3' });
  });

  it('detects an entry re-hashed after a change, at its successor', () => {
    const entries = chain(4);
    const changed = prepareEntry({ ...entries[1], personal: undefined, actorEmail: null, before: null, after: { forged: true } }, 'x');
    entries[1] = { ...entries[1], ...changed.content, personal: null, actorEmail: null, contentHash: changed.contentHash, hash: chainHash(entries[1].prevHash, 2, changed.contentHash) };
    expect(verify(entries).fault).toMatchObject({ fault: 'LINK_BROKEN', seq: '3' });
  });

  it('detects an insertion out of order', () => {
    const entries = chain(4);
    const moved = [entries[0], entries[2], entries[1], entries[3]];
    expect(verify(moved).fault).toMatchObject({ fault: 'SEQUENCE_GAP', seq: '3' });
    const renumbered = [entries[0], { ...entries[2], seq: '2' }];
    expect(verify(renumbered).fault).toMatchObject({ fault: 'LINK_BROKEN', seq: '2' });
  });

  it('detects a replaced hash', () => {
    const entries = chain(2);
    entries[1] = { ...entries[1], hash: 'f'.repeat(64) };
    expect(verify(entries).fault).toMatchObject({ fault: 'HASH_CHANGED', seq: '2' });
  });
});
