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
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CostCategoryKind } from '../../../calls/domain/call-rules';
import { RateDto } from '../../../calls/dto/call-rules.dto';
import { OrganisationType } from '../../../core/domain/organisation-type';
import { IsCents, IsEnterpriseNumber, NestedObject } from '../../../core/http/validators';

/** One budget line: STAFF lines give function, annual gross cost and hours; REAL lines an amount. */
export class BudgetLineInput {
  @ApiProperty({ example: '0566.988.259', description: 'Enterprise number of the partner the cost belongs to' })
  @IsEnterpriseNumber()
  partner: string;

  @ApiProperty({ enum: ['STAFF', 'REAL'] })
  @IsIn(['STAFF', 'REAL'])
  kind: CostCategoryKind;

  @ApiProperty({ example: 'STAFF', description: "Code of one of the call's cost categories" })
  @Matches(/^[A-Z][A-Z0-9_]{0,39}$/)
  category: string;

  @ApiProperty({ example: 2021 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ example: 'Labcoördinator', description: 'STAFF: function or person; hours of equal functions add up per year' })
  @ValidateIf((l: BudgetLineInput) => l.kind === 'STAFF')
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  function?: string;

  @ApiPropertyOptional({ example: 6000000, description: 'STAFF: annual gross employment cost in cents' })
  @ValidateIf((l: BudgetLineInput) => l.kind === 'STAFF')
  @IsCents()
  annualGrossCost?: number;

  @ApiPropertyOptional({ example: 860, description: 'STAFF: whole hours on the project in that year (at most 1.720 × FTE)' })
  @ValidateIf((l: BudgetLineInput) => l.kind === 'STAFF')
  @IsInt()
  @Min(0)
  @Max(8760)
  hours?: number;

  @ApiPropertyOptional({ type: RateDto, description: 'STAFF: part-time fraction, 1/1 when left out' })
  @IsOptional()
  @NestedObject(() => RateDto)
  fte?: RateDto;

  @ApiPropertyOptional({ example: 'Sensoren voor de demonstratieopstelling', description: 'REAL: what the cost is for' })
  @ValidateIf((l: BudgetLineInput) => l.kind === 'REAL')
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ example: 2500000, description: 'REAL: amount in cents (VAT included when vatIncluded)' })
  @ValidateIf((l: BudgetLineInput) => l.kind === 'REAL')
  @IsCents()
  amount?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  vatIncluded?: boolean;

  @ApiPropertyOptional({ example: 0, description: 'REAL: the VAT part of the amount, in cents' })
  @IsOptional()
  @IsCents()
  vatAmount?: number;
}

export class PutBudgetDto {
  @ApiProperty({ type: [BudgetLineInput] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineInput)
  lines: BudgetLineInput[];

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Requested subsidy in cents; null or absent asks the maximum' })
  @IsOptional()
  @IsCents()
  requestedSubsidy?: number | null;

  @BasedOnVersion()
  version?: number;
}

export class BudgetLineDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '0566988259' }) partner: string;
  @ApiProperty({ enum: ['STAFF', 'REAL'] }) kind: CostCategoryKind;
  @ApiProperty() category: string;
  @ApiProperty() year: number;
  @ApiProperty() description: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) annualGrossCost: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) hours: number | null;
  @ApiPropertyOptional({ type: RateDto, nullable: true }) fte: RateDto | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) amount: number | null;
  @ApiProperty() vatIncluded: boolean;
  @ApiProperty() vatAmount: number;
  @ApiProperty({ description: 'Eligible direct cost of the line in cents (staff: hours × annual cost ÷ 1.720, rounded down once)' })
  directCost: number;
}

export class BudgetDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() version: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) requestedSubsidy: number | null;
  @ApiProperty({ type: [BudgetLineDto] }) lines: BudgetLineDto[];
}

export class FindingDto {
  @ApiProperty({ example: 'HOURS_ABOVE_LIMIT' }) code: string;
  @ApiProperty() message: string;
  @ApiProperty({ enum: ['error', 'warning'] }) severity: 'error' | 'warning';
  @ApiPropertyOptional({ example: 'lines[3].hours' }) field?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number' }, example: { year: 2021, contribution: 150000000, limit: 100000000 }, description: 'The figures the message names (amounts in cents)' })
  params?: Record<string, number>;
}

export class CategoryTotalDto {
  @ApiProperty() code: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['STAFF', 'REAL'] }) kind: CostCategoryKind;
  @ApiProperty({ description: 'cents' }) directCosts: number;
  @ApiProperty({ description: 'cents' }) vatExcluded: number;
}

export class CostTotalsDto {
  @ApiProperty({ description: 'cents' }) directCosts: number;
  @ApiProperty({ description: 'cents' }) staffCosts: number;
  @ApiProperty({ description: 'Flat-rate indirect costs, cents' }) indirectCosts: number;
  @ApiProperty({ description: 'cents' }) eligibleCosts: number;
  @ApiProperty({ description: 'cents' }) vatExcluded: number;
  @ApiProperty({ type: [CategoryTotalDto] }) byCategory: CategoryTotalDto[];
}

export class PartnerSummaryDto extends CostTotalsDto {
  @ApiProperty() partnerId: string;
  @ApiProperty() enterpriseNumber: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: OrganisationType }) organisationType: OrganisationType;
  @ApiProperty() isLead: boolean;
}

export class FundingShareDto {
  @ApiProperty({ example: 'EFRO' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'cents' }) amount: number;
}

export class YearContributionDto {
  @ApiProperty({ example: 2021 }) year: number;
  @ApiProperty({ description: 'Eligible costs of the year, cents' }) eligibleCosts: number;
  @ApiProperty({ description: "The year's share of the subsidy, cents" }) contribution: number;
}

export class BudgetSummaryDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ type: [PartnerSummaryDto] }) partners: PartnerSummaryDto[];
  @ApiProperty({ type: CostTotalsDto }) totals: CostTotalsDto;
  @ApiProperty({ description: 'cents' }) totalCostIncludingVat: number;
  @ApiProperty() vatEligible: boolean;
  @ApiProperty({ description: 'min(⌊max rate × eligible⌋, cap), cents' }) maxSubsidy: number;
  @ApiProperty({ description: 'cents' }) requestedSubsidy: number;
  @ApiProperty({ description: 'The subsidy the budget yields, cents' }) subsidy: number;
  @ApiProperty({ type: [FundingShareDto] }) fundingSources: FundingShareDto[];
  @ApiPropertyOptional({ type: FundingShareDto, description: "The call's matching cofinancing (e.g. Flanders matching the EU share); absent when the call has none" })
  matchingCofinancing?: FundingShareDto;
  @ApiProperty({ description: 'eligible − subsidy − matching cofinancing, cents' }) ownContribution: number;
  @ApiPropertyOptional({ type: [YearContributionDto], description: 'The subsidy per budget year, checked against the call’s yearly band; absent when the call has none' })
  contributionByYear?: YearContributionDto[];
  @ApiProperty({ type: RateDto }) effectiveRate: RateDto;
  @ApiProperty({ example: '66,6 %' }) effectiveRatePercent: string;
  @ApiProperty({ type: [FindingDto], description: 'Budget and consortium findings; errors block submission' }) findings: FindingDto[];
  @ApiProperty({ description: 'True when no finding is an error' }) submittable: boolean;
}
