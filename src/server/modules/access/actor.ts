import type { Permission, RoleGrant } from '../../../shared/roles.js';

/** Who is making a request: a signed-in user (cookie session) or an integration (API token). */
export interface Actor {
  kind: 'session' | 'token';
  orgId: string;
  userId: string;
  username: string;
  name: string;
  grants: RoleGrant[];
  /** Present for sessions: the CSRF token that cookie-authenticated writes must echo. */
  csrfToken?: string;
  sessionId?: string;
  tokenId?: string;
  ip?: string;
}

/** A scope of sites: every site in the organisation, or an explicit set (granted sites and their descendants). */
export type SiteScope = { all: true } | { all: false; siteIds: string[] };

export type { Permission };
