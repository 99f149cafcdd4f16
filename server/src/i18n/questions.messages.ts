/** Messages of questions from sites in online briefings (merged into the server catalogue in messages.ts). */
export const questionMessagesVi = {
  question_not_found:
    'Không tìm thấy câu hỏi này (có thể điểm cầu đã rút lại hoặc câu hỏi thuộc cuộc họp khác).',
  question_closed: 'Câu hỏi này đã được xử lý (đã trả lời, đã phát biểu, đã bỏ qua hoặc đã rút lại).',
  briefing_questions_closed:
    'Cuộc họp chưa công bố, đã kết thúc hoặc bị hủy nên không thể gửi câu hỏi hay xin phát biểu.',
  questions_too_many:
    'Điểm cầu đang có {{max}} câu hỏi chờ xử lý. Hãy chờ chủ trì trả lời hoặc rút bớt câu hỏi rồi gửi tiếp.',
} as const;

export const questionMessagesEn: Record<keyof typeof questionMessagesVi, string> = {
  question_not_found:
    'This question was not found (the site may have withdrawn it, or it belongs to another meeting).',
  question_closed: 'This question has already been dealt with (answered, spoken, dismissed or withdrawn).',
  briefing_questions_closed:
    'The meeting is not published, has ended or was cancelled, so no question or request to speak can be sent.',
  questions_too_many:
    'The site already has {{max}} questions waiting. Wait for the chair to answer, or withdraw one, then send again.',
};
