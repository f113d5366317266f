import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsEnum, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { toBrussels } from '../../core/time/brussels';
import { IsCents, IsInstant, NestedObject } from '../../core/http/validators';
import { PageOf, PageQuery } from '../../core/http/pagination';
import { CALL_OUTCOMES, CallOutcome, CallRules } from '../domain/call-rules';
import { CallStatus, statusAt } from '../domain/call-status';
import { Call, Programme } from '../entities/call.entity';
import { CallRulesDto } from './call-rules.dto';

// A rule may be left out, but not set to null: null would replace the default with nothing.
export class PartialCallRulesDto extends PartialType(CallRulesDto, { skipNullProperties: false }) {}

export class CreateCallDto {
  @ApiProperty({ example: 'DXL-2020', description: 'Unique code: capitals, digits, - and _' })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{1,39}$/, { message: 'code must be 2–40 capitals, digits, - or _' })
  code: string;

  @ApiProperty({ example: 'Digital Experience Labs 2020' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ example: 'Een Digital Experience Lab in elke provincie' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @ApiProperty({ enum: Programme })
  @IsEnum(Programme)
  programme: Programme;

  @ApiProperty({ example: '2020-07-01T10:00:00+02:00', description: 'Instant with explicit offset' })
  @IsInstant()
  opensAt: string;

  @ApiProperty({ example: '2020-09-30T17:00:00+02:00', description: 'Instant with explicit offset; a submission at or after it is late' })
  @IsInstant()
  closesAt: string;

  @ApiProperty({ example: 500000000, description: 'Budget envelope in cents' })
  @IsCents()
  envelope: number;

  @ApiProperty({ example: 99900000, description: 'Maximum subsidy per project in cents' })
  @IsCents()
  capPerProject: number;

  @ApiProperty({ example: 150000000, description: 'Reference project cost in cents' })
  @IsCents()
  referenceCost: number;

  @ApiPropertyOptional({ enum: CALL_OUTCOMES, default: 'GRANTS', description: 'What the decision produces: grants, or a preselection list (candidates put forward, no grants)' })
  // Left out: GRANTS; null is no outcome and is refused.
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(CALL_OUTCOMES)
  outcome?: CallOutcome;

  @ApiPropertyOptional({ type: PartialCallRulesDto, description: 'Rules; any rule left out takes its default' })
  @IsOptional()
  @NestedObject(() => PartialCallRulesDto)
  rules?: PartialCallRulesDto;
}

/** A field left out keeps its value; null is no value for a required field. */
export class UpdateCallDto extends PartialType(CreateCallDto, { skipNullProperties: false }) {}

export class ExtendClosingDto {
  @ApiProperty({ example: '2020-10-14T17:00:00+02:00', description: 'The new closing instant, with explicit offset; later than the current one' })
  @IsInstant()
  closesAt: string;

  @ApiProperty({ example: 'Storing van het e-loket op 28 september', description: 'Why the call stays open longer: kept in the audit trail and told to the applicants with a draft' })
  @IsString()
  @Matches(/\S/, { message: 'reason must say why (not only spaces)' })
  @MaxLength(2000)
  reason: string;
}

export class ListCallsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: Programme })
  @IsOptional()
  @IsEnum(Programme)
  programme?: Programme;

  @ApiPropertyOptional({ enum: CallStatus, description: 'Status as of now (the clock), not only as stored' })
  @IsOptional()
  @IsEnum(CallStatus)
  status?: CallStatus;
}

export class CallDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: Programme }) programme: Programme;
  @ApiProperty({ enum: CallStatus, description: 'Status at the time of the request' }) status: CallStatus;
  @ApiProperty({ example: '2020-07-01T08:00:00.000Z' }) opensAt: string;
  @ApiProperty({ example: '2020-09-30T15:00:00.000Z' }) closesAt: string;
  @ApiProperty({ example: '2020-07-01T10:00:00+02:00', description: 'opensAt in Europe/Brussels' }) opensAtBrussels: string;
  @ApiProperty({ example: '2020-09-30T17:00:00+02:00', description: 'closesAt in Europe/Brussels' }) closesAtBrussels: string;
  @ApiProperty({ description: 'cents' }) envelope: number;
  @ApiProperty({ description: 'cents' }) capPerProject: number;
  @ApiProperty({ description: 'cents' }) referenceCost: number;
  @ApiProperty({ enum: CALL_OUTCOMES, description: 'GRANTS, or PRESELECTION: the decision puts candidates forward and grants nothing' }) outcome: CallOutcome;
  @ApiProperty({ type: CallRulesDto }) rules: CallRules;
  @ApiPropertyOptional({ type: String, nullable: true }) publishedAt: string | null;
  @ApiProperty({ description: 'Pass as If-Match to edit a draft' }) version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(call: Call, now: Date): CallDto {
    return {
      id: call.id,
      code: call.code,
      title: call.title,
      description: call.description,
      programme: call.programme,
      status: statusAt(call, now),
      opensAt: call.opensAt.toISOString(),
      closesAt: call.closesAt.toISOString(),
      opensAtBrussels: toBrussels(call.opensAt),
      closesAtBrussels: toBrussels(call.closesAt),
      envelope: call.envelope,
      capPerProject: call.capPerProject,
      referenceCost: call.referenceCost,
      outcome: call.outcome,
      rules: call.rules,
      publishedAt: call.publishedAt?.toISOString() ?? null,
      version: call.version,
      createdAt: call.createdAt.toISOString(),
      updatedAt: call.updatedAt.toISOString(),
    };
  }
}

export class CallPage extends PageOf(CallDto) {}
