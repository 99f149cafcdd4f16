import { useState, type ReactElement, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ApprovalAction, ApprovalState, MinutesApproval } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';

/**
 * What the approval bar reads of an official document a meeting produces (the minutes, the
 * conclusion notice): both carry these fields, under the shared approval rules.
 */
export type ApprovalView = Pick<
  MinutesApproval,
  'state' | 'version' | 'number' | 'symbol' | 'documentId' | 'history' | 'actions' | 'issueBlocked'
>;

/** The moves made through REST; signing is the signing page's. */
export type RestApprovalAction = Exclude<ApprovalAction, 'sign'>;

/** Where each document's texts are: the same keys under either prefix. */
export type ApprovalTexts = 'minutes.approval' | 'conclusions.notice';

const TONE: Record<ApprovalState, BadgeTone> = {
  draft: 'grey',
  submitted: 'blue',
  returned: 'red',
  approved: 'green',
  signed: 'green',
  issued: 'green',
};

/**
 * The approval of an official document (Decree 30): where it stands and its number, the chair's
 * comment when it came back, the moves the caller may make (submit, withdraw, approve or return
 * with a comment, issue), the link to sign it with a certificate, the PDF to preview or the issued
 * document, and — while the signatures are missing — "Ban hành" disabled with what it waits for.
 * What differs between the documents comes in: the texts, the signing page, `perform` (the call
 * to the server, and what the caller does after it), and the document's own lines (`children`
 * before the actions, `after` below them).
 */
export function ApprovalBar({
  element: Root,
  className,
  testId,
  meetingId,
  approval,
  texts,
  signPath,
  pdfUrl,
  issueWaits,
  commentHint,
  perform,
  children,
  after,
}: {
  element: 'section' | 'div';
  className: string;
  testId?: string;
  meetingId: string;
  approval: ApprovalView;
  texts: ApprovalTexts;
  /** The signing page, under `/meetings/:id/sign/`. */
  signPath: string;
  /** The PDF to preview before the document is issued. */
  pdfUrl: string;
  /** Why "Ban hành" waits (the id ties the disabled button to the text); null when it does not. */
  issueWaits: { id: string; text: string } | null;
  commentHint?: string;
  /** Makes one move on the version read; resolves once the caller has taken in the result. */
  perform: (move: { action: RestApprovalAction; version: number; comment?: string }) => Promise<void>;
  children?: ReactNode;
  after?: ReactNode;
}): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const [busy, setBusy] = useState<RestApprovalAction | null>(null);
  const [asking, setAsking] = useState<'return' | 'approve' | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const lastReturn = [...approval.history].reverse().find((h) => h.action === 'return');

  async function act(action: RestApprovalAction, text?: string): Promise<void> {
    setBusy(action);
    try {
      await perform({ action, version: approval.version, ...(text ? { comment: text } : {}) });
      setAsking(null);
      setComment('');
      toast.show('success', t(`${texts}.done.${action}`));
    } catch (err) {
      if (asking === 'return') setCommentError(errorText(err, t));
      else toast.show('error', errorText(err, t));
    } finally {
      setBusy(null);
    }
  }

  const rest = approval.actions.filter((a): a is RestApprovalAction => a !== 'sign');
  return (
    <Root className={className} data-state={approval.state} data-testid={testId}>
      <div className="notice-bar__head">
        <strong>{t(`${texts}.title`)}</strong>
        <Badge tone={TONE[approval.state]}>{t(`${texts}.state.${approval.state}`)}</Badge>
        {approval.number !== null && approval.symbol && (
          <span className="muted">
            {t(`${texts}.number`, { number: String(approval.number), symbol: approval.symbol })}
          </span>
        )}
      </div>
      {approval.state === 'returned' && lastReturn?.comment && (
        <Alert kind="warning">{t(`${texts}.returnedWith`, { comment: lastReturn.comment })}</Alert>
      )}
      {children}
      <div className="notice-bar__actions">
        {approval.documentId ? (
          <Link className="btn btn--secondary" to={`/documents/${approval.documentId}`}>
            <Icon name="file" />
            <span>{t(`${texts}.openIssued`)}</span>
          </Link>
        ) : (
          approval.history.length + approval.actions.length > 0 && (
            <a className="btn btn--secondary" href={pdfUrl} target="_blank" rel="noreferrer">
              <Icon name="eye" />
              <span>{t(`${texts}.preview`)}</span>
            </a>
          )
        )}
        {approval.actions.includes('sign') && (
          // Signing happens on its own page, with the certificate file (PAdES).
          <Link className="btn btn--primary" to={`/meetings/${meetingId}/sign/${signPath}`}>
            <Icon name="edit" />
            <span>{t(`${texts}.actions.sign`)}</span>
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
            {t(`${texts}.actions.${a}`)}
          </Button>
        ))}
        {issueWaits && (
          // Issued means signed: "Ban hành" is there, disabled, with the signatures it waits for.
          <Button variant="primary" disabled aria-describedby={issueWaits.id}>
            {t(`${texts}.actions.issue`)}
          </Button>
        )}
      </div>
      {issueWaits && (
        <p className="field__hint" id={issueWaits.id} data-testid="issue-waits">
          {issueWaits.text}
        </p>
      )}
      {after}
      {asking === 'return' && (
        <Dialog
          title={t(`${texts}.returnTitle`)}
          busy={busy === 'return'}
          onClose={() => setAsking(null)}
          onSubmit={(e) => {
            e.preventDefault();
            if (!comment.trim()) return setCommentError(t(`${texts}.commentRequired`));
            void act('return', comment.trim());
          }}
          footer={
            <>
              <Button variant="ghost" onClick={() => setAsking(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" variant="primary" busy={busy === 'return'}>
                {t(`${texts}.actions.return`)}
              </Button>
            </>
          }
        >
          <label className="field">
            <span className="field__label">{t(`${texts}.commentLabel`)}</span>
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
            {commentHint && <span className="field__hint">{commentHint}</span>}
            {commentError && <span className="field__error">{commentError}</span>}
          </label>
        </Dialog>
      )}
      {asking === 'approve' && (
        <ConfirmDialog
          title={t(`${texts}.${asking}Title`)}
          text={t(`${texts}.${asking}Text`)}
          confirmLabel={t(`${texts}.actions.${asking}`)}
          onConfirm={() => act(asking)}
          onClose={() => setAsking(null)}
        />
      )}
    </Root>
  );
}
