/**
 * Roles and what each may do. A role is granted to a user either organisation-wide (no site) or on
 * one site; a grant on a site covers the site and everything below it in the hierarchy.
 * This table is the single source of permissions: the server enforces it, the browser uses it to
 * decide which navigation and buttons to show.
 */
export const ROLES = [
  'agent',
  'supervisor',
  'specialist',
  'site_director',
  'general_manager',
  'inspector',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'sites.read',
  'sites.write',
  'users.read',
  'users.write',
  'customers.read',
  'customers.write',
  'customers.export',
  /** See customers' full phone numbers; without it they are masked (138****5678). */
  'customers.pii',
  'audit.read',
  'tokens.manage',
  'cases.read',
  /** Record cases, reply, note, and move cases one owns through their lifecycle. */
  'cases.write',
  /** Assign and reassign cases to anyone on the site. */
  'cases.assign',
  /** Rename the organisation, change its URL slug and time zone. */
  'org.manage',
  /** Edit the organisation's cause taxonomy (codes, names, attribution classes, keywords). */
  'causes.manage',
  /** Edit service-level targets (per case type and priority, per site) and the business calendar. */
  'sla.manage',
  /** Approve or reject service-recovery compensation above the requester's limit, within one's own. */
  'recovery.approve',
  /** Make revisit calls and visits, record their outcome, and write communication records. */
  'revisits.write',
  /** Set revisit policies, create and change VIP revisit plans, reassign revisits. */
  'revisits.manage',
  /** See the email/SMS outbox, retry dead messages, edit message templates. */
  'outbox.manage',
  /** Build, edit and publish survey definitions (organisation-wide grants only: a survey measures every site alike). */
  'surveys.manage',
  /** Enter survey responses taken by phone, on paper or on a visit, for one's sites. */
  'surveys.respond',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL_STAFF_READ: Permission[] = ['sites.read', 'customers.read', 'cases.read'];
const CASE_HANDLING: Permission[] = ['cases.write', 'cases.assign'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  agent: [...ALL_STAFF_READ, 'customers.write', 'customers.pii', 'cases.write', 'revisits.write', 'surveys.respond'],
  supervisor: [...ALL_STAFF_READ, ...CASE_HANDLING, 'users.read', 'customers.write', 'customers.pii', 'customers.export', 'recovery.approve', 'revisits.write', 'revisits.manage', 'surveys.respond'],
  specialist: [...ALL_STAFF_READ, ...CASE_HANDLING, 'users.read', 'customers.write', 'customers.pii', 'customers.export', 'causes.manage', 'sla.manage', 'recovery.approve', 'revisits.write', 'revisits.manage', 'outbox.manage', 'surveys.manage', 'surveys.respond'],
  // Site directors take escalated complaints themselves, so they see contact data.
  site_director: [...ALL_STAFF_READ, ...CASE_HANDLING, 'users.read', 'customers.pii', 'customers.export', 'recovery.approve', 'revisits.write', 'revisits.manage', 'surveys.respond'],
  // The general manager handles no cases but approves the largest compensations.
  general_manager: [...ALL_STAFF_READ, 'users.read', 'customers.export', 'recovery.approve'],
  // Inspectors and mystery shoppers judge the front line; they do not need customers' contact data.
  // Their findings become cases (channel "inspection").
  inspector: [...ALL_STAFF_READ, 'cases.write'],
  admin: [
    'sites.read',
    'sites.write',
    'users.read',
    'users.write',
    'customers.read',
    'customers.write',
    'customers.export',
    'customers.pii',
    'cases.read',
    'audit.read',
    'tokens.manage',
    'org.manage',
    'causes.manage',
    'sla.manage',
    'outbox.manage',
    'surveys.manage',
  ],
};

export interface RoleGrant {
  role: Role;
  /** null = organisation-wide */
  siteId: string | null;
}

/** True when any grant carries the permission, on any scope. Used to show navigation. */
export function hasPermission(grants: readonly RoleGrant[], permission: Permission): boolean {
  return grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission));
}

export const CUSTOMER_TIERS = ['vip', 'key', 'ordinary'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const SITE_KINDS = ['headquarters', 'department', 'region', 'site'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const LOCALES = ['zh-CN', 'zh-TW', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
