import { conflict } from '../shared/errors.js';

export const STATUSES = [
  'new',
  'assigned',
  'in_progress',
  'answered',
  'closed',
  'redirected',
  'merged',
  'rejected',
  'reopened',
] as const;
export type CaseStatus = (typeof STATUSES)[number];

/** Allowed moves. `answered` is reached through the answer endpoint, `merged` through merge. */
const NEXT: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['assigned', 'in_progress', 'redirected', 'rejected', 'merged', 'answered'],
  assigned: ['assigned', 'in_progress', 'redirected', 'rejected', 'merged', 'answered'],
  in_progress: ['assigned', 'answered', 'redirected', 'rejected', 'merged'],
  answered: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['assigned', 'in_progress', 'answered', 'redirected', 'rejected', 'merged'],
  redirected: ['assigned', 'in_progress', 'redirected', 'rejected', 'merged', 'answered'],
  rejected: ['reopened'],
  merged: [],
};

/** Statuses in which the case still waits for the applicant's answer. */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  'new',
  'assigned',
  'in_progress',
  'reopened',
  'redirected',
];

export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return NEXT[from].includes(to);
}

export function assertMove(from: string, to: CaseStatus): void {
  if (!(STATUSES as readonly string[]).includes(from) || !canMove(from as CaseStatus, to)) {
    throw conflict('illegal_transition', `a case cannot go from ${from} to ${to}`);
  }
}

/** Transitions that need a stated reason (they change what the applicant is owed). */
export const NEEDS_REASON: readonly CaseStatus[] = ['redirected', 'rejected', 'reopened'];
