import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthReader } from '../auth/auth-reader';
import { CallsService } from '../calls/calls.service';
import { CallDto } from '../calls/dto/call.dto';
import { Actor } from '../core/domain/actor';
import { Role } from '../core/domain/roles';
import { formatInstantLong } from '../core/format/nl-be';
import { NotificationsService } from '../core/notifications/notifications.service';
import { ApplicationStatus } from './domain/application-status';

/**
 * A call's closing instant extended (issue 15): the call feature moves the instant, this
 * feature (which owns the proposals) tells every applicant with a draft on the call, in the
 * same transaction.
 */
@Injectable()
export class CallClosingService {
  constructor(
    private readonly calls: CallsService,
    private readonly notifications: NotificationsService,
    private readonly accounts: AuthReader,
  ) {}

  extend(callId: string, dto: { closesAt: string; reason: string }, actor: Actor): Promise<CallDto> {
    return this.calls.extendClosing(callId, dto, actor, async (manager, call) => {
      await this.notifications.notify(manager, await this.draftApplicants(manager, call.id), {
        kind: 'CALL_CLOSING_EXTENDED',
        title: `Oproep ${call.code}: indienen kan tot ${formatInstantLong(call.closesAt)}`,
        body: dto.reason.trim(),
        entityType: 'call',
        entityId: call.id,
        // One notice per new instant: extending twice tells twice, a retry of the same extension once.
        dedupeKey: `call-closing:${call.id}:${call.closesAt.toISOString()}`,
      });
    });
  }

  /** Active members of the lead organisation of every draft on the call: those who can still submit. */
  private async draftApplicants(manager: EntityManager, callId: string): Promise<string[]> {
    const leads = (await manager.query(`SELECT DISTINCT lead_organisation_id AS id FROM applications WHERE call_id = $1 AND status = $2`, [callId, ApplicationStatus.DRAFT])) as { id: string }[];
    return this.accounts.activeMemberIdsWithRole(manager, leads.map((l) => l.id), Role.APPLICANT);
  }
}


