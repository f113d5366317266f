import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../core/domain/actor';
import { Role } from '../core/domain/roles';
import { SubmissionSnapshotDto } from '../applications/dto/submission-snapshot.dto';
import { ProblemDto } from '../core/errors/problem';
import { Access, CurrentActor } from '../core/http/access.decorator';
import { Page } from '../core/http/pagination';
import { UuidPipe } from '../core/http/uuid.pipe';
import { AssignmentsService } from './assignments.service';
import { DecisionsService } from './decisions.service';
import {
  AdmissibilityDto,
  AssignmentDto,
  AssignmentPage,
  EvaluatorOptionDto,
  MyAssignmentsQuery,
  AssignmentResultDto,
  AwardEntriesPageDto,
  AwardEntriesQuery,
  AwardProposalDto,
  AwardProposalQuery,
  ConsensusViewDto,
  CreateAssignmentsDto,
  DeclarationDto,
  DecisionDto,
  DecisionResultDto,
  GrantSummaryDto,
  PreselectionDto,
  PutScoresDto,
  RankingDto,
  RankingQuery,
  ResultDto,
  ScoreSheetDto,
  WithdrawGrantDto,
} from './dto/evaluation.dto';

const MANAGERS = [Role.PROGRAMME_MANAGER, Role.ADMIN];
/** The selection procedure's records, for the managers and the audit authority to read. */
const SELECTION_READERS = [...MANAGERS, Role.AUDITOR];

@ApiTags('evaluation')
@Controller()
export class EvaluationsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly decisions: DecisionsService,
  ) {}

  @Post('applications/:id/admissibility')
  @HttpCode(200)
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({ summary: 'Mark a submitted proposal admissible or inadmissible, with a reason (after the call closed)' })
  @ApiOkResponse({ schema: { example: { id: '…', status: 'ADMISSIBLE', reason: 'Volledig' } } })
  admissibility(@Param('id', UuidPipe) id: string, @Body() dto: AdmissibilityDto, @CurrentActor() actor: Actor) {
    return this.decisions.admissibility(id, dto, actor);
  }

  @Post('calls/:id/assignments')
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({ summary: 'Assign evaluators to admissible proposals, by hand or automatically (N per proposal, load spread evenly, conflicts excluded)' })
  @ApiCreatedResponse({ type: AssignmentResultDto })
  assign(@Param('id', UuidPipe) id: string, @Body() dto: CreateAssignmentsDto, @CurrentActor() actor: Actor): Promise<AssignmentResultDto> {
    return this.assignments.assign(id, dto, actor);
  }

  @Get('calls/:id/evaluators')
  @Access(...MANAGERS)
  @ApiOperation({ summary: 'Evaluators for assignment by hand: their load in the call and the proposals they conflict with' })
  @ApiOkResponse({ type: [EvaluatorOptionDto] })
  evaluatorOptions(@Param('id', UuidPipe) id: string): Promise<EvaluatorOptionDto[]> {
    return this.assignments.evaluatorOptions(id);
  }

  @Get('calls/:id/assignments')
  @Access(...SELECTION_READERS)
  @ApiOperation({ summary: 'Every assignment of a call with its status and declared conflicts' })
  @ApiOkResponse({ type: [AssignmentDto] })
  listForCall(@Param('id', UuidPipe) id: string): Promise<AssignmentDto[]> {
    return this.assignments.listForCall(id);
  }

  @Get('me/assignments')
  @Access(Role.EVALUATOR)
  @ApiOperation({ summary: 'Your assignments, a page at a time (oldest first), filterable by call, status or id; proposal details appear after your declaration' })
  @ApiOkResponse({ type: AssignmentPage })
  mine(@Query() query: MyAssignmentsQuery, @CurrentActor() actor: Actor): Promise<Page<AssignmentDto>> {
    return this.assignments.listMine(actor, query);
  }

  @Post('assignments/:id/declaration')
  @HttpCode(200)
  @Access(Role.EVALUATOR)
  @ApiOperation({ summary: 'Declare no conflict of interest and accept confidentiality, or declare a conflict (ends the assignment)' })
  @ApiOkResponse({ type: AssignmentDto })
  declare(@Param('id', UuidPipe) id: string, @Body() dto: DeclarationDto, @CurrentActor() actor: Actor): Promise<AssignmentDto> {
    return this.assignments.declare(id, dto, actor);
  }

  @Get('assignments/:id/proposal')
  @Access(Role.EVALUATOR)
  @ApiOperation({ summary: 'The proposal as submitted (after the declaration)' })
  @ApiOkResponse({ type: SubmissionSnapshotDto, description: 'The frozen submission snapshot' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'Declaration missing' })
  proposal(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<SubmissionSnapshotDto> {
    return this.assignments.proposal(id, actor);
  }

  @Get('assignments/:id/scores')
  @Access(Role.EVALUATOR)
  @ApiOperation({ summary: 'Your own scores for this assignment' })
  @ApiOkResponse({ type: ScoreSheetDto })
  scores(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<ScoreSheetDto> {
    return this.assignments.getScores(id, actor);
  }

  @Put('assignments/:id/scores')
  @Access(Role.EVALUATOR)
  @ApiOperation({ summary: 'Save a score and comment per criterion, on the call’s scale and step' })
  @ApiOkResponse({ type: ScoreSheetDto })
  putScores(@Param('id', UuidPipe) id: string, @Body() dto: PutScoresDto, @CurrentActor() actor: Actor): Promise<ScoreSheetDto> {
    return this.assignments.putScores(id, dto, actor);
  }

  @Post('assignments/:id/submit')
  @HttpCode(200)
  @Access(Role.EVALUATOR)
  @ApiOperation({ summary: 'Submit and lock your scores (every criterion scored and commented)' })
  @ApiOkResponse({ type: ScoreSheetDto })
  submit(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<ScoreSheetDto> {
    return this.assignments.submit(id, actor);
  }

  @Get('applications/:id/consensus')
  @Access(...SELECTION_READERS)
  @ApiOperation({ summary: 'Consensus so far, the proposed starting point (mean of submitted scores) and the individual sheets' })
  @ApiOkResponse({ type: ConsensusViewDto })
  consensus(@Param('id', UuidPipe) id: string): Promise<ConsensusViewDto> {
    return this.decisions.consensusView(id);
  }

  @Put('applications/:id/consensus')
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({ summary: 'Set the agreed score and comment per criterion; individual scores stay unchanged' })
  @ApiOkResponse({ type: ConsensusViewDto })
  putConsensus(@Param('id', UuidPipe) id: string, @Body() dto: PutScoresDto, @CurrentActor() actor: Actor): Promise<ConsensusViewDto> {
    return this.decisions.putConsensus(id, dto, actor);
  }

  @Get('applications/:id/result')
  @Access(Role.APPLICANT, Role.PROGRAMME_MANAGER, Role.FINANCE_OFFICER, Role.ADMIN, Role.AUDITOR)
  @ApiOperation({ summary: 'After the decision: outcome, reason and consensus scores with comments' })
  @ApiOkResponse({ type: ResultDto })
  result(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<ResultDto> {
    return this.decisions.result(id, actor);
  }

  @Get('calls/:id/ranking')
  @Access(...SELECTION_READERS, Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Ranking by weighted total with thresholds per criterion and on the total, ties broken as stated' })
  @ApiOkResponse({ type: RankingDto })
  async ranking(@Param('id', UuidPipe) id: string, @Query() query: RankingQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const body = await this.decisions.rankingJson(id, query);
    void reply.header('content-type', 'application/json; charset=utf-8');
    return new StreamableFile(body);
  }

  @Post('calls/:id/award-proposal')
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({ summary: 'Compute the award proposal within the envelope and province quota; each entry says why' })
  @ApiCreatedResponse({ type: AwardProposalDto })
  async awardProposal(
    @Param('id', UuidPipe) id: string,
    @Query() query: AwardProposalQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const body = (await this.decisions.awardProposal(id, actor)).json(query.pageSize);
    void reply.header('content-type', 'application/json; charset=utf-8');
    return new StreamableFile(body);
  }

  @Get('award-proposals/:id/entries')
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({ summary: 'The entries of an award proposal in rank order, a page at a time (keyset on the rank)' })
  @ApiOkResponse({ type: AwardEntriesPageDto })
  awardEntries(@Param('id', UuidPipe) id: string, @Query() query: AwardEntriesQuery): Promise<AwardEntriesPageDto> {
    return this.decisions.awardEntries(id, query);
  }

  @Post('calls/:id/decision')
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({ summary: 'Confirm an award proposal: statuses, grants with amount, split and frozen snapshot' })
  @ApiCreatedResponse({ type: DecisionResultDto })
  decide(@Param('id', UuidPipe) id: string, @Body() dto: DecisionDto, @CurrentActor() actor: Actor): Promise<DecisionResultDto> {
    return this.decisions.decide(id, dto, actor);
  }

  @Get('calls/:id/preselection')
  @Access(...MANAGERS, Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'A PRESELECTION call: the candidates its decision put forward, ranked, with contribution and matching (empty before the decision)' })
  @ApiOkResponse({ type: PreselectionDto })
  preselection(@Param('id', UuidPipe) id: string): Promise<PreselectionDto> {
    return this.decisions.preselectionOfCall(id);
  }

  @Post('grants/:id/withdraw')
  @HttpCode(200)
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({ summary: 'Withdraw an award before any payment; the next award proposal offers its amount to the reserve' })
  @ApiOkResponse({ type: GrantSummaryDto })
  withdrawGrant(@Param('id', UuidPipe) id: string, @Body() dto: WithdrawGrantDto, @CurrentActor() actor: Actor): Promise<GrantSummaryDto> {
    return this.decisions.withdrawGrant(id, dto, actor);
  }
}
