/**
 * The approval flow of an official document a meeting produces (the conclusion notice, the
 * minutes): drafted by the secretariat, submitted to the chair, returned with comments or
 * approved, signed, issued — and only what is signed is issued. Pure rules: which move leads where, and who may make it. The server
 * asks `decideApproval` before every move and stores the result with the move's history entry.
 */

export const APPROVAL_STATES = ['draft', 'submitted', 'returned', 'approved', 'signed', 'issued'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

/**
 * The moves. `sign` needs the signed PDF attached, and **issued means signed**: `issue` starts
 * only from `signed`. `issueUnsigned` (the former way from `approved` to `issued` without a
 * signature) is kept so the histories that hold it still read, and is always refused now.
 */
export const APPROVAL_ACTIONS = [
  'submit',
  'withdraw',
  'return',
  'approve',
  'sign',
  'issue',
  'issueUnsigned',
] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/**
 * What a caller is in the flow: the `drafter` writes and issues (the secretariat, the meeting's
 * secretaries), the `approver` approves or returns (the meeting's chair), the `signer` signs (the
 * holder of the signing certificate chosen for the step).
 */
export type ApprovalRole = 'drafter' | 'approver' | 'signer';

interface Move {
  from: readonly ApprovalState[];
  to: ApprovalState;
  by: ApprovalRole;
}

/** Every move, defined once. */
export const APPROVAL_MOVES: Readonly<Record<ApprovalAction, Move>> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', by: 'drafter' },
  withdraw: { from: ['submitted'], to: 'draft', by: 'drafter' },
  return: { from: ['submitted'], to: 'returned', by: 'approver' },
  approve: { from: ['submitted'], to: 'approved', by: 'approver' },
  sign: { from: ['approved'], to: 'signed', by: 'signer' },
  issue: { from: ['signed'], to: 'issued', by: 'drafter' },
  // Retired: no state leads to `issued` without the signatures.
  issueUnsigned: { from: [], to: 'issued', by: 'drafter' },
};

/** Why a move is refused; each reason has a message in both languages on the server and the web. */
export type ApprovalRefusal =
  /** The caller does not hold the role the move needs (403). */
  | 'approval_role'
  /** The document is not in a state the move starts from (409). */
  | 'approval_state'
  /** Returning needs a comment that says what to change (400). */
  | 'approval_comment_required'
  /** Signing needs the signed PDF (400). */
  | 'approval_signed_pdf_required'
  /** Issuing an approved document that is not signed yet (409): issued means signed. */
  | 'approval_unsigned';

export type ApprovalDecision =
  | { allow: true; to: ApprovalState }
  | { allow: false; reason: ApprovalRefusal; needs?: ApprovalRole; from?: readonly ApprovalState[] };

/** What a move is asked with. */
export interface ApprovalRequest {
  state: ApprovalState;
  action: ApprovalAction;
  /** The roles the caller holds for this document. */
  roles: readonly ApprovalRole[];
  /** The comment given with the move (required to return). */
  comment?: string | null;
  /** Whether a signed PDF comes with the move (required to sign). */
  signedPdf?: boolean;
}

/**
 * Whether the move may be made, and where it leads. The role is checked before the state, so a
 * caller who may never make the move hears that rather than the current state.
 */
export function decideApproval(r: ApprovalRequest): ApprovalDecision {
  const move = APPROVAL_MOVES[r.action];
  if (!r.roles.includes(move.by)) return { allow: false, reason: 'approval_role', needs: move.by };
  if ((r.action === 'issue' || r.action === 'issueUnsigned') && r.state === 'approved')
    return { allow: false, reason: 'approval_unsigned' };
  if (!move.from.includes(r.state)) return { allow: false, reason: 'approval_state', from: move.from };
  if (r.action === 'return' && !r.comment?.trim())
    return { allow: false, reason: 'approval_comment_required' };
  if (r.action === 'sign' && !r.signedPdf) return { allow: false, reason: 'approval_signed_pdf_required' };
  return { allow: true, to: move.to };
}

/** Whether the content may still be written: only before it is submitted, or after it was returned. */
export const isApprovalEditable = (state: ApprovalState): boolean =>
  state === 'draft' || state === 'returned';

/** The moves a caller with `roles` may make now (for the buttons a screen offers). */
export function availableApprovalActions(
  state: ApprovalState,
  roles: readonly ApprovalRole[],
): ApprovalAction[] {
  return APPROVAL_ACTIONS.filter((action) => {
    const move = APPROVAL_MOVES[action];
    return roles.includes(move.by) && move.from.includes(state);
  });
}

/**
 * Why "Ban hành" waits, for the screens: the document is approved and the caller may issue it,
 * but these signers have not signed yet (the button is shown disabled with them named).
 */
export interface IssueBlocked {
  missing: ('secretary' | 'chair')[];
}
