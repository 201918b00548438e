/** Saved inbox views: a name and the filter query, kept in this browser (localStorage). */

export interface SavedView {
  readonly name: string;
  readonly query: string;
}

const KEY = 'tyndau.views';

function store(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function loadViews(): SavedView[] {
  try {
    const raw = JSON.parse(store()?.getItem(KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (v): v is SavedView =>
        typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.query === 'string',
    );
  } catch {
    return [];
  }
}

/** Adds or replaces (by name) a view; returns the new list. */
export function saveView(view: SavedView): SavedView[] {
  const list = [...loadViews().filter((v) => v.name !== view.name), view];
  store()?.setItem(KEY, JSON.stringify(list));
  return list;
}

export function deleteView(name: string): SavedView[] {
  const list = loadViews().filter((v) => v.name !== name);
  store()?.setItem(KEY, JSON.stringify(list));
  return list;
}
