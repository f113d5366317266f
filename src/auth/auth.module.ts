import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../core/config/app.config';
import { AccessCache } from './access-cache';
import { AuthHousekeepingJob } from './auth-housekeeping.job';
import { AuthReader } from './auth-reader';
import { AuthController, MyPersonalDataController, UsersController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PersonalDataService } from './personal-data.service';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';
import { SessionsService } from './sessions.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: { expiresIn: config.JWT_TTL_SECONDS, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, UsersController, MyPersonalDataController, OidcController],
  providers: [AuthService, SessionsService, PersonalDataService, OidcService, AccessCache, AuthReader, AuthHousekeepingJob, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, AccessCache, AuthReader],
})
export class AuthModule {}
