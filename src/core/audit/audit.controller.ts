import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Role } from '../domain/roles';
import { Access } from '../http/access.decorator';
import { PageOf, PageQuery } from '../http/pagination';
import { AuditTrailService, TrailEntry, VerificationReport } from './audit-trail.service';
import { Checkpoint } from './audit-checkpoint';
import { ChainFault, FirstBadEntry } from './audit-chain';

class TrailEntryDto implements TrailEntry {
  @ApiProperty({ description: 'Position in the audit chain (gapless, in commit order)', example: '1042' }) seq: string;
  @ApiProperty() occurredAt: Date;
  @ApiPropertyOptional({ type: String, nullable: true }) actorId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null for the system, and once pseudonymised' }) actorEmail: string | null;
  @ApiProperty({ example: 'cost_statement.approved' }) action: string;
  @ApiProperty({ example: 'cost_statement' }) entityType: string;
  @ApiProperty() entityId: string;
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true }) before: unknown;
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true }) after: unknown;
  @ApiPropertyOptional({ type: String, nullable: true }) correlationId: string | null;
  @ApiProperty({ description: 'The entry\'s link in the chain (SHA-256, hex)' }) hash: string;
}
class TrailPage extends PageOf(TrailEntryDto) {}

class TrailQuery extends PageQuery {
  @ApiProperty({ example: 'cost_statement', description: 'The kind of record, as the audit log names it (application, grant, cost_statement, user, …)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  @Matches(/^[a-z_]+$/, { message: 'entityType is lower case letters and underscores' })
  entityType: string;

  @ApiProperty({ description: 'The record\'s id' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  entityId: string;
}

class HeadDto {
  @ApiProperty({ example: '1042' }) seq: string;
  @ApiProperty() hash: string;
}
class LatestCheckpointDto extends HeadDto {
  @ApiProperty() signedAt: Date;
}
class FirstBadEntryDto implements FirstBadEntry {
  @ApiProperty({ enum: ['CONTENT_CHANGED', 'PERSONAL_DATA_CHANGED', 'HASH_CHANGED', 'LINK_BROKEN', 'SEQUENCE_GAP', 'CHECKPOINT_MISMATCH', 'CHECKPOINT_MISSING_ENTRY', 'CHECKPOINT_SIGNATURE_INVALID'] })
  fault: ChainFault;
  @ApiProperty({ description: 'The chain position of the first bad entry' }) seq: string;
  @ApiPropertyOptional({ nullable: true, description: 'Its row id, when the row exists' }) id: string | null;
  @ApiProperty() detail: string;
}
class VerificationDto implements VerificationReport {
  @ApiProperty() intact: boolean;
  @ApiProperty({ description: 'Entries verified before the first fault (all of them when intact)' }) entries: number;
  @ApiProperty() pseudonymised: number;
  @ApiProperty({ type: HeadDto }) head: HeadDto;
  @ApiProperty() checkpoints: number;
  @ApiPropertyOptional({ type: LatestCheckpointDto, nullable: true }) latestCheckpoint: LatestCheckpointDto | null;
  @ApiPropertyOptional({ type: FirstBadEntryDto, nullable: true }) firstBadEntry: FirstBadEntryDto | null;
}
class CheckpointDto implements Checkpoint {
  @ApiProperty() seq: string;
  @ApiProperty() hash: string;
  @ApiProperty() signedAt: Date;
  @ApiProperty({ description: 'Ed25519 public key (raw, base64) that signed it' }) publicKey: string;
  @ApiProperty({ description: 'Ed25519 signature (base64) of "efro-grants audit checkpoint v1\\nseq=…\\nhash=…\\nsignedAt=…\\n"' }) signature: string;
}
class CheckpointPage extends PageOf(CheckpointDto) {}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrailService) {}

  @Get()
  @Access(Role.ADMIN, Role.PROGRAMME_MANAGER, Role.AUDITOR)
  @ApiOperation({ summary: 'The audit trail of one record, oldest first: who did what, when, before and after' })
  @ApiOkResponse({ type: TrailPage })
  list(@Query() query: TrailQuery) {
    return this.trail.trail(query.entityType, query.entityId, query);
  }

  @Get('verification')
  @Access(Role.ADMIN, Role.AUDITOR)
  @ApiOperation({
    summary: 'Verify the whole audit chain and its signed checkpoints',
    description: 'Recomputes every entry\'s hashes in order; names the first entry that was changed, removed or inserted out of order, or a checkpoint the chain no longer matches.',
  })
  @ApiOkResponse({ type: VerificationDto })
  verify(): Promise<VerificationReport> {
    return this.trail.verify();
  }

  @Get('checkpoints')
  @Access(Role.ADMIN, Role.PROGRAMME_MANAGER, Role.AUDITOR)
  @ApiOperation({ summary: 'The signed daily checkpoints of the chain\'s head, newest first (publish them: a rewrite of the chain cannot match them)' })
  @ApiOkResponse({ type: CheckpointPage })
  checkpoints(@Query() query: PageQuery) {
    return this.trail.checkpoints(query);
  }
}
