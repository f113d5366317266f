import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ApiClient } from './api';
import { ChildServer, spawnServer } from './servers';

export interface StaffAccount {
  email: string;
  password: string;
  token: string;
}

/** The efro-grants app (dist/src/main.js) running in a child process, with its bootstrap admin signed in. */
export interface AppUnderTest {
  server: ChildServer;
  baseUrl: string;
  databaseUrl: string;
  api: ApiClient;
  admin: StaffAccount;
  /** Creates a staff account through POST /users (as the admin) and signs it in. */
  createStaff(roles: string[], name: string): Promise<StaffAccount>;
  /** Signs in through POST /auth/login. */
  login(email: string, password: string): Promise<string>;
  /**
   * Another process of the app on the same database with the same secrets (a token of one is
   * valid on the other): a fresh process, e.g. to measure memory without earlier load. The
   * caller stops it (it is not stopped with the app).
   */
  startReplica(extra?: ReplicaOptions): Promise<ChildServer>;
}

export interface ReplicaOptions {
  /** Node flags for the replica (e.g. --cpu-prof). */
  nodeOptions?: string[];
  /** Environment added to the app's. */
  env?: Record<string, string>;
}

export interface StartAppOptions {
  repoRoot: string;
  databaseUrl: string;
  /** Extra environment for the app (overrides the defaults below). */
  env?: Record<string, string>;
  /** Node flags for the app and its replicas (e.g. --cpu-prof). */
  nodeOptions?: string[];
}

const secret = (bytes: number) => randomBytes(bytes).toString('base64url');

/**
 * Starts the compiled app against `databaseUrl` (migrations run at boot), in production mode with
 * warn-level logs, no scheduler, and a bootstrap admin; resolves once GET /health/live answers.
 */
export async function startApp(options: StartAppOptions): Promise<AppUnderTest> {
  const adminEmail = 'bench-admin@bench.example.org';
  const adminPassword = secret(18);
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    NO_COLOR: '1',
    DATABASE_URL: options.databaseUrl,
    LOG_LEVEL: 'warn',
    MIGRATIONS_RUN: 'true',
    SCHEDULER_ENABLED: 'false',
    JWT_SECRET: secret(48),
    AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'),
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    ...options.env,
  };
  const spawnApp = (name: string, extra: ReplicaOptions = {}) =>
    spawnServer({
      name,
      script: join(options.repoRoot, 'dist/src/main.js'),
      cwd: options.repoRoot,
      readyPath: '/health/live',
      readyTimeoutMs: 90_000,
      env: { ...env, ...extra.env },
      nodeOptions: [...(options.nodeOptions ?? []), ...(extra.nodeOptions ?? [])],
    });
  const server = await spawnApp('efro-grants');
  try {
    const api = new ApiClient(server.baseUrl);
    const login = async (email: string, password: string) =>
      (await api.post<{ accessToken: string }>('/auth/login', { email, password })).accessToken;
    const admin: StaffAccount = { email: adminEmail, password: adminPassword, token: await login(adminEmail, adminPassword) };
    let counter = 0;
    let replicas = 0;
    return {
      server,
      baseUrl: server.baseUrl,
      databaseUrl: options.databaseUrl,
      api,
      admin,
      login,
      async createStaff(roles, name) {
        counter += 1;
        const email = `bench-${roles.join('-').toLowerCase().replace(/_/g, '-')}-${counter}@bench.example.org`;
        const password = secret(18);
        await api.post('/users', { email, password, fullName: name, roles }, { token: admin.token });
        return { email, password, token: await login(email, password) };
      },
      startReplica(extra) {
        replicas += 1;
        return spawnApp(`efro-grants replica ${replicas}`, extra);
      },
    };
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\napp output:\n${server.output()}`);
  }
}
