/**
 * The case lifecycle, one table for both sides: the server refuses (409) any transition for which
 * `nextStatus` returns null, and the browser shows only the buttons `allowedActions` returns.
 * Pure data and functions, no Node or DOM APIs.
 */

/** Every status a case can be in, in lifecycle order. */
export const CASE_STATUSES = [
  'new',
  'assigned',
  'in_progress',
  'waiting_customer',
  'resolved',
  'closed',
  'cancelled',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Every action a transition request may carry, in the order the UI shows its buttons. */
export const CASE_ACTIONS = ['assign', 'start', 'wait', 'resolve', 'close', 'reopen', 'cancel', 'merge'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Statuses in which somebody still owes the customer something (queues, SLA sweeps, the ladder). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'assigned', 'in_progress', 'waiting_customer'];

/** Statuses with no way out; `closed` is not among them because it can still be reopened. */
export const TERMINAL_STATUSES: readonly CaseStatus[] = ['cancelled', 'merged'];

/** Whether the case currently has an owner; the only context the rules depend on. */
export interface TransitionContext {
  hasAssignee: boolean;
}

/** A target either fixed, or chosen by whether the case has an owner. */
type Target = CaseStatus | { withAssignee: CaseStatus; withoutAssignee: CaseStatus };

interface Rule {
  /** Refused on a case nobody owns: there is nobody to do the work or answer for the result. */
  needsAssignee: boolean;
  /** Source status → target status; a source not listed means the action is illegal there. */
  from: Partial<Record<CaseStatus, Target>>;
}

const TRANSITIONS: Record<CaseAction, Rule> = {
  // From an already owned open case assign is a re-assignment: the work stays where it was.
  assign: {
    needsAssignee: false,
    from: { new: 'assigned', assigned: 'assigned', in_progress: 'in_progress', waiting_customer: 'waiting_customer' },
  },
  // From waiting_customer: the customer answered, so the clock runs again.
  start: { needsAssignee: true, from: { assigned: 'in_progress', waiting_customer: 'in_progress' } },
  wait: { needsAssignee: false, from: { in_progress: 'waiting_customer' } },
  resolve: {
    needsAssignee: true,
    from: { assigned: 'resolved', in_progress: 'resolved', waiting_customer: 'resolved' },
  },
  close: { needsAssignee: false, from: { resolved: 'closed' } },
  // A reopened case goes straight back to its owner as work in hand (in_progress), not to
  // `assigned`, which would make the owner "start" again for a matter they already know. Without an
  // owner it returns to `new`, so it shows up in the unassigned queue instead of sitting in
  // in_progress where nobody could start or resolve it.
  reopen: {
    needsAssignee: false,
    from: {
      resolved: { withAssignee: 'in_progress', withoutAssignee: 'new' },
      closed: { withAssignee: 'in_progress', withoutAssignee: 'new' },
    },
  },
  cancel: {
    needsAssignee: false,
    from: { new: 'cancelled', assigned: 'cancelled', in_progress: 'cancelled', waiting_customer: 'cancelled' },
  },
  merge: {
    needsAssignee: false,
    from: { new: 'merged', assigned: 'merged', in_progress: 'merged', waiting_customer: 'merged' },
  },
};

/** The status after `action`, or null when the action is not allowed from `status`. */
export function nextStatus(status: CaseStatus, action: CaseAction, ctx: TransitionContext): CaseStatus | null {
  const rule = TRANSITIONS[action];
  const target = rule?.from[status];
  if (target === undefined) return null;
  if (rule.needsAssignee && !ctx.hasAssignee) return null;
  if (typeof target === 'string') return target;
  return ctx.hasAssignee ? target.withAssignee : target.withoutAssignee;
}

/** Actions allowed from a status (for the UI's buttons), in CASE_ACTIONS order: progress first, destructive last. */
export function allowedActions(status: CaseStatus, ctx: TransitionContext): CaseAction[] {
  return CASE_ACTIONS.filter((action) => nextStatus(status, action, ctx) !== null);
}

/** True while the SLA clock is paused (waiting for the customer). */
export function isClockPaused(status: CaseStatus): boolean {
  // Only a pause resumes: in resolved, closed, cancelled and merged the clock has stopped for good
  // (or until a reopen), which the SLA code treats separately.
  return status === 'waiting_customer';
}
