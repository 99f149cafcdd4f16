import { describe, expect, it } from 'vitest';
import {
  APPROVAL_ACTIONS,
  APPROVAL_STATES,
  availableApprovalActions,
  decideApproval,
  isApprovalEditable,
  type ApprovalAction,
  type ApprovalState,
} from './approval.js';

const drafter = ['drafter'] as const;
const chair = ['approver'] as const;

describe('the approval flow of official documents', () => {
  it('goes draft → submitted → approved → signed → issued with the right people', () => {
    let state: ApprovalState = 'draft';
    const step = (action: ApprovalAction, roles: readonly ('drafter' | 'approver' | 'signer')[]) => {
      const d = decideApproval({ state, action, roles, signedPdf: action === 'sign' });
      if (!d.allow) throw new Error(`${action} refused: ${d.reason}`);
      state = d.to;
    };
    step('submit', drafter);
    expect(state).toBe('submitted');
    step('approve', chair);
    expect(state).toBe('approved');
    step('sign', ['signer']);
    expect(state).toBe('signed');
    step('issue', drafter);
    expect(state).toBe('issued');
  });

  it('lets the chair return a submitted draft with a comment, which the secretariat edits and submits again', () => {
    expect(
      decideApproval({ state: 'submitted', action: 'return', roles: chair, comment: 'Bổ sung thời hạn' }),
    ).toEqual({
      allow: true,
      to: 'returned',
    });
    expect(isApprovalEditable('returned')).toBe(true);
    expect(decideApproval({ state: 'returned', action: 'submit', roles: drafter })).toEqual({
      allow: true,
      to: 'submitted',
    });
  });

  it('refuses returning without a comment', () => {
    for (const comment of [undefined, null, '', '   ']) {
      expect(decideApproval({ state: 'submitted', action: 'return', roles: chair, comment })).toMatchObject({
        allow: false,
        reason: 'approval_comment_required',
      });
    }
  });

  it('refuses approval by anyone but the approver, whatever the state', () => {
    for (const state of APPROVAL_STATES) {
      expect(decideApproval({ state, action: 'approve', roles: ['drafter', 'signer'] })).toMatchObject({
        allow: false,
        reason: 'approval_role',
        needs: 'approver',
      });
    }
  });

  it('refuses approving a draft that was not submitted', () => {
    for (const state of ['draft', 'returned', 'approved', 'signed', 'issued'] as const) {
      expect(decideApproval({ state, action: 'approve', roles: chair })).toMatchObject({
        allow: false,
        reason: 'approval_state',
        from: ['submitted'],
      });
    }
  });

  it('signs only with the signed PDF attached', () => {
    expect(decideApproval({ state: 'approved', action: 'sign', roles: ['signer'] })).toMatchObject({
      allow: false,
      reason: 'approval_signed_pdf_required',
    });
  });

  it('issues only what is signed: an approved document waits for its signatures, whatever the move', () => {
    for (const action of ['issue', 'issueUnsigned'] as const) {
      expect(decideApproval({ state: 'approved', action, roles: drafter })).toEqual({
        allow: false,
        reason: 'approval_unsigned',
      });
      // Whoever may not issue hears that first.
      expect(decideApproval({ state: 'approved', action, roles: chair })).toMatchObject({
        allow: false,
        reason: 'approval_role',
      });
    }
    expect(decideApproval({ state: 'signed', action: 'issue', roles: drafter })).toEqual({
      allow: true,
      to: 'issued',
    });
    // The retired unsigned issue leads nowhere, also from a signed document.
    for (const state of APPROVAL_STATES.filter((s) => s !== 'approved')) {
      expect(decideApproval({ state, action: 'issueUnsigned', roles: drafter })).toMatchObject({
        allow: false,
        reason: 'approval_state',
      });
    }
  });

  it('allows no move at all out of issued, and no editing once submitted', () => {
    const everyone = ['drafter', 'approver', 'signer'] as const;
    expect(availableApprovalActions('issued', everyone)).toEqual([]);
    for (const action of APPROVAL_ACTIONS) {
      expect(
        decideApproval({ state: 'issued', action, roles: everyone, comment: 'x', signedPdf: true }).allow,
      ).toBe(false);
    }
    expect(
      ['submitted', 'approved', 'signed', 'issued'].map((s) => isApprovalEditable(s as ApprovalState)),
    ).toEqual([false, false, false, false]);
  });

  it('offers each role only its own moves', () => {
    expect(availableApprovalActions('draft', drafter)).toEqual(['submit']);
    expect(availableApprovalActions('submitted', drafter)).toEqual(['withdraw']);
    expect(availableApprovalActions('submitted', chair)).toEqual(['return', 'approve']);
    expect(availableApprovalActions('approved', drafter)).toEqual([]);
    expect(availableApprovalActions('approved', ['drafter', 'signer'])).toEqual(['sign']);
    expect(availableApprovalActions('signed', drafter)).toEqual(['issue']);
  });
});
