import { describe, expect, it } from 'vitest';
import { ReplyInput } from '@icabinet/shared';
import { emptyReply, toReplyBody, validateReply } from './reply-form';

describe('the reply form', () => {
  it('accepts attending with nothing else to fill in', () => {
    expect(validateReply(emptyReply('attend'))).toEqual({});
    expect(toReplyBody(emptyReply('attend'))).toEqual({ answer: 'attend' });
  });

  it('asks for a reason when declining', () => {
    expect(validateReply({ ...emptyReply('decline'), reason: '   ' })).toEqual({
      reason: { key: 'required' },
    });
  });

  it('rejects a deputy with a malformed e-mail address or phone number', () => {
    const errors = validateReply({
      ...emptyReply('deputy'),
      deputyName: 'Trần Thị Bích',
      deputyEmail: 'bich@',
      deputyPhone: '12ab',
    });
    expect(errors).toEqual({ deputyEmail: { key: 'email' }, deputyPhone: { key: 'phone' } });
  });

  it('requires the deputy’s name', () => {
    expect(validateReply(emptyReply('deputy'))).toEqual({ deputyName: { key: 'required' } });
  });

  it('sends a body the server schema accepts, with empty contacts as null', () => {
    const body = toReplyBody({
      ...emptyReply('deputy'),
      deputyName: ' Trần Thị Bích ',
      deputyTitle: 'Phó Giám đốc',
      deputyPhone: '0912 345 678',
    });
    expect(body).toEqual({
      answer: 'deputy',
      deputy: { fullName: 'Trần Thị Bích', title: 'Phó Giám đốc', email: null, phone: '0912 345 678' },
      reason: null,
    });
    expect(ReplyInput.safeParse(body).success).toBe(true);
  });
});
