import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { OrganisationType } from '../../core/domain/organisation-type';
import { BasedOnVersion } from '../../core/http/etag';
import { PageOf, PageQuery } from '../../core/http/pagination';
import { TypeVerificationStatus } from '../domain/type-verification.machine';
import { RegisteredOrganisation } from '../entities/registered-organisation.entity';

export class RegisterQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TypeVerificationStatus, description: 'Only entries in this state (PENDING: the secretariat’s queue, oldest claim first)' })
  @IsOptional()
  @IsEnum(TypeVerificationStatus)
  status?: TypeVerificationStatus;
}

export class RegisterDocumentDto {
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['application/pdf', 'image/png', 'image/jpeg'] }) contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty() uploadedAt: string;
}

export class RegisteredOrganisationDto {
  @ApiProperty({ example: '0403199702' }) enterpriseNumber: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: OrganisationType, enumName: 'OrganisationType' }) type: OrganisationType;
  @ApiProperty({ enum: TypeVerificationStatus, enumName: 'TypeVerificationStatus' }) verificationStatus: TypeVerificationStatus;
  @ApiPropertyOptional({ type: RegisterDocumentDto, nullable: true, description: 'The supporting document of the claim (statutes, KBO extract, accreditation)' }) document: RegisterDocumentDto | null;
  @ApiProperty({ description: 'When the type was (last) claimed' }) claimedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) decidedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decisionReason: string | null;
  @ApiProperty({ description: 'Send as version with a decision' }) version: number;

  static from(r: RegisteredOrganisation): RegisteredOrganisationDto {
    return {
      enterpriseNumber: r.enterpriseNumber,
      name: r.name,
      type: r.type,
      verificationStatus: r.verificationStatus,
      document:
        r.documentSha256 && r.documentFileName && r.documentContentType && r.documentSizeBytes !== null
          ? { fileName: r.documentFileName, contentType: r.documentContentType, sizeBytes: r.documentSizeBytes, sha256: r.documentSha256, uploadedAt: (r.documentUploadedAt ?? r.claimedAt).toISOString() }
          : null,
      claimedAt: r.claimedAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionReason: r.decisionReason,
      version: r.version,
    };
  }
}

export class RegisterPage extends PageOf(RegisteredOrganisationDto) {}

export class VerifyTypeDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'What the document showed' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @BasedOnVersion()
  version?: number;
}

export class RejectTypeDto {
  @ApiProperty({ maxLength: 1000, description: 'Why the document does not show the type (the applicant reads it)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;

  @BasedOnVersion()
  version?: number;
}
