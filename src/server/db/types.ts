import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types as the database returns them on both dialects: timestamps are ISO-8601 UTC strings
 * (the PostgreSQL driver is told to return them so), flags are 0/1 integers (SQLite has no boolean),
 * JSON is text. Repositories convert rows to API shapes.
 */
export interface OrganizationsTable {
  id: string;
  org_id: string;
  slug: string;
  name: string;
  timezone: string;
  created_at: string;
  updated_at: string;
}

export interface SitesTable {
  id: string;
  org_id: string;
  parent_id: string | null;
  kind: string;
  code: string;
  name: string;
  address: string | null;
  phone: string | null;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  org_id: string;
  username: string;
  name: string;
  password_hash: string;
  phone: string | null;
  email: string | null;
  locale: string;
  active: number;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  password_changed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RoleGrantsTable {
  id: string;
  org_id: string;
  user_id: string;
  role: string;
  site_id: string | null;
  created_at: string;
}

export interface CustomersTable {
  id: string;
  org_id: string;
  site_id: string;
  name: string;
  phone: string;
  phone2: string | null;
  email: string | null;
  tier: string;
  unit: string | null;
  address: string | null;
  /** JSON array of strings */
  tags: string;
  consent_sms: number;
  consent_email: number;
  consent_survey: number;
  notes: string | null;
  /** highest ladder stage of the customer's open cases and recent scores (derived by the ladder module) */
  stage: string;
  stage_changed_at: string | null;
  deleted_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie value; the cookie itself is never stored */
  id: string;
  org_id: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: string;
  org_id: string;
  user_id: string;
  created_by: string;
  name: string;
  /** first characters of the token, to recognise it in lists */
  prefix: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditEventsTable {
  id: string;
  org_id: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  /** JSON */
  before: string | null;
  /** JSON */
  after: string | null;
  ip: string | null;
  created_at: string;
}

export interface CasesTable {
  id: string;
  org_id: string;
  site_id: string;
  /** FW-YYYYMMDD-NNNN, unique per organisation, the number customers quote */
  number: string;
  type: string;
  channel: string;
  priority: string;
  status: string;
  title: string;
  description: string;
  customer_id: string | null;
  assignee_id: string | null;
  created_by: string | null;
  merged_into_id: string | null;
  first_response_due_at: string | null;
  first_responded_at: string | null;
  resolution_due_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  reopen_count: number;
  version: number;
  created_at: string;
  updated_at: string;
  /** a cause_codes.code of the organisation, set by PUT /cases/:id/cause */
  cause_code: string | null;
  cause_coded_at: string | null;
  cause_coded_by: string | null;
  /** 0 on time / not escalated; 1 supervisor → 4 general manager, raised by the escalation sweep */
  escalation_level: number;
  /** the targets (business minutes) the case was given when recorded; null for cases older than them */
  first_response_target_minutes: number | null;
  resolution_target_minutes: number | null;
  /** dissatisfaction ladder stage (src/shared/ladder), derived in every case write */
  stage: string;
  /** JSON array of StageSignal: what put the case on its stage */
  stage_signals: string;
  stage_changed_at: string | null;
}

export interface CaseEventsTable {
  id: string;
  org_id: string;
  case_id: string;
  kind: string;
  action: string | null;
  from_status: string | null;
  to_status: string | null;
  body: string | null;
  public: number;
  actor_id: string | null;
  actor_name: string | null;
  /** JSON */
  data: string | null;
  created_at: string;
}

export interface CaseNumberCountersTable {
  org_id: string;
  /** local date YYYYMMDD in the organisation's time zone */
  day: string;
  last: number;
}

export interface CauseCodesTable {
  id: string;
  org_id: string;
  /** stable identifier, unique per organisation; reports and the classifier key on it */
  code: string;
  name_zh_cn: string;
  name_zh_tw: string;
  name_en_us: string;
  /** 1 quality/function/price, 2 service and handling, 3 customer's own, 4 force majeure/unknown */
  attribution_class: number;
  /** JSON array of strings */
  keywords: string;
  active: number;
  sort_order: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CauseModelsTable {
  org_id: string;
  /** NaiveBayesJson */
  model: string;
  /** coded cases learnt */
  examples: number;
  trained_at: string;
}

export interface SlaPoliciesTable {
  id: string;
  org_id: string;
  /** null = organisation-wide; a site = an override for it and the sites below it */
  site_id: string | null;
  case_type: string;
  priority: string;
  /** business minutes */
  first_response_minutes: number;
  resolution_minutes: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface BusinessCalendarsTable {
  id: string;
  org_id: string;
  /** JSON: 7 lists of {start, end}, Sunday first */
  weekly_hours: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CalendarDaysTable {
  id: string;
  org_id: string;
  /** local date YYYY-MM-DD */
  date: string;
  kind: 'holiday' | 'make_up';
  name: string;
  /** JSON list of {start, end} for make-up days; null for holidays */
  hours: string | null;
}

export interface NotificationsTable {
  id: string;
  org_id: string;
  user_id: string;
  kind: string;
  case_id: string | null;
  /** JSON NotificationData */
  data: string;
  created_at: string;
  read_at: string | null;
}

export interface SavedViewsTable {
  id: string;
  org_id: string;
  user_id: string;
  name: string;
  /** JSON object of case-list query-string values */
  query: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface SatisfactionScoresTable {
  id: string;
  org_id: string;
  /** the case the score is about, or null for a score about the customer as a whole (a survey) */
  case_id: string | null;
  customer_id: string | null;
  score: number;
  /** 5 (1–5), 7 (1–7), 10 (0–10) or 100 (0–100) */
  scale: number;
  /** revisit, survey, ... */
  source: string;
  recorded_at: string;
}

export interface CaseRecoveriesTable {
  id: string;
  org_id: string;
  case_id: string;
  /** 1 quality/function/price, 2 service and handling, 3 customer's own, 4 force majeure/unknown */
  attribution_class: number;
  failure_reported_at: string;
  explanation_given_at: string | null;
  explanation_method: string | null;
  explanation_text: string | null;
  compensation_type: string;
  compensation_amount_fen: number;
  compensation_note: string | null;
  /** approved | pending_approval | rejected */
  status: string;
  requested_by: string;
  requested_by_name: string;
  requested_at: string;
  /** who authorised (within their own limit, or by approving) or rejected it */
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_note: string | null;
  recovered_at: string | null;
  recovery_minutes: number | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CaseAttachmentsTable {
  id: string;
  org_id: string;
  case_id: string;
  /** the reply or upload event the file came with, when there is one */
  event_id: string | null;
  file_name: string;
  /** decided from the file's first bytes, never from the client */
  content_type: string;
  size_bytes: number;
  sha256: string;
  /** null: the customer, on the portal */
  uploaded_by: string | null;
  /** 1: the customer sees it on the portal */
  public: number;
  created_at: string;
}

export interface PortalCaseTokensTable {
  case_id: string;
  org_id: string;
  /** sha256 of the tracking token given to the customer once */
  token_hash: string;
  created_at: string;
}

export interface CompensationLimitsTable {
  org_id: string;
  role: string;
  /** null = no limit */
  limit_fen: number | null;
  updated_at: string;
}

export interface RevisitPoliciesTable {
  id: string;
  org_id: string;
  site_id: string | null;
  case_type: string;
  sample_percent: number;
  delay_hours: number;
  due_within_hours: number;
  max_attempts: number;
  retry_interval_hours: number;
  close_after_hours: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RevisitPlansTable {
  id: string;
  org_id: string;
  site_id: string | null;
  /** exactly one of customer_id and tier is set */
  customer_id: string | null;
  tier: string | null;
  name: string;
  /** weekly | monthly | quarterly | half_yearly | yearly */
  cadence: string;
  channel: string;
  owner_id: string | null;
  /** local date YYYY-MM-DD of the first revisit */
  start_date: string;
  active: number;
  note: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RevisitsTable {
  id: string;
  org_id: string;
  site_id: string;
  customer_id: string | null;
  case_id: string | null;
  plan_id: string | null;
  /** the plan's period, e.g. 2026-11; null for case revisits */
  plan_period: string | null;
  /** case | plan */
  kind: string;
  channel: string;
  owner_id: string | null;
  /** due | done | failed | cancelled (overdue = due and past deadline_at) */
  status: string;
  due_at: string;
  deadline_at: string;
  max_attempts: number;
  retry_interval_hours: number;
  attempt_count: number;
  next_attempt_at: string | null;
  /** reached | no_answer | refused | wrong_number */
  last_outcome: string | null;
  solved: number | null;
  /** 1–5 */
  satisfaction: number | null;
  comment: string | null;
  completed_at: string | null;
  completed_by: string | null;
  reminded_at: string | null;
  /** when the overdue job told the supervisors (migration 0015); optional so rows written before it still type */
  overdue_notified_at?: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RevisitAttemptsTable {
  id: string;
  org_id: string;
  revisit_id: string;
  attempt_no: number;
  outcome: string;
  solved: number | null;
  satisfaction: number | null;
  comment: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

export interface CommunicationRecordsTable {
  id: string;
  org_id: string;
  site_id: string;
  customer_id: string;
  revisit_id: string | null;
  channel: string;
  occurred_at: string;
  staff_id: string;
  /** JSON array of strings */
  topics: string;
  opinion: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CommunicationProblemsTable {
  id: string;
  org_id: string;
  record_id: string;
  position: number;
  description: string;
  /** the case the problem became, once someone turned it into one */
  case_id: string | null;
  created_at: string;
}

export interface MessageTemplatesTable {
  id: string;
  org_id: string;
  event: string;
  /** email | sms */
  channel: string;
  locale: string;
  subject: string | null;
  body: string;
  version: number;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface OutboxMessagesTable {
  id: string;
  org_id: string;
  /** email | sms */
  channel: string;
  event: string;
  locale: string;
  recipient: string;
  recipient_user_id: string | null;
  recipient_customer_id: string | null;
  subject: string | null;
  body: string;
  dedupe_key: string | null;
  /** queued | sending | sent | dead | cancelled */
  status: string;
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SurveysTable {
  id: string;
  org_id: string;
  /** the first version's id; every version of one survey shares it */
  series_id: string;
  version_no: number;
  status: 'draft' | 'published';
  template: string | null;
  /** JSON {"zh-CN","zh-TW","en-US"} */
  title: string;
  /** JSON SurveyDefinition */
  definition: string;
  question_count: number;
  created_by: string | null;
  published_by: string | null;
  published_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface SurveyQuestionsTable {
  org_id: string;
  survey_id: string;
  question_key: string;
  section_key: string;
  position: number;
  type: string;
  required: number;
  dimension: string | null;
  item_no: number | null;
  scale_min: number | null;
  scale_max: number | null;
}
export interface SurveyResponsesTable {
  id: string;
  org_id: string;
  survey_id: string;
  series_id: string;
  site_id: string;
  customer_id: string | null;
  channel: string;
  locale: string | null;
  campaign_id: string | null;
  entered_by: string | null;
  submitted_at: string;
  created_at: string;
}
/** One answer value; see migrations/0016_surveys.ts for the kinds. */
export interface SurveyAnswersTable {
  org_id: string;
  response_id: string;
  survey_id: string;
  site_id: string;
  question_key: string;
  kind: string;
  option: string;
  num: number | null;
  text: string | null;
  dimension: string | null;
}
/** A low score or comment of a response turned into a case (migration 0018); question_key '' = the whole response. */
export interface SurveyFollowUpsTable {
  id: string;
  org_id: string;
  response_id: string;
  question_key: string;
  case_id: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}
/** A survey campaign (migration 0017): a published survey version × sites × a period × an audience. */
export interface SurveyCampaignsTable {
  id: string;
  org_id: string;
  survey_id: string;
  series_id: string;
  name: string;
  /** local dates YYYY-MM-DD, both included */
  starts_on: string;
  ends_on: string;
  /** JSON {tiers?, tags?, sampleSize?} */
  audience: string;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface SurveyCampaignSitesTable {
  org_id: string;
  campaign_id: string;
  site_id: string;
  target: number | null;
}
export interface SurveyInvitationsTable {
  id: string;
  org_id: string;
  campaign_id: string;
  site_id: string;
  customer_id: string;
  /** sha256 of the link's token; the token itself is handed out once */
  token_hash: string;
  response_id: string | null;
  responded_at: string | null;
  created_at: string;
}
export interface Database {
  organizations: OrganizationsTable;
  sites: SitesTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  customers: CustomersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_number_counters: CaseNumberCountersTable;
  cause_codes: CauseCodesTable;
  cause_models: CauseModelsTable;
  sla_policies: SlaPoliciesTable;
  business_calendars: BusinessCalendarsTable;
  calendar_days: CalendarDaysTable;
  notifications: NotificationsTable;
  saved_views: SavedViewsTable;
  case_attachments: CaseAttachmentsTable;
  portal_case_tokens: PortalCaseTokensTable;
  satisfaction_scores: SatisfactionScoresTable;
  case_recoveries: CaseRecoveriesTable;
  compensation_limits: CompensationLimitsTable;
  revisit_policies: RevisitPoliciesTable;
  revisit_plans: RevisitPlansTable;
  revisits: RevisitsTable;
  revisit_attempts: RevisitAttemptsTable;
  communication_records: CommunicationRecordsTable;
  communication_problems: CommunicationProblemsTable;
  message_templates: MessageTemplatesTable;
  outbox_messages: OutboxMessagesTable;
  surveys: SurveysTable;
  survey_questions: SurveyQuestionsTable;
  survey_responses: SurveyResponsesTable;
  survey_answers: SurveyAnswersTable;
  survey_campaigns: SurveyCampaignsTable;
  survey_campaign_sites: SurveyCampaignSitesTable;
  survey_invitations: SurveyInvitationsTable;
  survey_follow_ups: SurveyFollowUpsTable;
}

export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type CauseCodeRow = Selectable<CauseCodesTable>;
export type SlaPolicyRow = Selectable<SlaPoliciesTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type SavedViewRow = Selectable<SavedViewsTable>;
export type CaseAttachmentRow = Selectable<CaseAttachmentsTable>;
export type CaseRecoveryRow = Selectable<CaseRecoveriesTable>;
export type RevisitPolicyRow = Selectable<RevisitPoliciesTable>;
export type RevisitPlanRow = Selectable<RevisitPlansTable>;
export type RevisitRow = Selectable<RevisitsTable>;
export type RevisitAttemptRow = Selectable<RevisitAttemptsTable>;
export type CommunicationRecordRow = Selectable<CommunicationRecordsTable>;
export type CommunicationProblemRow = Selectable<CommunicationProblemsTable>;
export type MessageTemplateRow = Selectable<MessageTemplatesTable>;
export type OutboxMessageRow = Selectable<OutboxMessagesTable>;
export type SurveyRow = Selectable<SurveysTable>;
export type SurveyResponseRow = Selectable<SurveyResponsesTable>;
export type SurveyAnswerRow = Selectable<SurveyAnswersTable>;
export type SurveyQuestionRow = Selectable<SurveyQuestionsTable>;

export type SiteRow = Selectable<SitesTable>;
export type UserRow = Selectable<UsersTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;
export type CustomerUpdate = Updateable<CustomersTable>;
export type { Generated };
export type SurveyCampaignRow = Selectable<SurveyCampaignsTable>;
export type SurveyInvitationRow = Selectable<SurveyInvitationsTable>;
export type SurveyFollowUpRow = Selectable<SurveyFollowUpsTable>;
