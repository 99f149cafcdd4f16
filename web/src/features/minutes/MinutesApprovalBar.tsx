import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { MinutesApproval } from '@icabinet/shared';
import { ApprovalBar } from '../approval/ApprovalBar';
import { SignersList } from '../signatures/SignersList';
import { minutesApi } from './minutes.api';

/**
 * The minutes as an official document (biên bản, Decree 30): where they stand, the moves the
 * caller may make (submit the locked minutes, approve or return, issue), the link to sign with a
 * certificate (the secretary and the chair), the PDF, and who has signed. The approval itself is
 * the shared {@link ApprovalBar}; the minutes add the reminder to lock them before submitting,
 * the list of signers, and which of the two signatures "Ban hành" still waits for.
 */
export function MinutesApprovalBar({
  meetingId,
  approval,
  locked,
  onChanged,
}: {
  meetingId: string;
  approval: MinutesApproval;
  locked: boolean;
  onChanged: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const waiting = approval.issueBlocked && {
    id: `minutes-issue-waits-${meetingId}`,
    text: t('minutes.approval.issueWaits', {
      who: approval.issueBlocked.missing
        .map((r) => t(`minutes.approval.signer.${r}`))
        .join(t('minutes.approval.and')),
    }),
  };
  return (
    <ApprovalBar
      element="section"
      className="panel minutes-approval"
      testId="minutes-approval"
      meetingId={meetingId}
      approval={approval}
      texts="minutes.approval"
      signPath="minutes"
      pdfUrl={minutesApi.pdfUrl(meetingId)}
      issueWaits={waiting}
      perform={async (move) => {
        await minutesApi.approval(meetingId, move);
        onChanged();
      }}
    >
      {!locked && approval.actions.includes('submit') && (
        <p className="muted">{t('minutes.approval.lockFirst')}</p>
      )}
      {approval.signatures.length > 0 && (
        <SignersList signatures={approval.signatures} testId="minutes-signers" />
      )}
    </ApprovalBar>
  );
}
