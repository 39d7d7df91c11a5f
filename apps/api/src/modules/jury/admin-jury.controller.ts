import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { JuryMembersResponse } from '@podium/contracts';
import { AdminTokenGuard } from '../../common/auth/admin-token.guard.js';
import { JuryAuthService } from './jury-auth.service.js';
import { wireSchema } from '../../openapi/wire-schema.js';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/events/:event/jury')
export class AdminJuryController {
  constructor(private readonly auth: JuryAuthService) {}

  @Get()
  @ApiOperation({ summary: "The event's jury members (from the bundle's jury: list) and whether each has a password" })
  @ApiOkResponse({ description: 'JuryMembersResponse', schema: wireSchema('JuryMembersResponse') })
  async members(@Param('event') event: string): Promise<JuryMembersResponse> {
    return { event, members: await this.auth.members(event) };
  }

  @Post(':login/password')
  @HttpCode(204)
  @ApiOperation({ summary: "Set or reset a jury member's password (at least 12 characters); the member's open sessions end" })
  @ApiBody({ schema: { type: 'object', required: ['password'], properties: { password: { type: 'string', minLength: 12 } } } })
  @ApiNoContentResponse({ description: 'Password set' })
  @ApiNotFoundResponse({ description: 'problem+json: unknown event or jury login', schema: wireSchema('ProblemDetails') })
  @ApiUnprocessableEntityResponse({ description: 'problem+json: password missing or shorter than 12 characters', schema: wireSchema('ProblemDetails') })
  setPassword(@Param('event') event: string, @Param('login') login: string, @Body() body: unknown): Promise<void> {
    return this.auth.setPassword(event, login, body, 'admin');
  }
}
