import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTokenChecked } from '../../common/auth/api-token-checked.decorator.js';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { AnnouncementData } from '@podium/contracts';
import { AdminTokenGuard } from '../../common/auth/admin-token.guard.js';
import { AnnouncementsService } from './announcements.service.js';
import { wireSchema } from '../../openapi/wire-schema.js';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@ApiTokenChecked('admin')
@Controller('admin/events/:event/announcements')
export class AdminAnnouncementsController {
  constructor(private readonly announcements: AnnouncementsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Publish an announcement on every screen: { text, level?, until? }' })
  @ApiBody({ schema: wireSchema('AnnouncementBody') })
  @ApiCreatedResponse({ description: 'Published (live frame sent)', schema: wireSchema('AnnouncementData') })
  @ApiUnprocessableEntityResponse({ description: 'problem+json listing every problem of the body', schema: wireSchema('ProblemDetails') })
  publish(@Param('event') event: string, @Body() body: unknown): Promise<AnnouncementData> {
    return this.announcements.publish(event, body, 'admin');
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take an announcement down early' })
  @ApiOkResponse({ description: 'The announcement, withdrawn', schema: wireSchema('AnnouncementData') })
  withdraw(@Param('event') event: string, @Param('id') id: string): Promise<AnnouncementData> {
    return this.announcements.withdraw(event, id, 'admin');
  }
}
