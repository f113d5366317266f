import { BasedOnVersion } from '../../../core/http/etag';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { CostCategoryKind } from '../../../calls/domain/call-rules';
import { RateDto } from '../../../calls/dto/call-rules.dto';
import { IsCalendarDate, IsCents, IsEnterpriseNumber, NestedObject } from '../../../core/http/validators';
import type { VatExclusion } from '../../../applications/budgets/domain/vat.rule';
import type { LineDecision } from '../domain/claim.rule';
import { COST_STATEMENT_STATUSES, CostStatementStatus } from '../domain/cost-statement.machine';
import { DocumentDto } from '../../documents/dto/document.dto';
import { ActionDto } from '../../dto/grant.dto';

const isStaff = (l: CostLineInput) => l.kind === 'STAFF';

/** One cost line. STAFF lines give person, hours and annual gross cost (their amount is computed); REAL lines an amount. */
export class CostLineInput {
  @ApiPropertyOptional({ description: 'Id of an existing line to keep (its review stays when nothing declared changes)' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ example: '0566.988.259', description: 'Enterprise number of the partner that bore the cost' })
  @IsEnterpriseNumber()
  partner: string;

  @ApiProperty({ enum: ['STAFF', 'REAL'] })
  @IsIn(['STAFF', 'REAL'])
  kind: CostCategoryKind;

  @ApiProperty({ example: 'OPERATING', description: "Code of one of the call's cost categories" })
  @Matches(/^[A-Z][A-Z0-9_]{0,39}$/)
  category: string;

  @ApiProperty({ example: 'Sensorkits voor de demonstratieopstelling' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  description: string;

  @ApiProperty({ example: 'F2021-0142', description: 'Invoice or payslip reference' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference: string;

  @ApiProperty({ example: '2021-04-15', description: 'Date the cost was paid: it must fall in the period' })
  @IsCalendarDate()
  paymentDate: string;

  @ApiPropertyOptional({ example: 'Labcoördinator', description: 'STAFF: person or function; hours of the same person add up per year' })
  @ValidateIf(isStaff)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  person?: string;

  @ApiPropertyOptional({ example: 520, description: 'STAFF: hours worked on the project' })
  @ValidateIf(isStaff)
  @IsInt()
  @Min(0)
  @Max(8760)
  hours?: number;

  @ApiPropertyOptional({ example: 6_000_000, description: 'STAFF: annual gross employment cost in cents (hourly rate = this ÷ 1.720)' })
  @ValidateIf(isStaff)
  @IsCents()
  annualGrossCost?: number;

  @ApiPropertyOptional({ type: RateDto, description: 'STAFF: part-time fraction, 1/1 when left out' })
  @IsOptional()
  @NestedObject(() => RateDto)
  fte?: RateDto;

  @ApiPropertyOptional({ example: 125_000, description: 'REAL: amount in cents as invoiced, VAT included' })
  @ValidateIf((l: CostLineInput) => l.kind === 'REAL')
  @IsCents()
  amount?: number;

  @ApiPropertyOptional({ example: 21_694, description: 'REAL: the part of amount that is VAT, in cents (0 when left out)' })
  @IsOptional()
  @IsCents()
  vatAmount?: number;

  @ApiPropertyOptional({ description: 'REAL: the partner can recover this VAT (false when left out); recoverable VAT is never eligible (CPR art. 64(1)(c))' })
  @IsOptional()
  @IsBoolean()
  vatRecoverable?: boolean;

  @ApiPropertyOptional({ description: 'Your answer to the finance officer’s question on this line' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  answer?: string;
}

export class PutCostStatementDto {
  @ApiProperty({ type: [CostLineInput] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CostLineInput)
  lines: CostLineInput[];

  @BasedOnVersion()
  version?: number;
}

export class ReviewLineDto {
  @ApiProperty({ enum: ['ACCEPTED', 'REDUCED', 'REJECTED'] })
  @IsIn(['ACCEPTED', 'REDUCED', 'REJECTED'])
  decision: LineDecision;

  @ApiPropertyOptional({ example: 100_000, description: 'REDUCED: the accepted amount in cents, at most the declared amount' })
  @ValidateIf((r: ReviewLineDto) => r.decision === 'REDUCED')
  @IsCents()
  acceptedAmount?: number;

  @ApiPropertyOptional({ example: 'Enkel het deel binnen de projectperiode is subsidiabel', description: 'Required for REDUCED and REJECTED' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class LineQuestionDto {
  @ApiProperty({ example: 'Bezorg het betalingsbewijs van deze factuur.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  question: string;
}

export class ReturnStatementDto {
  @ApiProperty({ example: 'Twee lijnen missen een betalingsbewijs; zie de vragen per lijn.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reason: string;
}

export class LineReviewDto {
  @ApiProperty({ enum: ['ACCEPTED', 'REDUCED', 'REJECTED'] }) decision: LineDecision;
  @ApiProperty({ description: 'cents, of the invoiced amount' }) acceptedAmount: number;
  @ApiProperty({ description: 'cents: the eligible part of acceptedAmount (excluded VAT left out in proportion)' }) acceptedEligible: number;
  @ApiPropertyOptional({ type: String, nullable: true }) reason: string | null;
  @ApiProperty() reviewedAt: string;
}

export class LineQuestionViewDto {
  @ApiProperty() question: string;
  @ApiProperty() askedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) answer: string | null;
}

export class CostLineDto {
  @ApiProperty() id: string;
  @ApiProperty() position: number;
  @ApiProperty({ example: '0566988259' }) partner: string;
  @ApiProperty() partnerName: string;
  @ApiProperty({ enum: ['STAFF', 'REAL'] }) kind: CostCategoryKind;
  @ApiProperty() category: string;
  @ApiProperty() description: string;
  @ApiProperty() reference: string;
  @ApiProperty() paymentDate: string;
  @ApiPropertyOptional({ type: String, nullable: true }) person: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) hours: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'cents' }) annualGrossCost: number | null;
  @ApiPropertyOptional({ type: RateDto, nullable: true }) fte: RateDto | null;
  @ApiProperty({ description: 'cents declared, VAT included (staff: hours × annual cost ÷ annual hours, rounded down)' }) amount: number;
  @ApiProperty({ description: 'cents: the VAT part of amount' }) vatAmount: number;
  @ApiProperty() vatRecoverable: boolean;
  @ApiProperty({ description: 'cents: the eligible part of vatAmount' }) eligibleVat: number;
  @ApiProperty({ description: 'cents: the part of vatAmount left out of eligible costs' }) vatExcluded: number;
  @ApiPropertyOptional({ enum: ['RECOVERABLE', 'OPERATION_ABOVE_THRESHOLD'], nullable: true, description: 'Why VAT is left out (CPR art. 64(1)(c))' })
  vatExclusion: VatExclusion | null;
  @ApiProperty({ description: 'cents: amount − vatExcluded' }) eligibleAmount: number;
  @ApiPropertyOptional({ type: LineReviewDto, nullable: true }) review: LineReviewDto | null;
  @ApiPropertyOptional({ type: LineQuestionViewDto, nullable: true }) question: LineQuestionViewDto | null;
}

/** Named apart from the budget's CategoryTotalDto: OpenAPI names schemas by class, and the two shapes differ. */
export class StatementCategoryTotalDto {
  @ApiProperty() category: string;
  @ApiProperty({ enum: ['STAFF', 'REAL'] }) kind: CostCategoryKind;
  @ApiProperty() declared: number;
  @ApiProperty() accepted: number;
}

export class PartnerTotalDto {
  @ApiProperty() partner: string;
  @ApiProperty() declaredStaff: number;
  @ApiProperty() acceptedStaff: number;
  @ApiProperty() declaredDirect: number;
  @ApiProperty() acceptedDirect: number;
  @ApiProperty() declaredIndirect: number;
  @ApiProperty() acceptedIndirect: number;
}

/** Accepted figures count reviewed lines only; indirect costs are the call's flat rate, computed per partner. */
export class StatementTotalsDto {
  @ApiProperty() declaredStaff: number;
  @ApiProperty() acceptedStaff: number;
  @ApiProperty() declaredDirect: number;
  @ApiProperty() acceptedDirect: number;
  @ApiProperty({ description: 'Flat rate on the declared basis (never declared as a line)' }) declaredIndirect: number;
  @ApiProperty({ description: 'Flat rate recomputed on the accepted basis' }) acceptedIndirect: number;
  @ApiProperty() declaredEligible: number;
  @ApiProperty() acceptedEligible: number;
  @ApiProperty({ description: 'cents: VAT declared on the lines' }) declaredVat: number;
  @ApiProperty({ description: 'cents: the eligible part of declaredVat' }) eligibleVat: number;
  @ApiProperty({ description: 'cents: the part of declaredVat left out (recoverable, or the operation is not below € 5.000.000)' }) vatExcluded: number;
  @ApiProperty({ type: [StatementCategoryTotalDto] }) byCategory: StatementCategoryTotalDto[];
  @ApiProperty({ type: [PartnerTotalDto] }) byPartner: PartnerTotalDto[];
}

export class SubsidyDueDto {
  @ApiProperty({ description: 'cents: ⌊accepted eligible × grant rate⌋' }) gross: number;
  @ApiProperty({ description: 'cents: part of gross that settles the advance' }) advanceCleared: number;
  @ApiProperty({ description: 'cents: earned but held back by the ceiling (paid with the balance)' }) capped: number;
  @ApiProperty({ description: 'cents: planned as the interim payment' }) net: number;
}

export class PaymentDeadlineDto {
  @ApiProperty({ description: 'The date the claim last became complete' }) completeClaimDate: string;
  @ApiProperty() dueDate: string;
  @ApiProperty({ description: 'Days from today to the due date; negative after it' }) daysLeft: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty() paidLate: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) paidOn: string | null;
}

export class CostStatementDto {
  @ApiProperty() id: string;
  @ApiProperty() grantId: string;
  @ApiProperty() periodId: string;
  @ApiProperty() periodNumber: number;
  @ApiProperty() periodStart: string;
  @ApiProperty() periodEnd: string;
  @ApiProperty({ enum: COST_STATEMENT_STATUSES }) status: CostStatementStatus;
  @ApiProperty({ type: [CostLineDto] }) lines: CostLineDto[];
  @ApiProperty({ type: StatementTotalsDto }) totals: StatementTotalsDto;
  @ApiProperty({ description: 'Whether non-recoverable VAT is eligible: the approved operation costs less than € 5.000.000 including VAT (CPR art. 64(1)(c))' })
  vatAllowed: boolean;
  @ApiPropertyOptional({ type: SubsidyDueDto, nullable: true, description: 'Computed at approval' }) subsidy: SubsidyDueDto | null;
  @ApiPropertyOptional({
    type: SubsidyDueDto,
    nullable: true,
    description: 'Finance officers, while the statement waits or is in review: what approving it now would give, by the same computation the approval applies',
  })
  subsidyPreview: SubsidyDueDto | null;
  @ApiPropertyOptional({ type: String, nullable: true }) submittedAt: string | null;
  @ApiPropertyOptional({ type: PaymentDeadlineDto, nullable: true, description: 'CPR art. 74: payment within the call’s days (80) of the complete claim' })
  paymentDeadline: PaymentDeadlineDto | null;
  @ApiPropertyOptional({ type: String, nullable: true }) returnedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) returnReason: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) approvedAt: string | null;
  @ApiProperty({ description: 'Send as If-Match (or version) with edits' }) version: number;
  @ApiProperty({ type: [DocumentDto] }) documents: DocumentDto[];
  @ApiProperty({ type: [ActionDto], description: 'What you may do now' }) actions: ActionDto[];
}
