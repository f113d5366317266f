import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OrganisationType } from '../../core/domain/organisation-type';
import { IsCents, NestedObject, simple } from '../../core/http/validators';

const TYPES: readonly string[] = Object.values(OrganisationType);
const IsTypeGroups = simple(
  'isTypeGroups',
  (v) => Array.isArray(v) && v.length <= 10 && v.every((g) => Array.isArray(g) && g.length <= 10 && g.every((t) => TYPES.includes(t as string))),
  (a) => `${a.property} must be a list of at most 10 groups, each a list of organisation types (${TYPES.join(', ')})`,
);
import {
  CallRules,
  ConsortiumRules,
  CostCategory,
  CostCategoryKind,
  EvaluationCriterion,
  EvaluationRules,
  FundingSource,
  IndirectCostBasis,
  IndirectCostRule,
  MatchingCofinancing,
  ReportingIndicator,
  YearlyContributionBand,
} from '../domain/call-rules';

const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

export class RateDto {
  @ApiProperty({ example: 2, description: 'Numerator of the exact fraction' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  numerator: number;

  @ApiProperty({ example: 5, description: 'Denominator (≥ 1)' })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  denominator: number;
}

export class FundingSourceDto implements FundingSource {
  @ApiProperty({ example: 'EFRO' }) @Matches(CODE) code: string;
  @ApiProperty({ example: 'Europees Fonds voor Regionale Ontwikkeling' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ type: RateDto, nullable: true, description: 'null: this source takes the rest of the subsidy' })
  @IsOptional()
  @NestedObject(() => RateDto)
  maxRate: RateDto | null;
}

export class CostCategoryDto implements CostCategory {
  @ApiProperty({ example: 'STAFF' }) @Matches(CODE) code: string;
  @ApiProperty({ example: 'Personeelskosten' }) @IsString() @IsNotEmpty() @MaxLength(200) label: string;
  @ApiProperty({ enum: ['STAFF', 'REAL'] }) @IsIn(['STAFF', 'REAL']) kind: CostCategoryKind;
}

export class IndirectCostRuleDto implements IndirectCostRule {
  @ApiProperty({ type: RateDto, example: { numerator: 15, denominator: 100 } })
  @NestedObject(() => RateDto)
  rate: RateDto;

  @ApiProperty({ enum: ['DIRECT_STAFF', 'DIRECT_COSTS'] })
  @IsIn(['DIRECT_STAFF', 'DIRECT_COSTS'])
  basis: IndirectCostBasis;
}

export class ConsortiumRulesDto implements ConsortiumRules {
  @ApiProperty({ example: 2 }) @IsInt() @Min(1) @Max(100) minPartners: number;
  @ApiProperty({ example: 20 }) @IsInt() @Min(1) @Max(100) maxPartners: number;

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string', enum: Object.values(OrganisationType) } },
    example: [['RESEARCH_ORGANISATION', 'KNOWLEDGE_INSTITUTION'], ['BUSINESS_NETWORK']],
    description: 'Each group needs at least one partner of one of its types',
  })
  @IsTypeGroups()
  requiredTypeGroups: OrganisationType[][];
}

export class EvaluationCriterionDto implements EvaluationCriterion {
  @ApiProperty({ example: 'STRATEGIC' }) @Matches(CODE) code: string;
  @ApiProperty({ example: 'Strategische relevantie' }) @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiProperty({ example: 1, description: 'Counts for ranking only' }) @IsInt() @Min(0) @Max(100) weight: number;
  @ApiProperty({ example: 5 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(1000) scaleMax: number;
  @ApiProperty({ example: 0.5 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(1000) step: number;
  @ApiProperty({ example: 3 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(1000) threshold: number;
}

export class EvaluationRulesDto implements EvaluationRules {
  @ApiProperty({ type: [EvaluationCriterionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => EvaluationCriterionDto)
  criteria: EvaluationCriterionDto[];

  @ApiProperty({ example: 6 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) totalThreshold: number;

  @ApiProperty({ example: ['STRATEGIC', 'OPERATIONAL'] })
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(CODE, { each: true })
  tieBreak: string[];
}

export class ReportingIndicatorDto implements ReportingIndicator {
  @ApiProperty({ example: 'COMPANIES_SERVED' }) @Matches(CODE) code: string;
  @ApiProperty({ example: 'Bediende bedrijven' }) @IsString() @IsNotEmpty() @MaxLength(200) label: string;
}

export class YearlyContributionBandDto implements YearlyContributionBand {
  @ApiProperty({ example: 50000000, description: 'Cents: the least contribution per project year' }) @IsCents() min: number;
  @ApiProperty({ example: 100000000, description: 'Cents: the most contribution per project year' }) @IsCents() max: number;
}

export class MatchingCofinancingDto implements MatchingCofinancing {
  @ApiProperty({ example: 'VLAANDEREN' }) @Matches(CODE) code: string;
  @ApiProperty({ example: 'Vlaamse matching (EWI)' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ type: RateDto, example: { numerator: 1, denominator: 1 }, description: 'Matching ÷ contribution, at least (1/1: at least as much)' })
  @NestedObject(() => RateDto)
  minRatio: RateDto;
}

export class CallRulesDto implements CallRules {
  @ApiProperty({ type: RateDto, example: { numerator: 999000, denominator: 1500000 } })
  @NestedObject(() => RateDto)
  maxRate: RateDto;

  @ApiProperty({ type: [FundingSourceDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => FundingSourceDto)
  fundingSources: FundingSourceDto[];

  @ApiProperty({ type: RateDto, example: { numerator: 0, denominator: 1 } })
  @NestedObject(() => RateDto)
  minOwnContribution: RateDto;

  @ApiProperty({ example: 24 }) @IsInt() @Min(1) @Max(120) durationMonths: number;
  @ApiProperty({ example: 4 }) @IsInt() @Min(1) @Max(120) reportingPeriodMonths: number;
  @ApiProperty({ example: 30 }) @IsInt() @Min(0) @Max(365) reportingDueDays: number;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(100) provinceQuota: number;
  @ApiProperty({ example: false }) @IsBoolean() reserveAcrossProvinces: boolean;

  @ApiProperty({ type: ConsortiumRulesDto })
  @NestedObject(() => ConsortiumRulesDto)
  consortium: ConsortiumRulesDto;

  @ApiProperty({ type: [CostCategoryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CostCategoryDto)
  costCategories: CostCategoryDto[];

  @ApiPropertyOptional({ type: IndirectCostRuleDto, nullable: true })
  @IsOptional()
  @NestedObject(() => IndirectCostRuleDto)
  indirectCosts: IndirectCostRuleDto | null;

  @ApiProperty({ example: 1720 }) @IsInt() @Min(1) @Max(8760) annualWorkingHours: number;

  @ApiProperty({ example: 500000000, description: 'Cents: VAT is eligible only below this total cost incl. VAT' })
  @IsCents()
  vatEligibilityThreshold: number;

  @ApiProperty({ type: EvaluationRulesDto })
  @NestedObject(() => EvaluationRulesDto)
  evaluation: EvaluationRulesDto;

  @ApiProperty({ type: RateDto, example: { numerator: 0, denominator: 1 } })
  @NestedObject(() => RateDto)
  advanceRate: RateDto;

  @ApiProperty({ type: RateDto, example: { numerator: 1, denominator: 5 } })
  @NestedObject(() => RateDto)
  retentionRate: RateDto;

  @ApiProperty({ example: 80 }) @IsInt() @Min(1) @Max(365) paymentDeadlineDays: number;

  @ApiPropertyOptional({ type: [ReportingIndicatorDto], description: 'Figures each progress report gives; left out: companies served and tests carried out' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ReportingIndicatorDto)
  indicators?: ReportingIndicatorDto[];

  @ApiPropertyOptional({ type: YearlyContributionBandDto, nullable: true, description: 'Band for the contribution per project year (budget year); null: none' })
  @IsOptional()
  @NestedObject(() => YearlyContributionBandDto)
  yearlyContribution?: YearlyContributionBandDto | null;

  @ApiPropertyOptional({ type: MatchingCofinancingDto, nullable: true, description: 'Cofinancing that must match the contribution, a funding source of its own; null: none' })
  @IsOptional()
  @NestedObject(() => MatchingCofinancingDto)
  matchingCofinancing?: MatchingCofinancingDto | null;
}
