import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { conclusionNoticePdf, meetingPhrase, type ConclusionNoticeContent } from './conclusion-notice.pdf.js';

const run = promisify(execFile);

const content: ConclusionNoticeContent = {
  issuer: ['Ủy ban nhân dân', 'Thành phố Hà Nội'],
  place: 'Hà Nội',
  signer: { authority: 'TL. Chủ tịch', position: 'Chánh Văn phòng', name: '' },
  number: null,
  symbol: 'TB-UBND',
  issuedAt: '2027-03-09T08:00:00Z',
  meeting: { title: 'Hội nghị sơ kết quý I', heldAt: '2027-03-09T01:00:00Z', location: null },
  chair: null,
  chairTitle: null,
  attendees: [],
  items: [{ label: '1', title: 'Chuyển đổi số', points: ['Giao Sở Thông tin và Truyền thông\nchủ trì.'] }],
};

describe('the conclusion notice in the Decree 30 form', () => {
  it('names the meeting once, whatever its title starts with', () => {
    expect(meetingPhrase('Phiên họp thường kỳ tháng 3')).toBe('phiên họp thường kỳ tháng 3');
    expect(meetingPhrase('Hội nghị sơ kết quý I')).toBe('hội nghị sơ kết quý I');
    expect(meetingPhrase('Họp giao ban')).toBe('họp giao ban');
    expect(meetingPhrase('Giao ban tuần 10')).toBe('cuộc họp Giao ban tuần 10');
  });

  it('leaves the number and day blank on a draft, for the clerk', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tb-'));
    try {
      const file = path.join(dir, 'draft.pdf');
      await writeFile(file, await conclusionNoticePdf(content));
      const text = (await run('pdftotext', ['-layout', file, '-'])).stdout.replace(/\s+/g, ' ');
      expect(text).toContain('Số: ......../TB-UBND');
      expect(text).toContain('Hà Nội, ngày ...... tháng ...... năm 2027');
      expect(text).toContain('Kết luận tại hội nghị sơ kết quý I');
      expect(text).toContain('chủ tọa cuộc họp kết luận như sau:');
      // A point written on two lines keeps both, the first numbered.
      expect(text).toContain('1.1. Giao Sở Thông tin và Truyền thông chủ trì.');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
