/** Messages of official documents (Decree 30), merged into the server catalogue in messages.ts. */
export const officialDocumentMessagesVi = {
  invitation_not_issued:
    'Cuộc họp chưa được công bố nên chưa có giấy mời (giấy mời được cấp số khi công bố cuộc họp).',
};

export const officialDocumentMessagesEn: Record<keyof typeof officialDocumentMessagesVi, string> = {
  invitation_not_issued:
    'The meeting has not been published, so there is no invitation yet (it gets its number when the meeting is published).',
};
