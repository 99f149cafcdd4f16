import { newId } from '../../lib/ids.js';
import type { Store } from '../../store/port.js';

/** Conclusion points of the demo meeting, by agenda item (index in the demo's agenda). */
const DEMO_POINTS: Record<number, string[]> = {
  1: [
    'Giao Sở Thông tin và Truyền thông chủ trì, phối hợp các sở, ngành hoàn thiện Báo cáo kết quả chuyển đổi số năm 2024, trình UBND Thành phố.',
    'Giao Sở Tài chính cân đối, bố trí kinh phí thực hiện các nhiệm vụ chuyển đổi số năm 2025.',
  ],
  2: [
    'Giao Sở Tư pháp chủ trì, phối hợp Công an Thành phố mở rộng cấp Phiếu lý lịch tư pháp trên ứng dụng VNeID cho toàn bộ người dân Thành phố.',
  ],
  3: [
    'Giao UBND quận Hoàn Kiếm xây dựng kế hoạch thí điểm mô hình quận chuyển đổi số điển hình, báo cáo UBND Thành phố.',
    'Giao UBND huyện Đan Phượng nghiên cứu, đề xuất mô hình huyện chuyển đổi số điển hình.',
  ],
};

/** Who heads a unit in the demo (the escalation target of overdue tasks): its director or chair. */
const isHead = (title: string | null): boolean =>
  !!title && /^(Giám đốc|Chủ tịch UBND (quận|huyện)|Chánh Văn phòng)/.test(title);

/**
 * ---- follow-up (tasks) ----
 * The demo meeting gets conclusions for three agenda items (only when it has none, so a
 * secretary can turn their points into tasks for three units at once: "Giao nhiệm vụ"), and each
 * unit whose director is in the demo gets them as its head. Changes nothing that is already set.
 */
export async function seedDemoFollowUp(
  store: Store,
  meetingId: string,
  people: { username: string; title: string | null; unit: string | null }[],
): Promise<void> {
  const now = new Date().toISOString();
  for (const p of people.filter((x) => x.unit && isHead(x.title))) {
    const [unit, user] = await Promise.all([
      store.units.getByCode(p.unit!),
      store.users.getByUsername(p.username),
    ]);
    if (!unit || !user || unit.headUserId) continue;
    await store.units.update(unit.id, { headUserId: user.id }, unit.version, now);
  }
  if ((await store.conclusions.listByMeeting(meetingId)).length > 0) return;
  const meeting = await store.meetings.getById(meetingId);
  if (!meeting) return;
  const items = await store.agenda.list(meetingId);
  for (const [index, texts] of Object.entries(DEMO_POINTS)) {
    const item = items[Number(index)];
    if (!item) continue;
    await store.conclusions.save(
      {
        id: newId(),
        meetingId,
        agendaItemId: item.id,
        points: texts.map((text) => ({ id: newId(), text })),
        version: 1,
        createdAt: now,
        updatedAt: now,
        updatedBy: meeting.createdBy,
      },
      0,
    );
  }
}
