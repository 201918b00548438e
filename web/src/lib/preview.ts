import { localDate, render, replyLang, statusWord } from '../../../src/cases/messages.js';
import type { Case, Organisation, Template } from './types.js';

export interface PreviewInput {
  readonly kase: Case;
  readonly text: string;
  readonly templates: readonly Template[];
  readonly organisations: readonly Organisation[];
  readonly replyChannels: readonly string[];
  readonly utcOffsetMinutes: number;
}

/**
 * Exactly what the citizen receives when this answer is sent: the region's `answer` template in the
 * case's language, filled the way the server fills it (the same render() and date format), or null when
 * the case's channel cannot carry a reply.
 */
export function answerPreview(p: PreviewInput): string | null {
  if (!p.replyChannels.includes(p.kase.channel)) return null;
  const lang = replyLang(p.kase.lang);
  const answers = p.templates.filter((t) => t.code === 'answer' && t.active);
  const tpl = answers.find((t) => t.lang === lang) ?? answers[0];
  if (!tpl) return null;
  const org =
    p.kase.organisationId === null ? undefined : p.organisations.find((o) => o.id === p.kase.organisationId);
  return render(tpl.body, {
    number: p.kase.number,
    due: localDate(Date.parse(p.kase.dueAt), p.utcOffsetMinutes),
    status: statusWord('answered', lang),
    organisation: org ? (lang === 'kk' ? org.name.kk : org.name.ru) : '',
    answer: p.text.trim(),
  });
}

/** Starting points for the answer (`answer_template`), their placeholders filled; {answer} left empty to write. */
export function fillTemplate(
  body: string,
  kase: Case,
  utcOffsetMinutes: number,
  organisation: string,
): string {
  return render(body, {
    number: kase.number,
    due: localDate(Date.parse(kase.dueAt), utcOffsetMinutes),
    organisation,
    answer: '',
  });
}
