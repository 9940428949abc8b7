import { describe, expect, it } from 'vitest';
import {
  CASE_ACTIONS,
  CASE_STATUSES,
  OPEN_STATUSES,
  TERMINAL_STATUSES,
  allowedActions,
  isClockPaused,
  nextStatus,
  type CaseAction,
  type CaseStatus,
} from './state-machine.js';

// Written out from the rules in issue 3, not derived from the implementation:
// [from, action, hasAssignee, expected status or null]. 8 statuses × 8 actions × 2 = 128 rows.
const EXPECTED: [CaseStatus, CaseAction, boolean, CaseStatus | null][] = [
  ['new', 'assign', false, 'assigned'],
  ['new', 'assign', true, 'assigned'],
  ['new', 'start', false, null],
  ['new', 'start', true, null],
  ['new', 'wait', false, null],
  ['new', 'wait', true, null],
  ['new', 'resolve', false, null],
  ['new', 'resolve', true, null],
  ['new', 'close', false, null],
  ['new', 'close', true, null],
  ['new', 'reopen', false, null],
  ['new', 'reopen', true, null],
  ['new', 'cancel', false, 'cancelled'],
  ['new', 'cancel', true, 'cancelled'],
  ['new', 'merge', false, 'merged'],
  ['new', 'merge', true, 'merged'],

  ['assigned', 'assign', false, 'assigned'],
  ['assigned', 'assign', true, 'assigned'],
  ['assigned', 'start', false, null],
  ['assigned', 'start', true, 'in_progress'],
  ['assigned', 'wait', false, null],
  ['assigned', 'wait', true, null],
  ['assigned', 'resolve', false, null],
  ['assigned', 'resolve', true, 'resolved'],
  ['assigned', 'close', false, null],
  ['assigned', 'close', true, null],
  ['assigned', 'reopen', false, null],
  ['assigned', 'reopen', true, null],
  ['assigned', 'cancel', false, 'cancelled'],
  ['assigned', 'cancel', true, 'cancelled'],
  ['assigned', 'merge', false, 'merged'],
  ['assigned', 'merge', true, 'merged'],

  ['in_progress', 'assign', false, 'in_progress'],
  ['in_progress', 'assign', true, 'in_progress'],
  ['in_progress', 'start', false, null],
  ['in_progress', 'start', true, null],
  ['in_progress', 'wait', false, 'waiting_customer'],
  ['in_progress', 'wait', true, 'waiting_customer'],
  ['in_progress', 'resolve', false, null],
  ['in_progress', 'resolve', true, 'resolved'],
  ['in_progress', 'close', false, null],
  ['in_progress', 'close', true, null],
  ['in_progress', 'reopen', false, null],
  ['in_progress', 'reopen', true, null],
  ['in_progress', 'cancel', false, 'cancelled'],
  ['in_progress', 'cancel', true, 'cancelled'],
  ['in_progress', 'merge', false, 'merged'],
  ['in_progress', 'merge', true, 'merged'],

  ['waiting_customer', 'assign', false, 'waiting_customer'],
  ['waiting_customer', 'assign', true, 'waiting_customer'],
  ['waiting_customer', 'start', false, null],
  ['waiting_customer', 'start', true, 'in_progress'],
  ['waiting_customer', 'wait', false, null],
  ['waiting_customer', 'wait', true, null],
  ['waiting_customer', 'resolve', false, null],
  ['waiting_customer', 'resolve', true, 'resolved'],
  ['waiting_customer', 'close', false, null],
  ['waiting_customer', 'close', true, null],
  ['waiting_customer', 'reopen', false, null],
  ['waiting_customer', 'reopen', true, null],
  ['waiting_customer', 'cancel', false, 'cancelled'],
  ['waiting_customer', 'cancel', true, 'cancelled'],
  ['waiting_customer', 'merge', false, 'merged'],
  ['waiting_customer', 'merge', true, 'merged'],

  ['resolved', 'assign', false, null],
  ['resolved', 'assign', true, null],
  ['resolved', 'start', false, null],
  ['resolved', 'start', true, null],
  ['resolved', 'wait', false, null],
  ['resolved', 'wait', true, null],
  ['resolved', 'resolve', false, null],
  ['resolved', 'resolve', true, null],
  ['resolved', 'close', false, 'closed'],
  ['resolved', 'close', true, 'closed'],
  ['resolved', 'reopen', false, 'new'],
  ['resolved', 'reopen', true, 'in_progress'],
  ['resolved', 'cancel', false, null],
  ['resolved', 'cancel', true, null],
  ['resolved', 'merge', false, null],
  ['resolved', 'merge', true, null],

  ['closed', 'assign', false, null],
  ['closed', 'assign', true, null],
  ['closed', 'start', false, null],
  ['closed', 'start', true, null],
  ['closed', 'wait', false, null],
  ['closed', 'wait', true, null],
  ['closed', 'resolve', false, null],
  ['closed', 'resolve', true, null],
  ['closed', 'close', false, null],
  ['closed', 'close', true, null],
  ['closed', 'reopen', false, 'new'],
  ['closed', 'reopen', true, 'in_progress'],
  ['closed', 'cancel', false, null],
  ['closed', 'cancel', true, null],
  ['closed', 'merge', false, null],
  ['closed', 'merge', true, null],

  ['cancelled', 'assign', false, null],
  ['cancelled', 'assign', true, null],
  ['cancelled', 'start', false, null],
  ['cancelled', 'start', true, null],
  ['cancelled', 'wait', false, null],
  ['cancelled', 'wait', true, null],
  ['cancelled', 'resolve', false, null],
  ['cancelled', 'resolve', true, null],
  ['cancelled', 'close', false, null],
  ['cancelled', 'close', true, null],
  ['cancelled', 'reopen', false, null],
  ['cancelled', 'reopen', true, null],
  ['cancelled', 'cancel', false, null],
  ['cancelled', 'cancel', true, null],
  ['cancelled', 'merge', false, null],
  ['cancelled', 'merge', true, null],

  ['merged', 'assign', false, null],
  ['merged', 'assign', true, null],
  ['merged', 'start', false, null],
  ['merged', 'start', true, null],
  ['merged', 'wait', false, null],
  ['merged', 'wait', true, null],
  ['merged', 'resolve', false, null],
  ['merged', 'resolve', true, null],
  ['merged', 'close', false, null],
  ['merged', 'close', true, null],
  ['merged', 'reopen', false, null],
  ['merged', 'reopen', true, null],
  ['merged', 'cancel', false, null],
  ['merged', 'cancel', true, null],
  ['merged', 'merge', false, null],
  ['merged', 'merge', true, null],
];

describe('nextStatus', () => {
  it('the expected table covers every status × action × hasAssignee exactly once', () => {
    const keys = EXPECTED.map(([s, a, h]) => `${s}/${a}/${h}`);
    expect(new Set(keys).size).toBe(keys.length);
    const all = CASE_STATUSES.flatMap((s) => CASE_ACTIONS.flatMap((a) => [false, true].map((h) => `${s}/${a}/${h}`)));
    expect(all).toHaveLength(128);
    expect([...keys].sort()).toEqual([...all].sort());
  });

  it.each(EXPECTED)('%s --%s--> (hasAssignee %s) = %s', (status, action, hasAssignee, expected) => {
    expect(nextStatus(status, action, { hasAssignee })).toBe(expected);
  });
});

describe('allowedActions', () => {
  it.each<[CaseStatus, CaseAction[], CaseAction[]]>([
    // [status, without an assignee, with an assignee]
    ['new', ['assign', 'cancel', 'merge'], ['assign', 'cancel', 'merge']],
    ['assigned', ['assign', 'cancel', 'merge'], ['assign', 'start', 'resolve', 'cancel', 'merge']],
    ['in_progress', ['assign', 'wait', 'cancel', 'merge'], ['assign', 'wait', 'resolve', 'cancel', 'merge']],
    ['waiting_customer', ['assign', 'cancel', 'merge'], ['assign', 'start', 'resolve', 'cancel', 'merge']],
    ['resolved', ['close', 'reopen'], ['close', 'reopen']],
    ['closed', ['reopen'], ['reopen']],
    ['cancelled', [], []],
    ['merged', [], []],
  ])('%s', (status, unowned, owned) => {
    expect(allowedActions(status, { hasAssignee: false })).toEqual(unowned);
    expect(allowedActions(status, { hasAssignee: true })).toEqual(owned);
  });

  it('offers exactly the actions nextStatus accepts, so no button leads to a 409', () => {
    for (const status of CASE_STATUSES)
      for (const hasAssignee of [false, true])
        for (const action of CASE_ACTIONS)
          expect(allowedActions(status, { hasAssignee }).includes(action)).toBe(
            nextStatus(status, action, { hasAssignee }) !== null,
          );
  });
});

describe('status groups', () => {
  it('open statuses are the four before resolution', () => {
    expect([...OPEN_STATUSES]).toEqual(['new', 'assigned', 'in_progress', 'waiting_customer']);
  });

  it('terminal statuses have no way out; closed is not terminal', () => {
    expect([...TERMINAL_STATUSES]).toEqual(['cancelled', 'merged']);
    for (const status of TERMINAL_STATUSES)
      for (const hasAssignee of [false, true]) expect(allowedActions(status, { hasAssignee })).toEqual([]);
    expect(TERMINAL_STATUSES).not.toContain('closed');
  });
});

describe('isClockPaused', () => {
  it.each<[CaseStatus, boolean]>([
    ['new', false],
    ['assigned', false],
    ['in_progress', false],
    ['waiting_customer', true],
    ['resolved', false],
    ['closed', false],
    ['cancelled', false],
    ['merged', false],
  ])('%s → %s', (status, paused) => {
    expect(isClockPaused(status)).toBe(paused);
  });
});
