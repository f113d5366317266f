import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { OrganisationType } from '../../core/domain/organisation-type';
import { Province } from '../../core/domain/provinces';
import { Role } from '../../core/domain/roles';
import { IsEnterpriseNumber, NestedObject } from '../../core/http/validators';
import { Organisation } from '../entities/organisation.entity';
import { User } from '../entities/user.entity';

export class OrganisationInput {
  @ApiProperty({ example: 'Vlaams Instituut voor de Logistiek' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiProperty({ example: '0566.988.259', description: 'Belgian enterprise number (KBO/BCE), checked with mod 97' })
  @IsEnterpriseNumber()
  enterpriseNumber: string;

  @ApiProperty({ enum: OrganisationType })
  @IsEnum(OrganisationType)
  type: OrganisationType;

  @ApiPropertyOptional({ enum: Province, description: 'NUTS 2 code of the province' })
  @IsOptional()
  @IsEnum(Province)
  province?: Province;

  @ApiPropertyOptional({ example: 'Kempische Steenweg 293, 3500 Hasselt' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;
}

export class RegisterDto {
  @ApiProperty({ example: 'an.peeters@vil.be' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10, example: 'een lang wachtwoord' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password: string;

  @ApiProperty({ example: 'An Peeters' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ type: OrganisationInput })
  @NestedObject(() => OrganisationInput)
  organisation: OrganisationInput;
}

export class LoginDto {
  @ApiProperty({ example: 'applicant@demo.efro.be' })
  @IsEmail()
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'evaluator3@vlaanderen.be' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ enum: Role, isArray: true })
  @IsEnum(Role, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ type: OrganisationInput, description: 'For evaluators: their employer, used to exclude conflicts' })
  @IsOptional()
  @NestedObject(() => OrganisationInput)
  organisation?: OrganisationInput;
}

/** Optional, but not nullable: `null` is a wrong value, not a missing one. */
const isPresent = (_object: object, value: unknown): boolean => value !== undefined;

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: Role, isArray: true, description: 'The account\'s roles from now on (replaces the current ones)' })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(5)
  @IsEnum(Role, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ description: 'false deactivates the account: its tokens and sessions stop at once' })
  @ValidateIf(isPresent)
  @IsBoolean()
  active?: boolean;
}

export class OrganisationDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '0566988259' }) enterpriseNumber: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: OrganisationType }) type: OrganisationType;
  @ApiPropertyOptional({ enum: Province, nullable: true }) province: Province | null;
  @ApiPropertyOptional({ nullable: true }) address: string | null;

  static from(o: Organisation): OrganisationDto {
    return {
      id: o.id,
      enterpriseNumber: o.enterpriseNumber,
      name: o.name,
      type: o.type,
      province: o.province,
      address: o.address,
    };
  }
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: Role, isArray: true }) roles: Role[];
  @ApiPropertyOptional({ type: OrganisationDto, nullable: true }) organisation: OrganisationDto | null;
  @ApiProperty({ description: 'false: deactivated, cannot sign in' }) active: boolean;
  @ApiPropertyOptional({ description: 'In the administrators\' list: true while an account created by a first sign-in through an identity provider that requires approval waits to be activated' })
  awaitingApproval?: boolean;
  @ApiProperty() createdAt: string;

  static from(u: User): UserDto {
    return {
      id: u.id,
      email: u.email,
      fullName: u.fullName,
      roles: u.roles,
      organisation: u.organisation ? OrganisationDto.from(u.organisation) : null,
      active: u.active,
      createdAt: u.createdAt.toISOString(),
    };
  }
}

export class TokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ example: 28800 }) expiresIn: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
}

export class SessionDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ description: 'Send it as the X-CSRF-Token header with every POST, PUT, PATCH and DELETE made with the session cookie' })
  csrfToken: string;
  @ApiProperty({ example: '2020-07-15T16:00:00.000Z', description: 'When the session ends; signing in again starts a new one' })
  expiresAt: string;
}
