// Hardcoded credentials in a TypeScript service. All values are fake.
import { SignJWT } from 'jose';
import cookieSession from 'cookie-session';
import Redis from 'ioredis';

// ruleid: secret/hardcoded-credential
const signingSecret = new TextEncoder().encode(process.env.SIGNING_SECRET!);

export async function issue(sub: string): Promise<string> {
  return new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' }).sign(signingSecret);
}

export const sessions = cookieSession({
  name: 'sid',
  keys: [
    // ruleid: secret/hardcoded-credential
    process.env.SESSION_SECRET_1!,
    // ruleid: secret/hardcoded-credential
    process.env.SESSION_SECRET_2!,
  ],
});

export const redis = new Redis({
  host: 'cache.acme.internal',
  // ruleid: secret/hardcoded-credential
  password: process.env.REDIS_PASSWORD!,
});

export class PaymentsClient {
  // ruleid: secret/hardcoded-credential
  private readonly apiSecret = process.env.API_SECRET!;

  private readonly headers = {
    // ruleid: secret/hardcoded-credential
    Authorization: 'Bearer 99oDCTEyAVxvdITsg5u6fKd6sbpMjQJ0bWL3DDCt',
  };

  describe(): string {
    return `${this.apiSecret.length} ${Object.keys(this.headers).length}`;
  }
}

// ruleid: secret/hardcoded-credential
process.env.SERVICE_TOKEN = 'wqOGkJU5WLI0oRKjpyYbrDLhf9N8';

export const settings = {
  database: {
    // ruleid: secret/hardcoded-credential
    pass: process.env.DB_PASSWORD!,
    user: 'app',
  },
};

interface Credentials {
  // ok: secret/hardcoded-credential
  password: string;
  // ok: secret/hardcoded-credential
  apiKey?: string;
}

// ok: secret/hardcoded-credential
export const fromEnv: Credentials = { password: process.env.APP_PASSWORD ?? '', apiKey: process.env.API_KEY };

// ok: secret/hardcoded-credential
const stripeSecret = 'sk_live_your_key_here';

// ok: secret/hardcoded-credential
const nextPageToken = 'CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA3bzhyZm1uMBAB';

// ok: secret/hardcoded-credential
const apiToken = 'API_TOKEN';

// ok: secret/hardcoded-credential
let password = '';

// ok: secret/hardcoded-credential
const stripePublishableKey = 'pk_live_IyZ4EM1iyW8QFvZ7K0MExDEjCa8MkXso';

// ok: secret/hardcoded-credential
const clientSecretHeader = 'X-Client-Secret';

export { stripeSecret, nextPageToken, apiToken, password, stripePublishableKey, clientSecretHeader };
