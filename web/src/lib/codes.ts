import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { OPEN_STATUSES, STATUSES } from '../../../src/cases/lifecycle.js';
import { CHANNELS, KINDS, SENTIMENTS, TOPICS, URGENCIES } from '../../../src/shared/taxonomy.js';

/** The taxonomy's stable codes, shared with the server (DESIGN.md). */
export { CHANNELS, KINDS, OPEN_STATUSES, SENTIMENTS, STATUSES, TOPICS, URGENCIES };

export type CodeGroup =
  | 'status'
  | 'kind'
  | 'topic'
  | 'channel'
  | 'sentiment'
  | 'urgency'
  | 'language'
  | 'events'
  | 'purpose'
  | 'delivery'
  | 'satisfaction'
  | 'roles';

/** The word for a code in the interface language (the code itself if a region added its own). */
export function codeLabel(group: CodeGroup, code: string | null | undefined): string {
  if (!code) return i18next.t('common.none');
  const key = `${group}.${code}`;
  return i18next.exists(key) ? i18next.t(key) : code;
}

/** Re-renders on a language switch. */
export function useCodeLabel(): typeof codeLabel {
  useTranslation();
  return codeLabel;
}
