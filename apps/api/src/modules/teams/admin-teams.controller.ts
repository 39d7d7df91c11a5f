import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTokenChecked } from '../../common/auth/api-token-checked.decorator.js';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RotateTeamTokenResponse } from '@podium/contracts';
import { AdminTokenGuard } from '../../common/auth/admin-token.guard.js';
import { TeamsService } from './teams.service.js';
import { wireSchema } from '../../openapi/wire-schema.js';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@ApiTokenChecked('admin')
@Controller('admin/teams')
export class AdminTeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Post(':event/:team/token')
  @HttpCode(200)
  @ApiOperation({ summary: "Rotate a team's token (the old one stops working)" })
  @ApiOkResponse({ description: 'The new token', schema: wireSchema('RotateTeamTokenResponse') })
  @ApiNotFoundResponse({ description: 'problem+json: unknown event or team' })
  rotateToken(@Param('event') event: string, @Param('team') team: string): Promise<RotateTeamTokenResponse> {
    return this.teams.rotateToken(event, team, 'admin');
  }
}
