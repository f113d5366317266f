import { BasedOnVersion } from '../../core/http/etag';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { OrganisationType } from '../../core/domain/organisation-type';
import { Province, PROVINCE_NAMES } from '../../core/domain/provinces';
import { PageOf, PageQuery } from '../../core/http/pagination';
import { IsCalendarDate, IsEnterpriseNumber } from '../../core/http/validators';
import { toBrussels } from '../../core/time/brussels';
import { ApplicationStatus, PartnerRole } from '../domain/application-status';
import { ApplicationPartner } from '../entities/application-partner.entity';
import type { TypeVerification } from '../budgets/domain/consortium.rule';
import type { RegisteredType } from '../../organisations/organisations.service';
import { Application } from '../entities/application.entity';

export class PartnerInput {
  @ApiProperty({ example: '0566.988.259' })
  @IsEnterpriseNumber()
  enterpriseNumber: string;

  @ApiProperty({ example: 'Vrije Universiteit Brussel' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({
    enum: OrganisationType,
    description:
      'Only for an organisation the organisation register does not know yet: it is entered there with this type, which counts once the programme secretariat verified it. ' +
      'For an organisation in the register this field is ignored: the partner has the register’s type (to change it, claim another type with a supporting document).',
  })
  @IsOptional()
  @IsEnum(OrganisationType)
  organisationType?: OrganisationType;

  @ApiProperty({ enum: PartnerRole, description: 'Exactly one LEAD: the organisation that created the proposal' })
  @IsEnum(PartnerRole)
  role: PartnerRole;
}

export class CreateApplicationDto {
  @ApiProperty({ example: 'DigiHub Vlaams-Brabant' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: 'DIGIHUB-VB' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  acronym: string;

  @ApiPropertyOptional({ example: 'Een lab waar kmo’s sensoren en voorraadbeheer testen.' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  summary?: string;

  @ApiProperty({ enum: Province, description: 'NUTS 2 code of the province the lab serves' })
  @IsEnum(Province)
  province: Province;

  @ApiPropertyOptional({ example: '2021-03-01', description: 'Wished start date' })
  @IsOptional()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional({ type: [PartnerInput], description: 'The consortium; the lead is added from your organisation when left out' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PartnerInput)
  partners?: PartnerInput[];
}

export class UpdateApplicationDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(30) acronym?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20_000) summary?: string;
  @ApiPropertyOptional({ enum: Province }) @IsOptional() @IsEnum(Province) province?: Province;
  @ApiPropertyOptional({ example: '2021-03-01' }) @IsOptional() @IsCalendarDate() startDate?: string;

  @BasedOnVersion()
  version?: number;
}

export class PutPartnersDto {
  @ApiProperty({ type: [PartnerInput] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PartnerInput)
  partners: PartnerInput[];

  @BasedOnVersion()
  version?: number;
}

export class ListApplicationsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() callId?: string;
  @ApiPropertyOptional({ enum: Province }) @IsOptional() @IsEnum(Province) province?: Province;
  @ApiPropertyOptional({ enum: ApplicationStatus }) @IsOptional() @IsEnum(ApplicationStatus) status?: ApplicationStatus;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Keyset pagination: the page after this proposal (the nextCursor of the previous page), in the same order; page is then ignored. Stays fast and stable on deep pages while proposals are added.',
  })
  @IsOptional()
  @IsUUID()
  after?: string;
}

export class PartnerDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '0566988259' }) enterpriseNumber: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: OrganisationType, description: 'The organisation register’s type (never the claim of a request)' }) organisationType: OrganisationType;
  @ApiProperty({ enum: ['VERIFIED', 'PENDING', 'REJECTED'], description: 'Only a VERIFIED type counts for the consortium rule' }) typeVerification: TypeVerification;
  @ApiProperty({ description: 'Whether the register holds a supporting document for the type' }) typeDocument: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The programme secretariat’s reason, once the type was verified or rejected' }) typeDecisionReason: string | null;
  @ApiProperty({ enum: PartnerRole }) role: PartnerRole;

  static from(p: ApplicationPartner, types?: ReadonlyMap<string, RegisteredType>): PartnerDto {
    const registered = types?.get(p.enterpriseNumber);
    return {
      id: p.id,
      enterpriseNumber: p.enterpriseNumber,
      name: p.name,
      organisationType: registered?.type ?? p.organisationType,
      typeVerification: registered?.status ?? 'PENDING',
      typeDocument: registered?.hasDocument ?? false,
      typeDecisionReason: registered?.decisionReason ?? null,
      role: p.role,
    };
  }
}

export class ApplicationDto {
  @ApiProperty() id: string;
  @ApiProperty() callId: string;
  @ApiProperty() title: string;
  @ApiProperty() acronym: string;
  @ApiProperty() summary: string;
  @ApiProperty({ enum: Province }) province: Province;
  @ApiProperty({ example: 'Vlaams-Brabant' }) provinceName: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2021-03-01' }) startDate: string | null;
  @ApiProperty({ enum: ApplicationStatus }) status: ApplicationStatus;
  @ApiProperty() leadOrganisationId: string;
  @ApiProperty({ type: [PartnerDto] }) partners: PartnerDto[];
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'cents; null asks the maximum' }) requestedSubsidy: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) submittedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) submittedAtBrussels: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) withdrawnAt: string | null;
  @ApiProperty({ description: 'Send as If-Match (or version) with edits' }) version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(a: Application, partners: ApplicationPartner[], types: ReadonlyMap<string, RegisteredType>): ApplicationDto {
    return {
      id: a.id,
      callId: a.callId,
      title: a.title,
      acronym: a.acronym,
      summary: a.summary,
      province: a.province,
      provinceName: PROVINCE_NAMES[a.province],
      startDate: a.startDate,
      status: a.status,
      leadOrganisationId: a.leadOrganisationId,
      partners: [...partners].sort((x, y) => x.position - y.position).map((p) => PartnerDto.from(p, types)),
      requestedSubsidy: a.requestedSubsidy,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      submittedAtBrussels: a.submittedAt ? toBrussels(a.submittedAt) : null,
      withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
      version: a.version,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }
}

export class ApplicationPage extends PageOf(ApplicationDto) {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Pass as `after` for the next page; null on the last page' })
  nextCursor: string | null;
}

export class ReceiptDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() callId: string;
  @ApiProperty({ example: 'DXL-2020-0001', description: 'Receipt reference' }) reference: string;
  @ApiProperty({ description: 'Server time of submission (UTC)' }) submittedAt: string;
  @ApiProperty({ example: '2020-09-30T16:59:58+02:00' }) submittedAtBrussels: string;
  @ApiProperty({ description: 'SHA-256 of the canonical JSON of the snapshot' }) sha256: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The proposal exactly as submitted' }) snapshot: object;
}
