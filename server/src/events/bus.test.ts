import { describe, expect, it } from 'vitest';
import { EventBus } from './bus.js';

const quietLogger = () => {
  const errors: unknown[] = [];
  return { errors, logger: { error: (obj: unknown) => void errors.push(obj) } };
};

describe('the event bus', () => {
  it('awaits every listener in order before emit resolves', async () => {
    const { logger } = quietLogger();
    const bus = new EventBus(logger as never);
    const seen: string[] = [];
    bus.on('meeting.participantsChanged', async ({ meetingId }) => {
      await new Promise((r) => setImmediate(r));
      seen.push(`room:${meetingId}`);
    });
    bus.on('meeting.participantsChanged', ({ meetingId }) => void seen.push(`second:${meetingId}`));
    await bus.emit('meeting.participantsChanged', { meetingId: 'm1' });
    expect(seen).toEqual(['room:m1', 'second:m1']);
  });

  it('logs a failing listener and still runs the ones after it', async () => {
    const { logger, errors } = quietLogger();
    const bus = new EventBus(logger as never);
    const seen: string[] = [];
    bus.on('meeting.participantsChanged', () => {
      throw new Error('hộp thư đầy');
    });
    bus.on('meeting.participantsChanged', ({ meetingId }) => void seen.push(meetingId));
    await expect(bus.emit('meeting.participantsChanged', { meetingId: 'm2' })).resolves.toBeUndefined();
    expect(seen).toEqual(['m2']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ event: 'meeting.participantsChanged' });
  });

  it('stops telling a listener once it unsubscribed', async () => {
    const { logger } = quietLogger();
    const bus = new EventBus(logger as never);
    const seen: string[] = [];
    const off = bus.on('meeting.participantsChanged', ({ meetingId }) => void seen.push(meetingId));
    await bus.emit('meeting.participantsChanged', { meetingId: 'a' });
    off();
    await bus.emit('meeting.participantsChanged', { meetingId: 'b' });
    expect(seen).toEqual(['a']);
  });
});
