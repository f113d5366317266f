import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../../../core/http/validators';
import { PAYMENT_STATUSES, PaymentKind, PaymentStatus } from '../domain/payment.machine';
import { LedgerDto } from '../../dto/grant.dto';
import { RECOVERY_STATUSES, RecoveryStatus } from '../domain/recovery.machine';
import type { CorrectionSource } from '../entities/recovery.entity';

const CORRECTION_SOURCES: CorrectionSource[] = ['AUDIT', 'CORRECTION'];

export class PaymentDeadlineViewDto {
  @ApiProperty() daysLeft: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty() paidLate: boolean;
}

export class PaidToAccountDto {
  @ApiProperty() bankAccountId: string;
  @ApiProperty({ example: 'BE68539007547034' }) iban: string;
  @ApiProperty() holderName: string;
}

export class PaymentDto {
  @ApiProperty() id: string;
  @ApiProperty() grantId: string;
  @ApiProperty({ enum: ['ADVANCE', 'INTERIM', 'BALANCE'] }) kind: PaymentKind;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status: PaymentStatus;
  @ApiProperty({ description: 'cents' }) amount: number;
  @ApiPropertyOptional({ type: String, nullable: true }) costStatementId: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) periodNumber: number | null;
  @ApiProperty() plannedOn: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Payment deadline' }) dueDate: string | null;
  @ApiPropertyOptional({ type: PaymentDeadlineViewDto, nullable: true }) deadline: PaymentDeadlineViewDto | null;
  @ApiPropertyOptional({ type: String, nullable: true }) paidOn: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reference: string | null;
  @ApiPropertyOptional({ type: PaidToAccountDto, nullable: true, description: 'The bank account it was paid to, as it was when marked paid' }) paidTo: PaidToAccountDto | null;
  @ApiPropertyOptional({ type: String, nullable: true }) cancelledAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) cancelReason: string | null;
  @ApiProperty({ description: 'cents: recoveries withheld from this payment' }) offset: number;
  @ApiProperty({ description: 'cents: what the bank transfer carries, amount − offset' }) transfer: number;
  @ApiProperty() version: number;
}

export class ClaimCorrectionDto {
  @ApiProperty() id: string;
  @ApiProperty() costStatementId: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) periodNumber: number | null;
  @ApiProperty({ enum: CORRECTION_SOURCES }) source: CorrectionSource;
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'cents' }) acceptedBefore: number;
  @ApiProperty({ description: 'cents' }) acceptedAfter: number;
  @ApiProperty({ description: 'cents: subsidy the claim earned before' }) grossBefore: number;
  @ApiProperty({ description: 'cents: subsidy it earns after' }) grossAfter: number;
  @ApiProperty({ description: 'cents: paid (or planned) beyond what it earns now, booked as recoveries' }) unduly: number;
  @ApiProperty({ description: 'cents: advance the claim no longer clears, outstanding again' }) advanceReopened: number;
  @ApiProperty() correctedOn: string;
}

export class RecoveryDto {
  @ApiProperty() id: string;
  @ApiProperty() grantId: string;
  @ApiProperty() correctionId: string;
  @ApiProperty({ enum: RECOVERY_STATUSES, description: 'OPEN: recovery order to pay back; OFFSET: withheld from a planned payment; RECOVERED: paid back' }) status: RecoveryStatus;
  @ApiProperty({ description: 'cents' }) amount: number;
  @ApiPropertyOptional({ type: String, nullable: true }) offsetPaymentId: string | null;
  @ApiProperty() bookedOn: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Recovery order: date the amount must be paid back by' }) dueDate: string | null;
  @ApiProperty() overdue: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) receivedOn: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reference: string | null;
  @ApiProperty() version: number;
}

export class CorrectionResultDto {
  @ApiProperty({ type: ClaimCorrectionDto }) correction: ClaimCorrectionDto;
  @ApiProperty({ type: [RecoveryDto], description: 'What was booked: offsets and at most one recovery order' }) recoveries: RecoveryDto[];
  @ApiProperty({ type: LedgerDto }) ledger: LedgerDto;
}

export class CorrectStatementDto {
  @ApiProperty({ example: 35_000_000, description: 'cents: the accepted eligible cost the check found, below what was approved' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  acceptedEligible: number;

  @ApiProperty({ enum: CORRECTION_SOURCES, description: 'AUDIT: a later audit; CORRECTION: a correction of the approved statement' })
  @IsIn(CORRECTION_SOURCES)
  source: CorrectionSource;

  @ApiProperty({ example: 'Audit 2022: factuur 2021-044 niet betaald binnen de periode' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class MarkRecoveredDto {
  @ApiProperty({ example: '2022-03-01', description: 'Date the refund reached the account (not in the future, not before it was booked)' })
  @IsCalendarDate()
  receivedOn: string;

  @ApiProperty({ example: 'TV-2022-000045', description: 'Bank reference of the refund' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference: string;
}

export class GrantPaymentsDto {
  @ApiProperty() grantId: string;
  @ApiProperty({ type: [PaymentDto] }) items: PaymentDto[];
  @ApiProperty({ type: [RecoveryDto] }) recoveries: RecoveryDto[];
  @ApiProperty({ type: [ClaimCorrectionDto] }) corrections: ClaimCorrectionDto[];
  @ApiProperty({ type: LedgerDto }) ledger: LedgerDto;
  @ApiPropertyOptional({ type: String, nullable: true, description: '31 December of the fifth year after the last payment' }) recordsRetainedUntil: string | null;
}

export class MarkPaidDto {
  @ApiProperty({ example: '2021-09-01', description: 'Date of the bank transfer (not in the future, not before it was planned)' })
  @IsCalendarDate()
  paidOn: string;

  @ApiProperty({ example: 'OV-2021-000123', description: 'Payment order or bank reference' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference: string;
}

export class CancelPaymentDto {
  @ApiProperty({ example: 'Dubbel ingepland' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
