import { Controller, Get, Header, Headers, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { RankHistoryResponse } from '@podium/contracts';
import { PUBLIC, type VisibleLeaderboard } from '@podium/rules';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../common/clock/clock.service.js';
import { leaderboardFile, pickFormat } from './leaderboard-export.js';
import { LeaderboardService } from './leaderboard.service.js';
import { wireSchema } from '../../openapi/wire-schema.js';

/** Public leaderboards (the public audience: frozen during a freeze, public split until the reveal). */
@ApiTags('leaderboards')
@Controller('events/:event/tasks/:task')
export class LeaderboardController {
  constructor(
    private readonly leaderboards: LeaderboardService,
    private readonly clock: Clock,
  ) {}

  @Get('leaderboard')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Public leaderboard of a task (JSON, or CSV with ?format=csv or Accept: text/csv)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'The public board; unranked teams are rows with rank null (CSV: one line per team)', schema: wireSchema('LeaderboardResponse') })
  @ApiNotFoundResponse({ description: 'problem+json: unknown event or task' })
  async leaderboard(
    @Param('event') event: string,
    @Param('task') task: string,
    @Query('format') format: string | string[] | undefined,
    @Headers('accept') accept: string | undefined,
  ): Promise<VisibleLeaderboard | StreamableFile> {
    const chosen = pickFormat(format, accept);
    const board = await this.board(event, task);
    return chosen === 'csv' ? leaderboardFile(board, 'csv') : board;
  }

  @Get('leaderboard.csv')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Public leaderboard as CSV (download)' })
  @ApiProduces('text/csv')
  async leaderboardCsv(@Param('event') event: string, @Param('task') task: string): Promise<StreamableFile> {
    return leaderboardFile(await this.board(event, task), 'csv', `${event}-${task}-leaderboard.csv`);
  }

  @Get('leaderboard.json')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Public leaderboard as JSON (download)' })
  async leaderboardJson(@Param('event') event: string, @Param('task') task: string): Promise<StreamableFile> {
    return leaderboardFile(await this.board(event, task), 'json', `${event}-${task}-leaderboard.json`);
  }

  @Get('history')
  @ApiOperation({ summary: 'Rank history of the current top teams (race chart); frozen boards stop at the freeze' })
  @ApiQuery({ name: 'top', required: false, type: Number })
  @ApiOkResponse({ description: 'One series per team of the current top', schema: wireSchema('RankHistoryResponse') })
  @ApiNotFoundResponse({ description: 'problem+json: unknown event or task' })
  history(@Param('event') event: string, @Param('task') task: string, @Query('top') top: string | undefined): Promise<RankHistoryResponse> {
    const n = top === undefined ? undefined : Number(top);
    if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= 1000)) {
      throw new DomainError('invalid-top', 400, 'Bad request', `top must be an integer from 1 to 1000, got "${top}".`);
    }
    return this.leaderboards.history(event, task, PUBLIC, n, this.clock.now());
  }

  private board(event: string, task: string): Promise<VisibleLeaderboard> {
    return this.leaderboards.view(event, task, PUBLIC, { now: this.clock.now() });
  }
}
