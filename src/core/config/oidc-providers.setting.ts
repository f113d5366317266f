import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ORGANISATION_TYPES, OrganisationType } from '../domain/organisation-type';
import { ALL_ROLES, Role } from '../domain/roles';

/** `http:` is accepted for an issuer on this machine only (a test or development provider). */
const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['https', 'http'] };

/** One rule of a provider's role mapping: a claim with this value (or, without `value`, any non-empty value) gives these roles. */
export class OidcRoleRule {
  @IsString()
  @MinLength(1)
  claim: string;

  @IsOptional()
  @IsString()
  value?: string;

  @IsArray()
  @ArrayNotEmpty()
  @IsIn(ALL_ROLES, { each: true })
  roles: Role[];
}

/** Where an applicant's organisation comes from: a claim with the enterprise number (KBO, checked mod 97). */
export class OidcOrganisationMapping {
  @IsString()
  @MinLength(1)
  enterpriseNumberClaim: string;

  @IsOptional()
  @IsString()
  nameClaim?: string;

  /** The type of an organisation created at its first member's sign-in. */
  @IsIn(ORGANISATION_TYPES)
  type: OrganisationType = OrganisationType.COMPANY;
}

/** One OpenID Connect provider, from the OIDC_PROVIDERS setting (a JSON array). */
export class OidcProviderSetting {
  /** In URLs and the audit log: lower-case letters, digits and dashes. */
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'name must be 1-40 lower-case letters, digits or dashes' })
  name: string;

  /** The button's text on the sign-in page ("Aanmelden met …"). */
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  label: string;

  @IsUrl(URL_OPTIONS, { message: 'issuer must be an http(s) URL' })
  issuer: string;

  @IsString()
  @MinLength(1)
  clientId: string;

  @IsString()
  @MinLength(1)
  clientSecret: string;

  @IsIn(['client_secret_basic', 'client_secret_post'])
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post' = 'client_secret_basic';

  /** Space-separated; must include openid. */
  @Matches(/(^|\s)openid(\s|$)/, { message: 'scopes must include openid' })
  scopes = 'openid profile email';

  /** This service's callback, as registered at the provider: https://…/auth/oidc/<name>/callback. */
  @IsUrl(URL_OPTIONS, { message: 'redirectUri must be an http(s) URL' })
  redirectUri: string;

  /** Where the provider sends the browser after signing out; default: the sign-in page on the redirectUri's origin. */
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'postLogoutRedirectUri must be an http(s) URL' })
  postLogoutRedirectUri?: string;

  /** A first sign-in creates an inactive account that an administrator activates (PATCH /users/:id). */
  @IsBoolean()
  approvalRequired = false;

  /** Also read the userinfo endpoint (providers that keep claims out of the ID token). */
  @IsBoolean()
  userinfo = true;

  @IsString()
  emailClaim = 'email';

  @IsString()
  nameClaim = 'name';

  @IsArray()
  @ArrayNotEmpty({ message: 'roles must map at least one claim to roles' })
  @ValidateNested({ each: true })
  @Type(() => OidcRoleRule)
  roles: OidcRoleRule[];

  @IsOptional()
  @ValidateNested()
  @Type(() => OidcOrganisationMapping)
  organisation?: OidcOrganisationMapping;

  @IsBoolean()
  enabled = true;

  get endSessionRedirect(): string {
    return this.postLogoutRedirectUri ?? new URL('/aanmelden?afgemeld=1', this.redirectUri).toString();
  }
}

/**
 * OIDC_PROVIDERS is a JSON array. Parsed into setting instances here, since class-transformer
 * applies @Type before a @Transform; text that is no JSON array stays a string the validator names.
 */
export const parseProviders = ({ value }: { value: unknown }): unknown => {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return 'not JSON';
    }
  }
  if (!Array.isArray(parsed)) return parsed;
  return parsed.map((item: unknown) => (item !== null && typeof item === 'object' ? plainToInstance(OidcProviderSetting, item) : item));
};

/** `ADMIN,PROGRAMME_MANAGER` → the roles; `none` → no role. */
export const toRoleList = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  if (value.trim().toLowerCase() === 'none') return [];
  return value.split(',').map((r) => r.trim()).filter(Boolean);
};

