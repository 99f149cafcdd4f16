import { useEffect, useState } from 'react';
import type { SiteQuestion } from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { emitCommand } from '../../lib/socket';
import { upsertQuestion } from './questions-state';

/**
 * The chair's moderator queue: asked with `question:watch` on every (re)connection, then kept
 * current by `question:changed` (from whichever server process the site is connected to).
 */
export function useQuestionQueue(
  meetingId: string,
  /** Only an online briefing has sites to ask. */
  enabled = true,
): {
  questions: SiteQuestion[];
  refusal: string | null;
} {
  const { socket } = useConnection();
  const [questions, setQuestions] = useState<SiteQuestion[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => {
    if (!socket || !enabled) return undefined;
    const changed = (q: SiteQuestion) => {
      if (q.meetingId === meetingId) setQuestions((list) => upsertQuestion(list, q));
    };
    const watch = () => {
      void emitCommand(socket, 10_000, 'question:watch', { meetingId }).then(
        (res) => {
          if (res.ok) {
            setQuestions(res.data.questions);
            setRefusal(null);
          } else setRefusal(res.error.message);
        },
        () => undefined,
      );
    };
    socket.on('question:changed', changed);
    socket.on('connect', watch);
    if (socket.connected) watch();
    return () => {
      socket.off('question:changed', changed);
      socket.off('connect', watch);
    };
  }, [socket, meetingId, enabled]);
  return { questions, refusal };
}
