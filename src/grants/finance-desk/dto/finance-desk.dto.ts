import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsUUID } from 'class-validator';
import { Province } from '../../../core/domain/provinces';
import { PageOf, PageQuery } from '../../../core/http/pagination';
import { COST_STATEMENT_STATUSES, CostStatementStatus } from '../../cost-statements/domain/cost-statement.machine';
import { PAYMENT_STATUSES, PaymentKind, PaymentStatus } from '../../payments/domain/payment.machine';
import { PaymentDto } from '../../payments/dto/payment.dto';

/** Statuses a finance officer can filter the queue on; drafts are the beneficiary's own business. */
export const QUEUE_STATUSES = COST_STATEMENT_STATUSES.filter((s) => s !== 'DRAFT');
/** The queue without a status filter: what still waits for finance. */
export const WAITING_STATUSES: CostStatementStatus[] = ['SUBMITTED', 'IN_REVIEW'];

export class CostStatementQueueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: QUEUE_STATUSES, description: 'Left out: SUBMITTED and IN_REVIEW, what still waits for finance' })
  @IsOptional()
  @IsIn(QUEUE_STATUSES)
  status?: CostStatementStatus;

  @ApiPropertyOptional() @IsOptional() @IsUUID() callId?: string;

  @ApiPropertyOptional({ enum: Province }) @IsOptional() @IsEnum(Province) province?: Province;
}

export class QueueDeadlineDto {
  @ApiProperty({ description: 'The date the claim last became complete' }) completeClaimDate: string;
  @ApiProperty({ description: 'CPR art. 74: complete claim date + the call’s payment deadline days (80)' }) dueDate: string;
  @ApiProperty({ description: 'Days from today (Brussels) to the due date; negative after it' }) daysLeft: number;
  @ApiProperty() overdue: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) paidOn: string | null;
}

/** One statement in the finance queue: enough to pick it, without loading its lines. */
export class CostStatementQueueItemDto {
  @ApiProperty() id: string;
  @ApiProperty() grantId: string;
  @ApiProperty({ example: 'DXL-2020-G001' }) grantNumber: string;
  @ApiProperty() acronym: string;
  @ApiProperty() beneficiaryName: string;
  @ApiProperty() callId: string;
  @ApiProperty({ example: 'DXL-2020' }) callCode: string;
  @ApiProperty({ enum: Province }) province: string;
  @ApiProperty() periodNumber: number;
  @ApiProperty({ enum: COST_STATEMENT_STATUSES }) status: CostStatementStatus;
  @ApiPropertyOptional({ type: String, nullable: true }) submittedAt: string | null;
  @ApiProperty({ description: 'cents: declared eligible cost at submission (direct + flat-rate indirect)' }) declaredEligible: number;
  @ApiProperty() lines: number;
  @ApiPropertyOptional({ type: QueueDeadlineDto, nullable: true }) paymentDeadline: QueueDeadlineDto | null;
}

export class CostStatementQueuePage extends PageOf(CostStatementQueueItemDto) {}

export class PaymentsAcrossGrantsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PAYMENT_STATUSES }) @IsOptional() @IsIn(PAYMENT_STATUSES) status?: PaymentStatus;
  @ApiPropertyOptional({ enum: ['ADVANCE', 'INTERIM', 'BALANCE'] }) @IsOptional() @IsIn(['ADVANCE', 'INTERIM', 'BALANCE']) kind?: PaymentKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() callId?: string;
  @ApiPropertyOptional({ enum: Province }) @IsOptional() @IsEnum(Province) province?: Province;
}

/** A payment with the grant it belongs to, for the list across grants. */
export class PaymentAcrossGrantsDto extends PaymentDto {
  @ApiProperty({ example: 'DXL-2020-G001' }) grantNumber: string;
  @ApiProperty() acronym: string;
  @ApiProperty() beneficiaryName: string;
  @ApiProperty() callCode: string;
  @ApiProperty({ enum: Province }) province: string;
}

export class PaymentsAcrossGrantsPage extends PageOf(PaymentAcrossGrantsDto) {}

