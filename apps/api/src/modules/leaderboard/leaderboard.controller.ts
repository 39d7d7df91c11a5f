import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { RankHistoryResponse } from '@podium/contracts';
import { PUBLIC, type VisibleLeaderboard } from '@podium/rules';
import type { ServerResponse } from 'node:http';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../common/clock/clock.service.js';
import { type ExportFormat, leaderboardCsv, pickFormat } from './leaderboard-export.js';
import { LeaderboardService } from './leaderboard.service.js';

/** Public leaderboards (the public audience: frozen during a freeze, public split until the reveal). */
@ApiTags('leaderboards')
@Controller('events/:event/tasks/:task')
export class LeaderboardController {
  constructor(
    private readonly leaderboards: LeaderboardService,
    private readonly clock: Clock,
  ) {}

  @Get('leaderboard')
  @ApiOperation({ summary: 'Public leaderboard of a task (JSON, or CSV with ?format=csv or Accept: text/csv)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'LeaderboardData (@podium/contracts) with unranked teams as rows (rank null)' })
  @ApiNotFoundResponse({ description: 'problem+json: unknown event or task' })
  async leaderboard(
    @Param('event') event: string,
    @Param('task') task: string,
    @Query('format') format: string | string[] | undefined,
    @Headers('accept') accept: string | undefined,
    @Res() res: ServerResponse,
  ): Promise<void> {
    await this.send(res, event, task, pickFormat(format, accept));
  }

  @Get('leaderboard.csv')
  @ApiOperation({ summary: 'Public leaderboard as CSV (download)' })
  @ApiProduces('text/csv')
  async leaderboardCsv(@Param('event') event: string, @Param('task') task: string, @Res() res: ServerResponse): Promise<void> {
    await this.send(res, event, task, 'csv', true);
  }

  @Get('leaderboard.json')
  @ApiOperation({ summary: 'Public leaderboard as JSON (download)' })
  async leaderboardJson(@Param('event') event: string, @Param('task') task: string, @Res() res: ServerResponse): Promise<void> {
    await this.send(res, event, task, 'json', true);
  }

  @Get('history')
  @ApiOperation({ summary: 'Rank history of the current top teams (race chart); frozen boards stop at the freeze' })
  @ApiQuery({ name: 'top', required: false, type: Number })
  @ApiOkResponse({ description: 'RankHistoryResponse (@podium/contracts)' })
  @ApiNotFoundResponse({ description: 'problem+json: unknown event or task' })
  history(@Param('event') event: string, @Param('task') task: string, @Query('top') top: string | undefined): Promise<RankHistoryResponse> {
    const n = top === undefined ? undefined : Number(top);
    if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= 1000)) {
      throw new DomainError('invalid-top', 400, 'Bad request', `top must be an integer from 1 to 1000, got "${top}".`);
    }
    return this.leaderboards.history(event, task, PUBLIC, n, this.clock.now());
  }

  private async send(res: ServerResponse, event: string, task: string, format: ExportFormat, download = false): Promise<void> {
    const board: VisibleLeaderboard = await this.leaderboards.view(event, task, PUBLIC, { now: this.clock.now() });
    if (download) res.setHeader('Content-Disposition', `attachment; filename="${event}-${task}-leaderboard.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    const names = board.rows[0] ? Object.keys(board.rows[0].scores) : [];
    res.statusCode = 200;
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    res.end(format === 'csv' ? leaderboardCsv(board, names) : JSON.stringify(board));
  }
}
