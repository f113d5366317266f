import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../core/domain/actor';
import { Role } from '../core/domain/roles';
import { ProblemDto } from '../core/errors/problem';
import { Access, CurrentActor, OptionalActor, Public } from '../core/http/access.decorator';
import { etag, expectedVersion } from '../core/http/etag';
import { UuidPipe } from '../core/http/uuid.pipe';
import { CallsService } from './calls.service';
import { CallDto, CallPage, CreateCallDto, ListCallsQuery, UpdateCallDto } from './dto/call.dto';

const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag of the version the edit is based on' };

@ApiTags('calls')
@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Post()
  @Access(Role.PROGRAMME_MANAGER, Role.ADMIN)
  @ApiOperation({ summary: 'Define a call (draft) with its rules' })
  @ApiCreatedResponse({ type: CallDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'Inconsistent rules, each problem listed' })
  create(@Body() dto: CreateCallDto, @CurrentActor() actor: Actor): Promise<CallDto> {
    return this.calls.create(dto, actor);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'List calls: published ones for anyone, drafts too for staff' })
  @ApiOkResponse({ type: CallPage })
  list(@Query() query: ListCallsQuery, @OptionalActor() actor?: Actor) {
    return this.calls.list(query, actor);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One call with its rules; the ETag is its version' })
  @ApiOkResponse({ type: CallDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(@Param('id', UuidPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply, @OptionalActor() actor?: Actor): Promise<CallDto> {
    const { call, version } = await this.calls.get(id, actor);
    void reply.header('etag', etag(version));
    return call;
  }

  @Patch(':id')
  @Access(Role.PROGRAMME_MANAGER, Role.ADMIN)
  @ApiOperation({ summary: 'Change a draft call; rules given replace the current ones key by key' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: CallDto })
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateCallDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<CallDto> {
    return this.calls.update(id, dto, expectedVersion(ifMatch), actor);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Access(Role.PROGRAMME_MANAGER, Role.ADMIN)
  @ApiOperation({ summary: 'Publish a draft call; its rules can no longer change' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: CallDto })
  publish(@Param('id', UuidPipe) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<CallDto> {
    return this.calls.publish(id, expectedVersion(ifMatch), actor);
  }
}
