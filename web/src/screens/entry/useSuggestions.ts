import { useEffect, useState } from 'react';
import { api, qs } from '../../lib/api.js';
import { OPEN_STATUSES } from '../../lib/codes.js';
import type { Case, Page } from '../../lib/types.js';

export interface Suggested {
  readonly kind?: string | null;
  readonly topic?: string | null;
  readonly district?: string | null;
  readonly urgency?: string | null;
  readonly sentiment?: string | null;
}

/** The words most likely to find the same problem in a case summary: the longest ones of 5+ letters. */
export function keyWords(text: string, n = 2): string[] {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}-]{5,}/gu) ?? [])];
  return words.sort((a, b) => b.length - a.length).slice(0, n);
}

/** Machine labels for the text being typed (half a second after the last key). */
export function useLabelSuggestions(text: string): { labels: Suggested | null; unavailable: boolean } {
  const [labels, setLabels] = useState<Suggested | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  useEffect(() => {
    if (text.trim().length < 8) {
      setLabels(null);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api<Suggested>('/api/understand/preview', { method: 'POST', body: { text }, signal: ctl.signal }).then(
        (l) => {
          setLabels(l);
          setUnavailable(false);
        },
        (err: unknown) => {
          if ((err as Error).name !== 'AbortError') setUnavailable(true);
        },
      );
    }, 500);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text]);
  return { labels, unavailable };
}

/** Open cases that may be the same problem: same words or address, in the same district and topic. */
export function useDuplicates(text: string, address: string, district: string, topic: string): Case[] {
  const [items, setItems] = useState<Case[]>([]);
  useEffect(() => {
    const queries = address.trim().length >= 3 ? [address.trim()] : keyWords(text);
    if (!queries.length && !(district && topic)) {
      setItems([]);
      return;
    }
    const ctl = new AbortController();
    const base = { status: OPEN_STATUSES.join(','), district: district || undefined, limit: 5 };
    const get = (extra: Record<string, string>) =>
      api<Page<Case>>(`/api/cases${qs({ ...base, ...extra })}`, { signal: ctl.signal }).then((p) => p.items);
    const timer = setTimeout(async () => {
      try {
        const found = (await Promise.all(queries.map((q) => get({ q })))).flat();
        const byTopic = found.length === 0 && district && topic ? await get({ topic }) : [];
        const unique = new Map([...found, ...byTopic].map((c) => [c.id, c]));
        setItems([...unique.values()].slice(0, 5));
      } catch {
        /* aborted or refused: keep the last list */
      }
    }, 600);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text, address, district, topic]);
  return items;
}
