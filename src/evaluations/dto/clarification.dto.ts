import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { IsInstant } from '../../core/http/validators';
import { toBrussels } from '../../core/time/brussels';
import { ClarificationStatus } from '../domain/clarification.rule';
import { Clarification } from '../entities/clarification.entity';

export class RequestClarificationDto {
  @ApiProperty({ example: 'Bezorg de ondertekende engagementsverklaring van de partner.' })
  @IsString()
  @Matches(/\S/, { message: 'question must say what is asked (not only spaces)' })
  @MaxLength(4000)
  question: string;

  @ApiProperty({ example: '2020-10-15T17:00:00+02:00', description: 'Instant with explicit offset by which the answer is due; an answer at or after it is late' })
  @IsInstant()
  answerDueAt: string;
}

export class AnswerClarificationDto {
  @ApiProperty({ example: 'De verklaring is ondertekend op 2 oktober; de tekst volgt hieronder.' })
  @IsString()
  @Matches(/\S/, { message: 'answer must say something (not only spaces)' })
  @MaxLength(10_000)
  answer: string;
}

export class ClarificationDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty({ enum: ClarificationStatus }) status: ClarificationStatus;
  @ApiProperty() question: string;
  @ApiProperty() askedAt: string;
  @ApiProperty() answerDueAt: string;
  @ApiProperty({ example: '2020-10-15T17:00:00+02:00' }) answerDueAtBrussels: string;
  @ApiProperty({ description: 'Still open and the deadline has passed' }) overdue: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) answer: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) answeredAt: string | null;

  static from(c: Clarification, now: Date): ClarificationDto {
    return {
      id: c.id,
      applicationId: c.applicationId,
      status: c.status,
      question: c.question,
      askedAt: c.askedAt.toISOString(),
      answerDueAt: c.answerDueAt.toISOString(),
      answerDueAtBrussels: toBrussels(c.answerDueAt),
      overdue: c.status === ClarificationStatus.OPEN && now.getTime() >= c.answerDueAt.getTime(),
      answer: c.answer,
      answeredAt: c.answeredAt?.toISOString() ?? null,
    };
  }
}
