import { useState, type ReactElement } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, type MinutesApproval } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { currentLanguage } from '../../lib/i18n';
import { minutesApi } from './minutes.api';

type Action = MinutesApproval['actions'][number];
type RestAction = Exclude<Action, 'sign'>;

const TONE: Record<MinutesApproval['state'], BadgeTone> = {
  draft: 'grey',
  submitted: 'blue',
  returned: 'red',
  approved: 'green',
  signed: 'green',
  issued: 'green',
};

/**
 * The minutes as an official document (biên bản, Decree 30): where they stand, the moves the
 * caller may make (submit the locked minutes, approve or return, issue), the link to sign with a
 * certificate (the secretary and the chair), the PDF, and who has signed.
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
  const lang = currentLanguage();
  const toast = useToast();
  const [busy, setBusy] = useState<RestAction | null>(null);
  const [asking, setAsking] = useState<'return' | 'approve' | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const lastReturn = [...approval.history].reverse().find((h) => h.action === 'return');

  async function act(action: RestAction, text?: string): Promise<void> {
    setBusy(action);
    try {
      await minutesApi.approval(meetingId, {
        action,
        version: approval.version,
        ...(text ? { comment: text } : {}),
      });
      setAsking(null);
      setComment('');
      toast.show('success', t(`minutes.approval.done.${action}`));
      onChanged();
    } catch (err) {
      if (asking === 'return') setCommentError(errorText(err, t));
      else toast.show('error', errorText(err, t));
    } finally {
      setBusy(null);
    }
  }

  const rest = approval.actions.filter((a): a is RestAction => a !== 'sign');
  const organiser = approval.actions.length > 0 || approval.history.length > 0;
  const waiting = approval.issueBlocked
    ? t('minutes.approval.issueWaits', {
        who: approval.issueBlocked.missing
          .map((r) => t(`minutes.approval.signer.${r}`))
          .join(t('minutes.approval.and')),
      })
    : null;
  return (
    <section className="panel minutes-approval" data-state={approval.state} data-testid="minutes-approval">
      <div className="notice-bar__head">
        <strong>{t('minutes.approval.title')}</strong>
        <Badge tone={TONE[approval.state]}>{t(`minutes.approval.state.${approval.state}`)}</Badge>
        {approval.number !== null && approval.symbol && (
          <span className="muted">
            {t('minutes.approval.number', { number: String(approval.number), symbol: approval.symbol })}
          </span>
        )}
      </div>
      {approval.state === 'returned' && lastReturn?.comment && (
        <Alert kind="warning">{t('minutes.approval.returnedWith', { comment: lastReturn.comment })}</Alert>
      )}
      {!locked && approval.actions.includes('submit') && (
        <p className="muted">{t('minutes.approval.lockFirst')}</p>
      )}
      {approval.signatures.length > 0 && (
        <ol data-testid="minutes-signers">
          {approval.signatures.map((s) => (
            <li key={s.userId}>
              {t('signatures.sign.signer', {
                name: s.fullName,
                role: t(`meetings.roles.${s.role}`),
                at: formatDateTime(s.signedAt, lang),
              })}
            </li>
          ))}
        </ol>
      )}
      <div className="notice-bar__actions">
        {approval.documentId ? (
          <Link className="btn btn--secondary" to={`/documents/${approval.documentId}`}>
            <Icon name="file" />
            <span>{t('minutes.approval.openIssued')}</span>
          </Link>
        ) : (
          organiser && (
            <a
              className="btn btn--secondary"
              href={minutesApi.pdfUrl(meetingId)}
              target="_blank"
              rel="noreferrer"
            >
              <Icon name="eye" />
              <span>{t('minutes.approval.preview')}</span>
            </a>
          )
        )}
        {approval.actions.includes('sign') && (
          <Link className="btn btn--primary" to={`/meetings/${meetingId}/sign/minutes`}>
            <Icon name="edit" />
            <span>{t('minutes.approval.actions.sign')}</span>
          </Link>
        )}
        {rest.map((a) => (
          <Button
            key={a}
            variant={a === 'withdraw' || a === 'return' ? 'secondary' : 'primary'}
            busy={busy === a}
            onClick={() => {
              if (a === 'return' || a === 'approve') setAsking(a);
              else void act(a);
            }}
          >
            {t(`minutes.approval.actions.${a}`)}
          </Button>
        ))}
        {waiting && (
          // Issued means signed: "Ban hành" is there, disabled, with the signatures it waits for.
          <Button variant="primary" disabled aria-describedby={`minutes-issue-waits-${meetingId}`}>
            {t('minutes.approval.actions.issue')}
          </Button>
        )}
      </div>
      {waiting && (
        <p className="field__hint" id={`minutes-issue-waits-${meetingId}`} data-testid="issue-waits">
          {waiting}
        </p>
      )}
      {asking === 'return' && (
        <Dialog
          title={t('minutes.approval.returnTitle')}
          busy={busy === 'return'}
          onClose={() => setAsking(null)}
          onSubmit={(e) => {
            e.preventDefault();
            if (!comment.trim()) return setCommentError(t('minutes.approval.commentRequired'));
            void act('return', comment.trim());
          }}
          footer={
            <>
              <Button variant="ghost" onClick={() => setAsking(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" variant="primary" busy={busy === 'return'}>
                {t('minutes.approval.actions.return')}
              </Button>
            </>
          }
        >
          <label className="field">
            <span className="field__label">{t('minutes.approval.commentLabel')}</span>
            <textarea
              className="input textarea"
              rows={4}
              value={comment}
              aria-invalid={commentError ? true : undefined}
              onChange={(e) => {
                setComment(e.target.value);
                setCommentError(null);
              }}
            />
            {commentError && <span className="field__error">{commentError}</span>}
          </label>
        </Dialog>
      )}
      {asking === 'approve' && (
        <ConfirmDialog
          title={t(`minutes.approval.${asking}Title`)}
          text={t(`minutes.approval.${asking}Text`)}
          confirmLabel={t(`minutes.approval.actions.${asking}`)}
          onConfirm={() => act(asking)}
          onClose={() => setAsking(null)}
        />
      )}
    </section>
  );
}
