import * as z from 'zod';

/**
 * Configuration, parsed once per entry from the environment. The only reader of configuration:
 * nothing else looks at process.env or the Worker's env.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  /** postgres:// URL; unset means the embedded PGlite database in DATA_DIR. */
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.string().default('./data'),
  /** Public base URL for links in digests and OAuth redirects. Unset: http://localhost:<PORT>. */
  APP_URL: optionalString.pipe(z.url().optional()),
  /** Keyring for secrets at rest: "k1:<base64 32 bytes>[,k2:…]", the first key encrypts. */
  ENCRYPTION_KEYS: optionalString,
  /** Signs sessions and OAuth state. */
  SESSION_SECRET: optionalString,
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  MICROSOFT_CLIENT_ID: optionalString,
  MICROSOFT_CLIENT_SECRET: optionalString,
  MICROSOFT_TENANT: z.string().default('common'),
  /** Cloud Pub/Sub topic for Gmail push (users.watch), "projects/<project>/topics/<topic>". Unset: polling only. */
  GMAIL_PUBSUB_TOPIC: optionalString.pipe(z.string().regex(/^projects\/[^/]+\/topics\/[^/]+$/).optional()),
  /** API base URLs; unset means Google's and Microsoft's. Set only to point a deployment at a stand-in (the Worker test's fakes). */
  GMAIL_API_URL: optionalString.pipe(z.url().optional()),
  GRAPH_API_URL: optionalString.pipe(z.url().optional()),
  LLM_BASE_URL: optionalString.pipe(z.url().optional()),
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  /** Most model calls the sentence judge makes per account per local day (0 turns it off). */
  LLM_JUDGE_DAILY_CALLS: z.coerce.number().int().min(0).max(100_000).default(200),
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  SMTP_FROM: optionalString,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Which proxy header names the client address for rate limits (src/http/client-address.ts). */
  TRUSTED_PROXY: z.enum(['none', 'cloudflare', 'forwarded']).default('none'),
});

export type Env = Omit<z.infer<typeof envSchema>, 'APP_URL'> & { APP_URL: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses a record of strings; a bad value throws one line naming the variable. */
export function parseEnv(record: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(record);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = issue.path.join('.') || 'environment';
    throw new ConfigError(`Configuration error: ${name}: ${issue.message}`);
  }
  // Links follow the port the server listens on unless a public URL is configured.
  const env = { ...result.data, APP_URL: result.data.APP_URL ?? `http://localhost:${result.data.PORT}` };
  if (env.NODE_ENV === 'production') {
    if (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32)
      throw new ConfigError('Configuration error: SESSION_SECRET must be set (32+ characters) in production');
    if (!env.ENCRYPTION_KEYS) throw new ConfigError('Configuration error: ENCRYPTION_KEYS must be set in production');
  }
  if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET))
    throw new ConfigError('Configuration error: GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET go together');
  if (Boolean(env.MICROSOFT_CLIENT_ID) !== Boolean(env.MICROSOFT_CLIENT_SECRET))
    throw new ConfigError('Configuration error: MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET go together');
  return env;
}
