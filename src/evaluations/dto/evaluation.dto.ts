import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Province } from '../../core/domain/provinces';
import { PageOf, PageQuery } from '../../core/http/pagination';
import { AssignmentStatus } from '../entities/assignment.entity';
import { IsCalendarDate } from '../../core/http/validators';

export class AdmissibilityDto {
  @ApiProperty() @IsBoolean() admissible: boolean;
  @ApiProperty({ example: 'Alle verplichte stukken zijn aanwezig' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export class ManualAssignment {
  @ApiProperty() @IsUUID() applicationId: string;
  @ApiProperty() @IsUUID() evaluatorId: string;
}

export class CreateAssignmentsDto {
  @ApiProperty({ enum: ['manual', 'auto'] })
  @IsIn(['manual', 'auto'])
  mode: 'manual' | 'auto';

  @ApiPropertyOptional({ type: [ManualAssignment], description: 'mode manual: the pairs to assign' })
  @ValidateIf((d: CreateAssignmentsDto) => d.mode === 'manual')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ManualAssignment)
  assignments?: ManualAssignment[];

  @ApiPropertyOptional({ example: 3, description: 'mode auto: evaluators per proposal' })
  @ValidateIf((d: CreateAssignmentsDto) => d.mode === 'auto')
  @IsInt()
  @Min(1)
  @Max(20)
  evaluatorsPerProposal?: number;

  @ApiPropertyOptional({ description: 'mode auto: the pool to draw from (default: every evaluator)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  evaluatorIds?: string[];
}

export class AssignedProposalDto {
  @ApiProperty() acronym: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: Province, enumName: 'Province' }) province: Province;
}

export class AssignmentDto {
  @ApiProperty() id: string;
  @ApiProperty() callId: string;
  @ApiProperty() applicationId: string;
  @ApiPropertyOptional({ description: 'Shown to staff only' }) evaluatorId?: string;
  @ApiPropertyOptional({ description: 'Shown to staff only' }) evaluatorName?: string;
  @ApiProperty({ enum: ['ASSIGNED', 'DECLARED', 'CONFLICT', 'SUBMITTED'] }) status: 'ASSIGNED' | 'DECLARED' | 'CONFLICT' | 'SUBMITTED';
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' }) declaredAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) conflictReason?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' }) submittedAt: string | null;
  @ApiPropertyOptional({ type: AssignedProposalDto, description: 'After the declaration: the proposal acronym and title', nullable: true }) proposal?: AssignedProposalDto | null;
}

export class MyAssignmentsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the assignments of this call' }) @IsOptional() @IsUUID() callId?: string;
  @ApiPropertyOptional({ enum: AssignmentStatus }) @IsOptional() @IsEnum(AssignmentStatus) status?: AssignmentStatus;
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this assignment (a page of one, or none)' }) @IsOptional() @IsUUID() id?: string;
}

export class AssignmentPage extends PageOf(AssignmentDto) {}

export class ShortfallDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ description: 'Evaluators still missing' }) missing: number;
}

export class AssignmentResultDto {
  @ApiProperty({ type: [AssignmentDto] }) created: AssignmentDto[];
  @ApiProperty({ type: [ShortfallDto], description: 'Proposals that could not get enough evaluators' })
  shortfalls: ShortfallDto[];
}

export class DeclarationDto {
  @ApiProperty({ description: 'true: I have no conflict of interest with this proposal' })
  @IsBoolean()
  noConflictOfInterest: boolean;

  @ApiPropertyOptional({ description: 'Required (true) when declaring no conflict' })
  @ValidateIf((d: DeclarationDto) => d.noConflictOfInterest === true)
  @Equals(true, { message: 'confidentiality must be accepted' })
  acceptConfidentiality?: boolean;

  @ApiPropertyOptional({ description: 'Required when declaring a conflict' })
  @ValidateIf((d: DeclarationDto) => d.noConflictOfInterest === false)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  conflictReason?: string;
}

export class ScoreInputDto {
  @ApiProperty({ example: 'STRATEGIC' }) @IsString() @IsNotEmpty() @MaxLength(40) criterion: string;
  @ApiProperty({ example: 3.5 }) @IsNumber({ allowNaN: false, allowInfinity: false }) score: number;
  @ApiProperty({ example: 'Sterk consortium met duidelijke kmo-focus' }) @IsString() @MaxLength(10_000) comment: string;
}

export class PutScoresDto {
  @ApiProperty({ type: [ScoreInputDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ScoreInputDto)
  scores: ScoreInputDto[];
}

export class ScoreDto {
  @ApiProperty() criterion: string;
  @ApiProperty() score: number;
  @ApiProperty() comment: string;
}

export class ScoreSheetDto {
  @ApiProperty() assignmentId: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: [ScoreDto] }) scores: ScoreDto[];
}

export class ProposedScoreDto {
  @ApiProperty() criterion: string;
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty() evaluatorCount: number;
  @ApiProperty({ type: Number, nullable: true }) lowest: number | null;
  @ApiProperty({ type: Number, nullable: true }) highest: number | null;
}

export class ConsensusViewDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ type: [ScoreDto], description: 'The agreed scores so far' }) consensus: ScoreDto[];
  @ApiProperty({ type: () => [ProposedScoreDto], description: 'Per criterion: the mean of the submitted individual scores, rounded down to the step' })
  proposed: ProposedScoreDto[];
  @ApiProperty({ description: 'Submitted individual score sheets (programme managers only)', type: [ScoreSheetDto] }) individual: ScoreSheetDto[];
}

export class DecisionDto {
  @ApiProperty({ description: 'The award proposal being confirmed' }) @IsUUID() proposalId: string;

  @ApiPropertyOptional({ example: '2021-03-01', description: 'Grant start date; the wished start date of each proposal when left out' })
  @IsOptional()
  @IsCalendarDate()
  startDate?: string;
}

export class WithdrawGrantDto {
  @ApiProperty({ example: 'Consortium valt uiteen' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export class CriterionResultDto {
  @ApiProperty() criterion: string;
  @ApiProperty() score: number;
  @ApiProperty() threshold: number;
  @ApiProperty() passed: boolean;
}

/** What broke a tie with the entry ranked just above; screens word it from these fields. */
export class TieBreakDto {
  @ApiProperty({ enum: ['CRITERION', 'SUBMISSION_TIME', 'APPLICATION_ID'] }) by: 'CRITERION' | 'SUBMISSION_TIME' | 'APPLICATION_ID';
  @ApiProperty({ example: 7.5, description: 'the weighted total both entries share' }) weightedTotal: number;
  @ApiProperty({ type: [String], example: [], description: 'tie-break criteria that were equal too, in order' }) equalOn: string[];
  @ApiPropertyOptional({ example: 'STRATEGIC', description: 'by CRITERION: the criterion that decided' }) criterion?: string;
  @ApiPropertyOptional({ example: 4, description: 'by CRITERION: the score of the entry above' }) before?: number;
  @ApiPropertyOptional({ example: 3.5, description: 'by CRITERION: this entry\'s score' }) after?: number;
}

export class RankingEntryDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() acronym: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: Province }) province: Province;
  @ApiProperty() rank: number;
  @ApiProperty({ example: 14.5 }) weightedTotal: number;
  @ApiProperty({ example: 11 }) unweightedTotal: number;
  @ApiProperty() passed: boolean;
  @ApiProperty({ type: () => [CriterionResultDto] })
  criteria: CriterionResultDto[];
  @ApiProperty({ description: 'cents' }) requestedSubsidy: number;
  @ApiProperty() submittedAt: string;
  @ApiPropertyOptional({ type: TieBreakDto, nullable: true }) tieBreak: TieBreakDto | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'tie on weighted total 7.5 broken by STRATEGIC (4 > 3.5)', description: 'tieBreak as an English sentence' }) tieBreakNote: string | null;
}

/** The most ranking rows (entries, then pending proposals) one answer gives, and the default. */
export const RANKING_PAGE_MAX = 10_000;
export const RANKING_PAGE_DEFAULT = 1_000;

export class RankingQuery {
  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Rows of the ranking (entries, then pending proposals) already read: the nextCursor of the page before' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after: number = 0;

  @ApiPropertyOptional({ minimum: 1, maximum: RANKING_PAGE_MAX, default: RANKING_PAGE_DEFAULT, description: 'Rows per answer; a call of up to this many evaluated proposals comes whole' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(RANKING_PAGE_MAX)
  pageSize: number = RANKING_PAGE_DEFAULT;
}

export class RankingDto {
  @ApiProperty() callId: string;
  @ApiProperty({ type: [RankingEntryDto] }) entries: RankingEntryDto[];
  @ApiProperty({ description: 'Admissible proposals whose consensus is not complete yet' }) pending: string[];
  @ApiProperty({ type: [String], example: ['STRATEGIC', 'OPERATIONAL'], description: 'after the weighted total, the criteria that break ties, in order; then the earlier submission' }) tieBreakOrder: string[];
  @ApiProperty({ example: 'Weighted total, then the tie-break criteria STRATEGIC, OPERATIONAL, then the earlier submission time', description: 'tieBreakOrder as an English sentence' }) tieBreakRule: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The `after` of the next page; null on the last' }) nextCursor: number | null;
}

export class ThresholdFailureDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: the threshold on the unweighted total' }) criterion: string | null;
  @ApiProperty() score: number;
  @ApiProperty() threshold: number;
}

/** The figures of an award reason; which ones are present depends on reasonCode. */
export class AwardReasonParamsDto {
  @ApiPropertyOptional({ description: 'PROVINCE_QUOTA_REACHED: awards per province' }) quota?: number;
  @ApiPropertyOptional({ enum: Province, description: 'PROVINCE_QUOTA_REACHED' }) province?: Province;
  @ApiPropertyOptional({ description: 'ENVELOPE_EXHAUSTED: cents left in the envelope' }) remaining?: number;
  @ApiPropertyOptional({ description: 'ENVELOPE_EXHAUSTED: cents this proposal needs' }) needed?: number;
  @ApiPropertyOptional({ type: [ThresholdFailureDto], description: 'BELOW_THRESHOLD' }) failures?: ThresholdFailureDto[];
}

export class AwardEntryDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() rank: number;
  @ApiProperty({ enum: Province }) province: Province;
  @ApiProperty({ enum: ['AWARD', 'RESERVE', 'REJECT'] }) outcome: string;
  @ApiProperty({ description: 'cents' }) amount: number;
  @ApiProperty({ description: 'cents' }) requestedSubsidy: number;
  @ApiProperty({ enum: ['AWARDED', 'PROVINCE_QUOTA_REACHED', 'ENVELOPE_EXHAUSTED', 'BELOW_THRESHOLD'], nullable: true, description: 'null on proposals computed before reasons had codes' })
  reasonCode: 'AWARDED' | 'PROVINCE_QUOTA_REACHED' | 'ENVELOPE_EXHAUSTED' | 'BELOW_THRESHOLD' | null;
  @ApiProperty({ type: AwardReasonParamsDto }) reasonParams: AwardReasonParamsDto;
  @ApiProperty({ description: 'the reason as an English sentence' }) reason: string;
}

export class AwardProposalQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: RANKING_PAGE_MAX, default: RANKING_PAGE_DEFAULT, description: 'Entries in the answer (the first in rank order); the rest through GET /award-proposals/:id/entries' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(RANKING_PAGE_MAX)
  pageSize: number = RANKING_PAGE_DEFAULT;
}

export class AwardEntriesQuery extends AwardProposalQuery {
  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'The rank after which to continue: the entriesNextCursor or nextCursor of the page before' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after: number = 0;
}

export class AwardProposalDto {
  @ApiProperty() id: string;
  @ApiProperty() callId: string;
  @ApiProperty({ enum: ['PROPOSED', 'DECIDED', 'SUPERSEDED'] }) status: string;
  @ApiProperty({ type: [AwardEntryDto], description: 'In rank order; the first pageSize of them' }) entries: AwardEntryDto[];
  @ApiProperty({ description: 'Entries of the whole proposal' }) entryCount: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The `after` of GET /award-proposals/:id/entries for the entries after these; null when all are here' }) entriesNextCursor: number | null;
  @ApiProperty({ description: 'cents' }) totalAwarded: number;
  @ApiProperty({ description: 'cents' }) alreadyCommitted: number;
  @ApiProperty({ description: 'cents' }) remainingEnvelope: number;
  @ApiProperty() computedAt: string;
}

export class AwardEntriesPageDto {
  @ApiProperty({ type: [AwardEntryDto] }) items: AwardEntryDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'The `after` of the next page; null on the last' }) nextCursor: number | null;
}

export class GrantSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() grantNumber: string;
  @ApiProperty() applicationId: string;
  @ApiProperty({ description: 'cents' }) amount: number;
  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [{ code: 'EFRO', name: 'EFRO', amount: 60000000 }] }) fundingSplit: { code: string; name: string; amount: number }[];
  @ApiProperty() startDate: string;
  @ApiProperty() endDate: string;
  @ApiProperty() status: string;
}

/** A candidate a PRESELECTION call's decision put forward. */
export class PreselectedCandidateDto {
  @ApiProperty({ description: '1 for the best candidate' }) rank: number;
  @ApiProperty() applicationId: string;
  @ApiProperty() acronym: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: Province }) province: Province;
  @ApiProperty() leadName: string;
  @ApiProperty() leadEnterpriseNumber: string;
  @ApiProperty({ description: 'The contribution asked of the programme (EU share), cents' }) contribution: number;
  @ApiProperty({ description: 'The matching cofinancing it comes with, cents' }) matching: number;
  @ApiProperty() decidedAt: string;
}

export class PreselectionDto {
  @ApiProperty() callId: string;
  @ApiProperty({ type: [PreselectedCandidateDto], description: 'In rank order; empty before the decision' }) candidates: PreselectedCandidateDto[];
  @ApiProperty({ description: 'cents' }) totalContribution: number;
  @ApiProperty({ description: 'cents' }) totalMatching: number;
}

export class DecisionResultDto {
  @ApiProperty() callId: string;
  @ApiProperty() proposalId: string;
  @ApiProperty({ enum: ['GRANTS', 'PRESELECTION'], description: 'PRESELECTION: no grants; the candidates put forward are in `preselection`' }) outcome: 'GRANTS' | 'PRESELECTION';
  @ApiProperty({ type: [GrantSummaryDto] }) grants: GrantSummaryDto[];
  @ApiProperty({ type: [PreselectedCandidateDto], description: 'The candidates put forward, in rank order (PRESELECTION calls; empty otherwise)' }) preselection: PreselectedCandidateDto[];
  @ApiProperty() awarded: number;
  @ApiProperty() reserve: number;
  @ApiProperty() rejected: number;
}

export class ResultDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ enum: ['AWARDED', 'RESERVE', 'REJECTED', 'INADMISSIBLE', 'WITHDRAWN'] }) outcome: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the admissibility reason as typed, or the award reason as an English sentence' }) reason: string | null;
  @ApiProperty({ enum: ['AWARDED', 'PROVINCE_QUOTA_REACHED', 'ENVELOPE_EXHAUSTED', 'BELOW_THRESHOLD'], nullable: true, description: 'the award decision\'s reason as a code (null when inadmissible or withdrawn)' })
  reasonCode: 'AWARDED' | 'PROVINCE_QUOTA_REACHED' | 'ENVELOPE_EXHAUSTED' | 'BELOW_THRESHOLD' | null;
  @ApiProperty({ type: AwardReasonParamsDto }) reasonParams: AwardReasonParamsDto;
  @ApiProperty({ type: [ScoreDto], description: 'Consensus scores and comments (never individual scores)' }) consensus: ScoreDto[];
  @ApiPropertyOptional({ type: Number, nullable: true }) weightedTotal: number | null;
  @ApiPropertyOptional({ type: GrantSummaryDto, nullable: true }) grant: GrantSummaryDto | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'PRESELECTION calls: the place on the list of candidates put forward (AWARDED means preselected there)' })
  preselectionRank: number | null;
}

/** An evaluator a programme manager can assign by hand, with the proposals their organisation is a partner of. */
export class EvaluatorOptionDto {
  @ApiProperty() evaluatorId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Active assignments in this call (declared conflicts not counted)' }) load: number;
  @ApiProperty({ type: [String], description: 'Admissible proposals of this call the evaluator may not assess: their organisation is a partner' }) conflictsWith: string[];
  @ApiProperty({ type: [String], description: 'Proposals of this call the evaluator is assigned to already (or declared a conflict on)' }) assignedTo: string[];
}
