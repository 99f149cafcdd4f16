import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpinionDetail, OpinionRecipient } from '@icabinet/shared';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextArea } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { opinionsApi } from './opinions.api';

const CHOICE_TONE: Record<string, BadgeTone> = { agree: 'green', disagree: 'red', other: 'blue' };
const STATE_TONE: Record<OpinionRecipient['state'], BadgeTone> = {
  answered: 'green',
  pending: 'grey',
  overdue: 'red',
};

/** One bar per choice: the share of members, so the result reads at a glance. */
function ResultBar({ r, total }: { r: OpinionDetail['results'][number]; total: number }): ReactElement {
  const part = (n: number) => `${total ? (n / total) * 100 : 0}%`;
  return (
    <div className="opinion-bar" aria-hidden="true">
      <span className="opinion-bar__agree" style={{ width: part(r.agree) }} />
      <span className="opinion-bar__disagree" style={{ width: part(r.disagree) }} />
      <span className="opinion-bar__other" style={{ width: part(r.other) }} />
    </div>
  );
}

/**
 * "Bảng tổng hợp ý kiến": the result of each question under the rule, then a member × question
 * table with each choice and comment; the secretariat writes a response (tiếp thu, giải trình)
 * to each comment and exports the summary as CSV or PDF.
 */
export function OpinionTable({
  detail,
  onChanged,
}: {
  detail: OpinionDetail;
  onChanged: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const toast = useToast();
  const { request, recipients, results } = detail;
  const [editing, setEditing] = useState<{ recipient: OpinionRecipient; questionId: string } | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  const openEditor = (recipient: OpinionRecipient, questionId: string) => {
    setText(recipient.responses.find((r) => r.questionId === questionId)?.text ?? '');
    setEditing({ recipient, questionId });
  };
  const save = async () => {
    if (!editing) return;
    setBusy(true);
    try {
      await opinionsApi.respond(request.id, {
        recipientId: editing.recipient.id,
        questionId: editing.questionId,
        response: text || null,
      });
      toast.show('success', t('opinions.responseSaved'));
      setEditing(null);
      onChanged();
    } catch (err) {
      toast.show('error', errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const overdue = recipients.filter((r) => r.state === 'overdue');

  return (
    <section className="opinion-table" aria-labelledby="opinion-table-title">
      <div className="opinion-table__head">
        <h3 id="opinion-table-title">{t('opinions.tableTitle')}</h3>
        <div className="opinion-table__exports">
          <a className="btn btn--secondary" href={opinionsApi.csvUrl(request.id)} download>
            <Icon name="download" />
            <span className="btn__label">{t('opinions.exportCsv')}</span>
          </a>
          <a className="btn btn--primary" href={opinionsApi.pdfUrl(request.id)} download>
            <Icon name="file" />
            <span className="btn__label">{t('opinions.exportPdf')}</span>
          </a>
        </div>
      </div>
      {overdue.length > 0 && (
        <p className="opinion-overdue" role="status">
          {t('opinions.overdueList', { names: overdue.map((r) => r.name).join(', ') })}
        </p>
      )}
      <h4>{t('opinions.results', { rule: t(`opinions.rules.${request.rule}`) })}</h4>
      <ol className="opinion-results">
        {request.questions.map((q) => {
          const r = results.find((x) => x.questionId === q.id)!;
          return (
            <li key={q.id}>
              <div className="opinion-results__q">
                <span>{q.text}</span>
                <Badge tone={r.verdict === 'passed' ? 'green' : 'red'}>
                  {t(r.verdict === 'passed' ? 'opinions.passed' : 'opinions.rejected')}
                </Badge>
              </div>
              <ResultBar r={r} total={recipients.length} />
              <p className="muted">
                {t('opinions.counts', {
                  agree: String(r.agree),
                  disagree: String(r.disagree),
                  other: String(r.other),
                  none: String(r.notAnswered),
                })}{' '}
                · {t('opinions.needed', { required: String(r.required), base: String(r.base) })}
              </p>
            </li>
          );
        })}
      </ol>
      <div className="opinion-grid" role="region" aria-label={t('opinions.tableTitle')} tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('opinions.member')}</th>
              {request.questions.map((q, i) => (
                <th scope="col" key={q.id} title={q.text}>
                  {t('opinions.questionN', { n: String(i + 1) })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {recipients.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <strong>{m.name}</strong>
                  {m.title && <span className="muted"> {m.title}</span>}
                  <div>
                    <Badge tone={STATE_TONE[m.state]}>{t(`opinions.state.${m.state}`)}</Badge>
                    {m.answeredAt && <span className="muted"> {formatDateTime(m.answeredAt, lang)}</span>}
                  </div>
                </th>
                {request.questions.map((q) => {
                  const a = m.answers.find((x) => x.questionId === q.id);
                  const resp = m.responses.find((x) => x.questionId === q.id);
                  return (
                    <td key={q.id}>
                      {a ? (
                        <>
                          <Badge tone={CHOICE_TONE[a.choice] ?? 'grey'}>
                            {t(`opinions.choice.${a.choice}`)}
                          </Badge>
                          {a.comment && <p className="opinion-comment">{a.comment}</p>}
                          {resp && (
                            <p className="opinion-response">
                              <strong>{t('opinions.response')}:</strong> {resp.text}
                            </p>
                          )}
                          {a.comment && (
                            <Button variant="ghost" icon="edit" onClick={() => openEditor(m, q.id)}>
                              {t(resp ? 'opinions.editResponse' : 'opinions.respond')}
                            </Button>
                          )}
                        </>
                      ) : (
                        <span className="muted">{t('opinions.notAnswered')}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <Dialog
          title={t('opinions.responseLabel', { name: editing.recipient.name })}
          onClose={() => setEditing(null)}
          busy={busy}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          footer={
            <Button type="submit" variant="primary" icon="check" busy={busy}>
              {t('common.save')}
            </Button>
          }
        >
          <blockquote className="opinion-comment">
            {editing.recipient.answers.find((a) => a.questionId === editing.questionId)?.comment}
          </blockquote>
          <TextArea
            label={t('opinions.response')}
            value={text}
            rows={5}
            maxLength={4000}
            onChange={(e) => setText(e.target.value)}
          />
        </Dialog>
      )}
    </section>
  );
}
