import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../../core/http/validators';
import { PAYMENT_STATUSES, PaymentKind, PaymentStatus } from '../domain/payment.machine';
import { LedgerDto } from '../../dto/grant.dto';

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
  @ApiProperty() version: number;
}

export class GrantPaymentsDto {
  @ApiProperty() grantId: string;
  @ApiProperty({ type: [PaymentDto] }) items: PaymentDto[];
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
