import { Badge, Button, Fieldset, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { formatEnterpriseNumber, normaliseEnterpriseNumber } from '@shared/domain/belgian-identifiers.rule';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId, ProblemAlert } from '../../../components/ErrorSummary';
import { isProblem } from '../../../lib/api/problem';
import { PageTitle } from '../../../components/PageTitle';
import { applicationKeys, useBudgetSummary, useClaimPartnerType, usePutPartners, type Application, type PartnerInput } from '../api/applications';
import { useDraft } from '../api/use-draft';
import { placeFindings } from '../budget/findings';
import { FindingList, messagesAt, SaveBar, SaveProblem } from '../components/feedback';
import { draftKey, useProposal } from '../components/proposal-context';
import { useSectionSave } from '../components/use-section-save';

type OrganisationType = NonNullable<PartnerInput['organisationType']>;
type SavedPartner = Application['partners'][number];
const VERIFICATION_COLOR: Record<SavedPartner['typeVerification'], string> = { VERIFIED: 'teal.9', PENDING: 'gray.7', REJECTED: 'red.9' };
const TYPES: OrganisationType[] = ['RESEARCH_ORGANISATION', 'KNOWLEDGE_INSTITUTION', 'BUSINESS_NETWORK', 'COMPANY', 'PUBLIC_BODY'];
const sameNumber = (a: string, digits: string) => {
  const n = normaliseEnterpriseNumber(a);
  return n.ok && n.value === digits;
};
const shownNumber = (a: string) => {
  const n = normaliseEnterpriseNumber(a);
  return n.ok ? formatEnterpriseNumber(n.value) : a;
};
const fromApplication = (a: Application): PartnerInput[] => a.partners.map((p) => ({ enterpriseNumber: p.enterpriseNumber, name: p.name, organisationType: p.organisationType, role: p.role }));

/** Section 3: the consortium. The lead is the applicant's organisation; partners are added by enterprise number. */
export function ConsortiumSection() {
  const { t } = useTranslation('applications');
  const { t: tc } = useTranslation();
  const { application, call, editable } = useProposal();
  const client = useQueryClient();
  const { draft, setDraft, reset, markSaved, dirty } = useDraft(draftKey(application.id, 'consortium'), () => fromApplication(application));
  const save = useSectionSave(application.id);
  const put = usePutPartners(application.id);
  const summary = useBudgetSummary(application.id);
  const [candidate, setCandidate] = useState({ enterpriseNumber: '', name: '', organisationType: '' as OrganisationType | '' });
  const [tried, setTried] = useState(false);
  const [touchedNumber, setTouchedNumber] = useState(false);

  const check = candidate.enterpriseNumber ? normaliseEnterpriseNumber(candidate.enterpriseNumber) : null;
  const duplicate = check?.ok === true && draft.some((p) => sameNumber(p.enterpriseNumber, check.value));
  const numberError =
    (touchedNumber || tried) && candidate.enterpriseNumber === '' && tried
      ? t('consortium.numberRequired')
      : (touchedNumber || tried) && check && !check.ok
        ? t('consortium.numberInvalid')
        : duplicate
          ? t('consortium.numberDuplicate')
          : undefined;
  const nameError = tried && candidate.name.trim() === '' ? t('consortium.nameRequired') : undefined;
  const typeError = tried && candidate.organisationType === '' ? t('consortium.typeRequired') : undefined;

  const add = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!check?.ok || duplicate || candidate.name.trim() === '' || candidate.organisationType === '') return;
    const number = check.value;
    const partner: PartnerInput = { enterpriseNumber: number, name: candidate.name.trim(), organisationType: candidate.organisationType, role: 'PARTNER' };
    setDraft((d) => [...d, partner]);
    setCandidate({ enterpriseNumber: '', name: '', organisationType: '' });
    setTried(false);
    setTouchedNumber(false);
    document.getElementById(fieldId('candidate.enterpriseNumber'))?.focus();
  };

  const saveAll = async (event?: FormEvent) => {
    event?.preventDefault();
    if (await save.run(() => put.mutateAsync({ partners: draft, version: save.version() }))) markSaved();
  };
  const reload = async () => {
    await save.reload();
    const fresh = client.getQueryData<Application>(applicationKeys.one(application.id));
    if (fresh) reset(fromApplication(fresh));
  };

  // Field errors of a refused save and the service's consortium findings, each at its partner.
  const problems = [...(save.problem?.fieldErrors ?? []), ...(dirty ? [] : (summary.data?.findings ?? []).filter((f) => f.field?.startsWith('partners')))];
  const placed = placeFindings(problems, (field) => /^partners\[\d+\](\..+)?$/.test(field));
  const rowMessages = (i: number) => messagesAt(t, [...placed.at(`partners[${i}]`), ...placed.at(`partners[${i}].enterpriseNumber`), ...placed.at(`partners[${i}].name`), ...placed.at(`partners[${i}].role`), ...placed.at(`partners[${i}].organisationType`), ...placed.at(`partners[${i}].isLead`)]);
  const rules = call.rules.consortium;
  // The types are the organisation register's: what the service returned, not the draft's claim.
  const saved = new Map(application.partners.map((p) => [p.enterpriseNumber, p]));

  return (
    <section>
      <PageTitle>{t('sections.consortium')}</PageTitle>
      <Text mb="sm" maw={760}>
        {t('consortium.intro', { min: rules.minPartners, max: rules.maxPartners })}
      </Text>
      {rules.requiredTypeGroups.length > 0 && (
        <Text mb="md" maw={760}>
          {t('consortium.required', { groups: rules.requiredTypeGroups.map((g) => g.map((type) => tc(`organisationTypes.${type}`)).join(` ${t('or')} `)).join('; ') })}
        </Text>
      )}
      <SaveProblem problem={save.problem} fields={draft.map((_, i) => `partners[${i}].enterpriseNumber`)} onReload={() => void reload()} onRetry={() => void saveAll()} />
      <FindingList findings={placed.unplaced.filter((f) => f.field === 'partners' || !f.field)} title={t('consortium.findings')} />
      <Table.ScrollContainer minWidth={640} mb="md">
        <Table captionSide="top" striped withTableBorder>
          <caption>{t('consortium.caption', { count: draft.length })}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('consortium.name')}</Table.Th>
              <Table.Th scope="col">{t('consortium.enterpriseNumber')}</Table.Th>
              <Table.Th scope="col">{t('consortium.type')}</Table.Th>
              <Table.Th scope="col">{t('consortium.role')}</Table.Th>
              {editable && <Table.Th scope="col">{t('consortium.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {draft.map((p, i) => {
              const message = rowMessages(i);
              return (
                <Table.Tr key={p.enterpriseNumber} id={fieldId(`partners[${i}].enterpriseNumber`)} tabIndex={message ? -1 : undefined}>
                  <Table.Td>
                    {p.name}
                    {message && (
                      <Text size="sm" c="red.9">
                        {message}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{shownNumber(p.enterpriseNumber)}</Table.Td>
                  <Table.Td>
                    <RegisteredType partner={saved.get(p.enterpriseNumber)} claimed={p.organisationType} />
                  </Table.Td>
                  <Table.Td>{t(`consortium.roles.${p.role}`)}</Table.Td>
                  {editable && (
                    <Table.Td>
                      {p.role !== 'LEAD' && (
                        <Button size="xs" variant="default" onClick={() => setDraft((d) => d.filter((x) => x.enterpriseNumber !== p.enterpriseNumber))} aria-label={t('consortium.remove', { name: p.name })}>
                          {t('consortium.removeShort')}
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editable && (
        <>
          <form onSubmit={add} noValidate>
            <Fieldset legend={t('consortium.addLegend')} maw={720} mb="md">
              <Stack>
                <TextInput
                  id={fieldId('candidate.enterpriseNumber')}
                  label={t('consortium.enterpriseNumber')}
                  description={t('consortium.numberHint')}
                  inputMode="numeric"
                  value={candidate.enterpriseNumber}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setCandidate((c) => ({ ...c, enterpriseNumber: value }));
                  }}
                  onBlur={() => setTouchedNumber(true)}
                  error={numberError}
                  rightSection={check?.ok && !duplicate ? <span aria-label={t('consortium.numberValid')}>✓</span> : null}
                />
                <TextInput
                  id={fieldId('candidate.name')}
                  label={t('consortium.name')}
                  value={candidate.name}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setCandidate((c) => ({ ...c, name: value }));
                  }}
                  error={nameError}
                />
                <NativeSelect
                  id={fieldId('candidate.organisationType')}
                  label={t('consortium.type')}
                  description={t('consortium.typeHint')}
                  data={[{ value: '', label: t('choose') }, ...TYPES.map((value) => ({ value, label: tc(`organisationTypes.${value}`) }))]}
                  value={candidate.organisationType}
                  onChange={(e) => {
                    const value = e.currentTarget.value as OrganisationType | '';
                    setCandidate((c) => ({ ...c, organisationType: value }));
                  }}
                  error={typeError}
                />
                <Group>
                  <Button type="submit" variant="light">
                    {t('consortium.add')}
                  </Button>
                </Group>
              </Stack>
            </Fieldset>
          </form>
          <form onSubmit={(e) => void saveAll(e)} noValidate>
            {dirty && (
              <Text size="sm" mb="xs">
                {t('consortium.unsaved')}
              </Text>
            )}
            <SaveBar saving={put.isPending} savedAt={save.savedAt} />
          </form>
          <TypeClaimForm applicationId={application.id} partners={application.partners} />
        </>
      )}
    </section>
  );
}

/** A partner's type as the organisation register holds it, with the secretariat's verification. */
function RegisteredType({ partner, claimed }: { partner: SavedPartner | undefined; claimed: PartnerInput['organisationType'] }) {
  const { t } = useTranslation('applications');
  const { t: tc } = useTranslation();
  if (!partner) {
    return (
      <>
        {claimed ? tc(`organisationTypes.${claimed}`) : ''}
        <Text size="xs">{t('consortium.typeNotSaved')}</Text>
      </>
    );
  }
  return (
    <Stack gap={2} align="flex-start">
      <span>{tc(`organisationTypes.${partner.organisationType}`)}</span>
      <Badge variant="outline" color={VERIFICATION_COLOR[partner.typeVerification]}>
        {tc(`typeVerification.${partner.typeVerification}`)}
      </Badge>
      {partner.typeVerification === 'PENDING' && <Text size="xs">{partner.typeDocument ? t('consortium.documentSent') : t('consortium.documentNeeded')}</Text>}
      {partner.typeVerification === 'REJECTED' && <Text size="xs">{t('consortium.typeRejected', { reason: partner.typeDecisionReason ?? '' })}</Text>}
    </Stack>
  );
}

/**
 * Proof of a partner's type (statutes, KBO extract, accreditation) for the programme
 * secretariat: a new or changed type counts for the consortium only once they verified it.
 */
function TypeClaimForm({ applicationId, partners }: { applicationId: string; partners: SavedPartner[] }) {
  const { t } = useTranslation('applications');
  const { t: tc } = useTranslation();
  const claim = useClaimPartnerType(applicationId);
  const [number, setNumber] = useState('');
  const [type, setType] = useState<OrganisationType | ''>('');
  const [file, setFile] = useState<File | null>(null);
  const [tried, setTried] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const partner = partners.find((p) => p.enterpriseNumber === number);
  const chosenType = type || partner?.organisationType || '';
  const problem = isProblem(claim.error) ? claim.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setSent(null);
    if (!partner || !chosenType || !file) return;
    claim.mutate(
      { enterpriseNumber: partner.enterpriseNumber, type: chosenType, file },
      {
        onSuccess: () => {
          setSent(partner.name);
          setTried(false);
          setFile(null);
          setType('');
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Fieldset legend={t('consortium.claimLegend')} maw={720} mt="lg">
        <Stack>
          <Text size="sm">{t('consortium.claimIntro')}</Text>
          <NativeSelect
            id={fieldId('claim.partner')}
            label={t('consortium.claimPartner')}
            data={[{ value: '', label: t('choose') }, ...partners.map((p) => ({ value: p.enterpriseNumber, label: `${p.name} (${shownNumber(p.enterpriseNumber)})` }))]}
            value={number}
            onChange={(e) => {
              setNumber(e.currentTarget.value);
              setType('');
            }}
            error={tried && !partner ? t('consortium.claimPartnerRequired') : undefined}
          />
          <NativeSelect
            id={fieldId('claim.type')}
            label={t('consortium.claimType')}
            data={[{ value: '', label: t('choose') }, ...TYPES.map((value) => ({ value, label: tc(`organisationTypes.${value}`) }))]}
            value={chosenType}
            onChange={(e) => setType(e.currentTarget.value as OrganisationType | '')}
            error={tried && !chosenType ? t('consortium.typeRequired') : undefined}
          />
          <TextInput
            id={fieldId('claim.file')}
            type="file"
            label={t('consortium.claimFile')}
            description={t('consortium.claimFileHint')}
            accept="application/pdf,image/png,image/jpeg"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            error={tried && !file ? t('consortium.claimFileRequired') : undefined}
          />
          <ProblemAlert problem={problem} />
          {sent && (
            <Text size="sm" c="teal.9" role="status">
              {t('consortium.claimSent', { name: sent })}
            </Text>
          )}
          <Group>
            <Button type="submit" variant="light" loading={claim.isPending}>
              {t('consortium.claimSubmit')}
            </Button>
          </Group>
        </Stack>
      </Fieldset>
    </form>
  );
}
