import type { Session } from '@stint/auth';
import type { User } from '@stint/domain';
import type { Logger } from 'pino';

export interface AuthState {
  user: User | null;
  session: Session | null;
  /** How the caller presented the token; only cookie callers get cookies back. */
  via: 'cookie' | 'bearer' | null;
}

export interface AppEnv {
  Variables: {
    auth: AuthState;
    log: Logger;
    requestId: string;
  };
}
