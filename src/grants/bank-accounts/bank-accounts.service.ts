import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { Actor } from '../../core/domain/actor';
import { normaliseIban } from '../../core/domain/iban.rule';
import { Role } from '../../core/domain/roles';
import { applyTransition, availableActions } from '../../core/domain/state-machine';
import { FieldError, notFound, validationFailed } from '../../core/errors/domain.error';
import { DocumentsService } from '../documents/documents.service';
import { IncomingDocument } from '../documents/multipart-upload';
import { GrantStatus } from '../entities/grant.entity';
import { loadGrant } from '../grant-access';
import { GrantErrors } from '../grants.errors';
import { bankAccountMachine } from './domain/bank-account.machine';
import { BankAccountDto, GrantBankAccountDto, RejectBankAccountDto } from './dto/bank-account.dto';
import { BankAccount } from './entities/bank-account.entity';

/** Where a payment went, as the payment keeps it. */
export interface PaidToAccount {
  bankAccountId: string;
  iban: string;
  holderName: string;
}

/**
 * The beneficiary organisation's bank account (issue 15). Members register it on a grant's page
 * with the bank certificate; finance verifies or rejects it; a payment is marked paid only to a
 * verified account and keeps a copy of it. The IBAN and holder of a legal person are no personal
 * data (GDPR art. 4(1)), so the audit trail holds them in full, before and after a change.
 */
@Injectable()
export class BankAccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly documents: DocumentsService,
  ) {}

  /** The beneficiary's current account, for whoever sees the grant (as its payments and documents are). */
  async forGrant(grantId: string, actor: Actor): Promise<GrantBankAccountDto> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      const grant = await loadGrant(manager, grantId, actor, 'read');
      const account = await this.current(manager, grant.beneficiaryOrganisationId);
      const canRegister = grant.status === GrantStatus.ACTIVE && actor.organisationId === grant.beneficiaryOrganisationId && actor.roles.includes(Role.APPLICANT);
      // The beneficiary's own move (supersede) is registering another account: offered through canRegister.
      const actions = account
        ? availableActions(bankAccountMachine, account.status, actor.roles)
            .filter((a) => a.action !== 'supersede')
            .map((a) => ({ action: a.action, label: a.label }))
        : [];
      return {
        grantId,
        organisationId: grant.beneficiaryOrganisationId,
        account: account ? (await this.toDtos(manager, [account]))[0] : null,
        payable: account?.status === 'VERIFIED',
        actions,
        canRegister,
      };
    });
  }

  /**
   * Registers the account with its certificate (one multipart request: iban, holderName, file),
   * superseding the current one. The new account waits for finance's verification.
   */
  async register(grantId: string, file: IncomingDocument, actor: Actor): Promise<BankAccountDto> {
    const input = { iban: file.fields?.iban ?? '', holderName: (file.fields?.holderName ?? '').trim() };
    let created: BankAccount | undefined;
    await this.documents.uploadWith({ ...file, description: file.description ?? 'Bankattest' }, actor, {
      check: async (manager) => {
        checkFields(input);
        await loadGrant(manager, grantId, actor, 'beneficiary');
      },
      attach: async (manager) => {
        const iban = checkFields(input);
        const grant = await loadGrant(manager, grantId, actor, 'beneficiary');
        await lockAccounts(manager, grant.beneficiaryOrganisationId);
        const previous = await this.current(manager, grant.beneficiaryOrganisationId);
        const now = this.clock.now();
        if (previous) {
          await applyTransition(bankAccountMachine, previous.status, 'supersede', actor.roles, {
            apply: (to) => manager.update(BankAccount, previous.id, { status: to, supersededAt: now }),
            audit: (to) =>
              this.audit.record(manager, actor, {
                action: 'bank_account.superseded',
                entityType: 'bank_account',
                entityId: previous.id,
                before: { status: previous.status },
                after: { status: to },
              }),
          });
        }
        const account = manager.create(BankAccount, {
          organisationId: grant.beneficiaryOrganisationId,
          grantId: grant.id,
          iban,
          holderName: input.holderName,
          status: 'PENDING',
          registeredBy: actor.userId,
          registeredAt: now,
        });
        await manager.insert(BankAccount, account);
        // A change after the award: the account it replaces, and the new one, side by side.
        await this.audit.record(manager, actor, {
          action: previous ? 'bank_account.changed' : 'bank_account.registered',
          entityType: 'bank_account',
          entityId: account.id,
          before: previous ? { bankAccountId: previous.id, iban: previous.iban, holderName: previous.holderName, status: previous.status } : undefined,
          after: { organisationId: account.organisationId, grantId: grant.id, iban, holderName: account.holderName, status: account.status },
        });
        created = account;
        return { grantId: grant.id, bankAccountId: account.id, entityType: 'bank_account', entityId: account.id };
      },
    });
    return (await this.toDtos(this.db.manager, [await this.db.manager.findOneByOrFail(BankAccount, { id: created!.id })]))[0];
  }

  async verify(id: string, actor: Actor): Promise<BankAccountDto> {
    return this.decide(id, actor, 'verify', null);
  }

  async reject(id: string, dto: RejectBankAccountDto, actor: Actor): Promise<BankAccountDto> {
    return this.decide(id, actor, 'reject', dto.reason.trim());
  }

  /**
   * The account a payment to this organisation goes to, in the caller's transaction: the current
   * one, verified, held against a concurrent change until the caller commits.
   */
  async payableAccount(manager: EntityManager, organisationId: string): Promise<PaidToAccount> {
    await lockAccounts(manager, organisationId);
    const account = await this.current(manager, organisationId);
    if (!account) throw GrantErrors.bankAccountNotVerified('NONE');
    if (account.status !== 'VERIFIED') throw GrantErrors.bankAccountNotVerified(account.status === 'REJECTED' ? 'REJECTED' : 'PENDING');
    return { bankAccountId: account.id, iban: account.iban, holderName: account.holderName };
  }

  private async decide(id: string, actor: Actor, action: 'verify' | 'reject', reason: string | null): Promise<BankAccountDto> {
    return this.db.transaction(async (manager) => {
      const found = await manager.findOneBy(BankAccount, { id });
      if (!found) throw notFound('The bank account');
      await loadGrant(manager, found.grantId, actor, 'read', 'The bank account');
      await lockAccounts(manager, found.organisationId);
      const account = await manager.findOneByOrFail(BankAccount, { id });
      const now = this.clock.now();
      await applyTransition(bankAccountMachine, account.status, action, actor.roles, {
        apply: (to) => manager.update(BankAccount, id, { status: to, decidedBy: actor.userId, decidedAt: now, rejectionReason: reason }),
        audit: (to) =>
          this.audit.record(manager, actor, {
            action: action === 'verify' ? 'bank_account.verified' : 'bank_account.rejected',
            entityType: 'bank_account',
            entityId: id,
            before: { status: account.status },
            after: { status: to, iban: account.iban, holderName: account.holderName, ...(reason ? { reason } : {}) },
          }),
      });
      return (await this.toDtos(manager, [await manager.findOneByOrFail(BankAccount, { id })]))[0];
    });
  }

  private async current(manager: EntityManager, organisationId: string): Promise<BankAccount | null> {
    return manager.findOneBy(BankAccount, { organisationId, status: Not('SUPERSEDED' as const) });
  }

  private async toDtos(manager: EntityManager, accounts: BankAccount[]): Promise<BankAccountDto[]> {
    const certificates = await this.documents.certificates(manager, accounts.map((a) => a.id));
    return accounts.map((a) => ({
      id: a.id,
      organisationId: a.organisationId,
      grantId: a.grantId,
      iban: a.iban,
      holderName: a.holderName,
      status: a.status,
      registeredAt: a.registeredAt.toISOString(),
      decidedAt: a.decidedAt?.toISOString() ?? null,
      rejectionReason: a.rejectionReason,
      certificate: certificates.get(a.id) ?? null,
      version: a.version,
    }));
  }
}

/** One organisation's accounts change one at a time, and never while a payment is marked paid to them. */
async function lockAccounts(manager: EntityManager, organisationId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('efro:bank-account:' || $1))`, [organisationId]);
}

/** The IBAN in electronic format, or the problems of both fields at once. */
function checkFields(input: { iban: string; holderName: string }): string {
  const problems: FieldError[] = [];
  const shape: FieldError[] = [];
  if (input.iban.trim() === '') shape.push({ field: 'iban', code: 'isNotEmpty', message: 'the IBAN is required' });
  else if (input.iban.length > 64) shape.push({ field: 'iban', code: 'maxLength', message: 'the IBAN is at most 64 characters' });
  if (input.holderName === '') shape.push({ field: 'holderName', code: 'isNotEmpty', message: 'the account holder is required' });
  else if (input.holderName.length > 200) shape.push({ field: 'holderName', code: 'maxLength', message: 'the account holder is at most 200 characters' });
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(input.holderName)) {
    shape.push({ field: 'holderName', code: 'NO_CONTROL_CHARACTERS', message: 'the account holder may not contain control characters' });
  }
  let iban = '';
  if (!shape.some((p) => p.field === 'iban')) {
    const checked = normaliseIban(input.iban);
    if (checked.ok) iban = checked.value;
    else problems.push({ field: 'iban', code: checked.code, message: checked.reason });
  }
  if (shape.length > 0) throw validationFailed([...shape, ...problems]);
  if (problems.length > 0) throw GrantErrors.bankAccountInvalid(problems);
  return iban;
}
