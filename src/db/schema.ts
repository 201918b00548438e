import type { Generated } from 'kysely';

/**
 * Table types shared by SQLite and PostgreSQL. Conventions that keep both dialects identical:
 * times are epoch milliseconds (bigint), flags are 0/1 integers, structured values are JSON text.
 */
export interface RegionsTable {
  code: string;
  name_ru: string;
  name_kk: string;
  name_en: string;
  capital: string | null;
  utc_offset_minutes: number;
}

export interface DistrictsTable {
  code: string;
  region_code: string;
  name_ru: string;
  name_kk: string;
  name_en: string;
  population: number;
  lat: number | null;
  lon: number | null;
}

export interface SettlementsTable {
  id: Generated<number>;
  district_code: string;
  kind: string;
  name_ru: string;
  name_kk: string;
  population: number | null;
  lat: number | null;
  lon: number | null;
}

export interface OrganisationsTable {
  id: Generated<number>;
  code: string;
  kind: 'department' | 'utility' | 'district_akimat' | 'call_centre' | 'other';
  name_ru: string;
  name_kk: string;
  name_en: string;
  district_code: string | null;
  requires_approval: number;
  active: number;
}

export interface UsersTable {
  id: Generated<number>;
  login: string;
  display_name: string;
  password_hash: string | null;
  roles: string;
  disabled: number;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
  is_demo: number;
}

export interface UserOrganisationsTable {
  user_id: number;
  organisation_id: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  scopes: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

export interface AuthorsTable {
  id: Generated<number>;
  channel: string;
  /** Stable pseudonymous key per person and channel (a keyed hash of the channel's user id). */
  ref: string;
  created_at: number;
}

/** Contact details live apart from authors and are read only by roles that need them. */
export interface AuthorContactsTable {
  author_id: number;
  external_user_id: string | null;
  display_name: string | null;
  username: string | null;
  phone: string | null;
  email: string | null;
  updated_at: number;
}

export interface ThreadsTable {
  id: Generated<number>;
  channel: string;
  conversation: string;
  author_id: number | null;
  first_signal_id: number | null;
  started_at: number;
  last_at: number;
  case_id: number | null;
}

export interface SignalsTable {
  id: Generated<number>;
  channel: string;
  external_id: string;
  received_at: number;
  sent_at: number | null;
  author_id: number | null;
  thread_id: number | null;
  conversation: string | null;
  reply_to: string | null;
  text: string;
  text_redacted: string | null;
  lang: string | null;
  lat: number | null;
  lon: number | null;
  address: string | null;
  attachments: string;
  reach: string | null;
  raw: string;
  /** received | ignored | mention | case */
  status: string;
  kind: string | null;
  topic: string | null;
  sentiment: string | null;
  district: string | null;
  urgency: string | null;
  /** JSON: confidences, explanations, address parts, personal-data spans. */
  labels: string | null;
  labelled_at: number | null;
  cluster_id: number | null;
  case_id: number | null;
  is_demo: number;
  /** 1 for imported history: stored and counted, never triaged into a case. */
  historical: Generated<number>;
}

export interface CasesTable {
  id: Generated<number>;
  number: string;
  status: string;
  kind: string | null;
  topic: string | null;
  district: string | null;
  urgency: string | null;
  channel: string;
  lang: string | null;
  author_id: number | null;
  organisation_id: number | null;
  executor_id: number | null;
  summary: string;
  registered_at: number;
  due_at: number;
  operational_due_at: number | null;
  redirect_due_at: number | null;
  extended_at: number | null;
  first_response_at: number | null;
  answered_at: number | null;
  closed_at: number | null;
  merged_into: number | null;
  repeat_of: number | null;
  satisfaction: string | null;
  rating: number | null;
  escalated: number;
  created_at: number;
  updated_at: number;
  is_demo: number;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: number;
  at: number;
  actor: string;
  type: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  data: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  ip: string | null;
  data: string | null;
  prev_hash: string;
  hash: string;
}

export interface QuarantineTable {
  id: Generated<number>;
  channel: string;
  received_at: number;
  reason_code: string;
  reason: string;
  content_type: string | null;
  raw: Buffer;
}

/** Deliveries acknowledged under load, waiting to be stored as signals (src/intake/journal.ts). */
export interface IntakeJournalTable {
  id: Generated<number>;
  received_at: number;
  channel: string;
  /** JSON: the delivery's normalised signals (InboundSignal[]). */
  payload: string;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  case_id: number | null;
  channel: string;
  /** JSON: where to deliver (chat id, wa_id, comment id, e-mail address…). */
  recipient: string;
  /** acknowledgement | answer | status | feedback_request | notice | other */
  purpose: string;
  text: string;
  /** JSON: channel-specific extras (template name, reply-to id). */
  payload: string | null;
  /** pending | sending | sent | delivered | read | failed */
  status: string;
  provider_message_id: string | null;
  attempts: number;
  next_attempt_at: number;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
  delivered_at: number | null;
  read_at: number | null;
  failed_at: number | null;
  dedupe_key: string | null;
}

export interface Open311ClientsTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface Open311ServicesTable {
  service_code: string;
  service_name: string;
  description: string;
  type: string;
  keywords: string;
  group_name: string;
  topic: string | null;
  kind: string | null;
  attributes: string;
  active: number;
}

export interface Open311RequestsTable {
  id: Generated<number>;
  signal_id: number;
  client_id: number | null;
  token: string | null;
  service_code: string;
  status: string;
  status_notes: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  lon: number | null;
  media_url: string | null;
  attributes: string | null;
  requested_at: number;
  updated_at: number;
  expected_at: number | null;
}

export interface ImportRunsTable {
  id: Generated<number>;
  source: string;
  file_hash: string;
  mapping: string;
  status: string;
  rows_total: number | null;
  rows_done: number;
  rows_imported: number;
  rows_duplicate: number;
  rows_rejected: number;
  started_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface ImportRejectsTable {
  id: Generated<number>;
  run_id: number;
  row_number: number;
  reason: string;
  raw: string;
}

export interface FeedSourcesTable {
  id: Generated<number>;
  url: string;
  name: string;
  interval_seconds: number;
  enabled: number;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  ip: string | null;
}

export interface RoutingRulesTable {
  id: Generated<number>;
  priority: number;
  name: string;
  /** JSON RuleConditions */
  conditions: string;
  organisation_id: number;
  executor_id: number | null;
  /** round_robin | least_loaded | none */
  strategy: string;
  active: number;
}

export interface TemplatesTable {
  id: Generated<number>;
  code: string;
  purpose: string;
  lang: string;
  body: string;
  organisation_id: number | null;
  active: number;
}

export interface CalendarEntriesTable {
  id: Generated<number>;
  date: string;
  type: 'holiday' | 'transfer';
  name: string;
  religious: number;
  working_date: string | null;
}

export interface LabelCorrectionsTable {
  id: Generated<number>;
  signal_id: number | null;
  case_id: number | null;
  field: string;
  old_value: string | null;
  new_value: string;
  text_redacted: string;
  actor: string;
  at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** Measures of a signal rollup row (reach: summed reach; weights: 1 + ln(1 + reach) per signal). */
export interface RollupMeasures {
  n: number;
  labelled: number;
  pos: number;
  neg: number;
  reach: number;
  weight: number;
  w_labelled: number;
  w_pos: number;
  w_neg: number;
  cased: number;
  answered: number;
}

/** analytics_hourly and analytics_daily: full key; unknown labels are stored as ''. */
export interface AnalyticsRollupTable extends RollupMeasures {
  bucket: number;
  channel: string;
  kind: string;
  topic: string;
  district: string;
  sentiment: string;
  /** Source class: 0 appeal, 1 mention (news and others), 2 mention on the akimat's social pages. */
  mention: number;
}

/** One-dimension cube for dashboards: grain hour|day, dim none|channel|kind|topic|district|sentiment|topic_district. */
export interface AnalyticsCubeTable extends RollupMeasures {
  grain: string;
  dim: string;
  bucket: number;
  value: string;
  mention: number;
}

export interface AnalyticsCaseCubeTable {
  dim: string;
  /** Local midnight (epoch ms) of the registration day. */
  day: number;
  value: string;
  received: number;
  answered: number;
  on_time: number;
  repeats: number;
  feedback: number;
  solved: number;
  rated: number;
  rating_sum: number;
  /** JSON histograms of minutes to first response / to answer (log bins). */
  first_hist: string;
  answer_hist: string;
}

export interface StoryClustersTable {
  id: Generated<number>;
  topic: string | null;
  district: string | null;
  place: string | null;
  title: string;
  /** JSON: term → weight (the centroid). */
  terms: string;
  /** JSON: channel → count. */
  channels: string;
  size: number;
  first_seen: number;
  last_seen: number;
  updated_at: number;
}

export interface AnalyticsAnomaliesTable {
  id: Generated<number>;
  /** spike | sentiment_shift | high_reach */
  type: string;
  topic: string | null;
  district: string | null;
  channel: string | null;
  signal_id: number | null;
  cluster_id: number | null;
  window_hours: number;
  count: number;
  expected: number;
  score: number;
  /** JSON {ru, kk, en} */
  explanation: string;
  detected_at: number;
}

export interface AlertRulesTable {
  id: Generated<number>;
  name: string;
  /** spike | keyword | sentiment_shift | overdue_count | high_reach_negative */
  type: string;
  /** JSON {topic?, district?, channel?} */
  scope: string;
  threshold: number;
  /** JSON: type-specific (keywords, window hours). */
  params: string;
  /** JSON {web, telegram: chat ids, email: addresses} */
  recipients: string;
  lang: string;
  active: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface AlertsTable {
  id: Generated<number>;
  rule_id: number;
  type: string;
  dedupe_key: string;
  open_key: string | null;
  /** JSON: topic, district, channel, cluster or signal the alert is about (never personal data). */
  subject: string;
  title: string;
  /** JSON {ru, kk, en} */
  explanation: string;
  severity: string;
  score: number;
  count: number;
  expected: number | null;
  first_seen: number;
  last_seen: number;
  notified_severity: string | null;
  acked_at: number | null;
  acked_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface Database {
  analytics_hourly: AnalyticsRollupTable;
  analytics_daily: AnalyticsRollupTable;
  analytics_cube: AnalyticsCubeTable;
  analytics_case_cube: AnalyticsCaseCubeTable;
  story_clusters: StoryClustersTable;
  analytics_anomalies: AnalyticsAnomaliesTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  settings: SettingsTable;
  routing_rules: RoutingRulesTable;
  templates: TemplatesTable;
  calendar_entries: CalendarEntriesTable;
  label_corrections: LabelCorrectionsTable;
  sessions: SessionsTable;
  outbox: OutboxTable;
  open311_clients: Open311ClientsTable;
  open311_services: Open311ServicesTable;
  open311_requests: Open311RequestsTable;
  import_runs: ImportRunsTable;
  import_rejects: ImportRejectsTable;
  feed_sources: FeedSourcesTable;
  regions: RegionsTable;
  districts: DistrictsTable;
  settlements: SettlementsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  user_organisations: UserOrganisationsTable;
  api_tokens: ApiTokensTable;
  authors: AuthorsTable;
  author_contacts: AuthorContactsTable;
  threads: ThreadsTable;
  signals: SignalsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  audit_log: AuditLogTable;
  quarantine: QuarantineTable;
  intake_journal: IntakeJournalTable;
}
