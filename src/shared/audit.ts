/**
 * What the audit trail records: every action and kind of record a server writes an audit event
 * for. The server's insertAuditEvent() accepts only these (a new one is added here, with its
 * labels in the three languages, which test/i18n.test.ts checks); the audit page filters by them.
 */
export const AUDIT_ENTITIES = [
  'user',
  'site',
  'customer',
  'api_token',
  'organization',
  'case',
  'cause_code',
  'sla_policy',
  'business_calendar',
  'compensation_limits',
  'saved_view',
  'revisit_policy',
  'revisit',
  'revisit_stats',
  'outbox_message',
  'message_template',
  'survey',
  'survey_response',
  'revisit_plan',
  'communication_record',
  'communication_problem',
  'survey_campaign',
  'survey_invitation',
  'survey_follow_up',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'export',
  'login',
  'logout',
  'login_failed',
  'account_locked',
  'password_changed',
  'revoke',
  'seed',
  // case lifecycle and work
  'assign',
  'start',
  'wait',
  'resolve',
  'close',
  'reopen',
  'cancel',
  'merge',
  'reply',
  'note',
  'customer_reply',
  'attach',
  'code_cause',
  'escalate',
  'recovery_record',
  'recovery_update',
  'recovery_approve',
  'recovery_reject',
  'attempt',
  'retry',
  // surveys
  'publish',
  'new_version',
  'generate',
  // campaigns
  'invite',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
