import { z } from 'zod';
import { Id, OptionalText } from './common.js';

/** A client-chosen id per command; a retried command with the same opId applies once. */
export const OpId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'op_id');

const Page = z.number().int().min(1).max(100_000);
const Zoom = z.number().min(0.1).max(10);
/** Scroll position as a fraction of the page (0 = top/left, 1 = bottom/right). */
const Fraction = z.number().min(0).max(1);
/** Speaking time a chair grants: up to an hour. */
const PlannedSeconds = z.number().int().min(10).max(3600);

/** Every room command, a union on `type`. Names are `subject.verb`. */
export const RoomCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('room.start') }),
  z.strictObject({ type: z.literal('room.pause') }),
  z.strictObject({ type: z.literal('room.resume') }),
  z.strictObject({ type: z.literal('room.end') }),
  z.strictObject({ type: z.literal('item.goto'), itemId: Id }),
  z.strictObject({ type: z.literal('presenter.set'), participantId: Id.nullable() }),
  z.strictObject({ type: z.literal('document.open'), documentId: Id, page: Page.optional() }),
  z.strictObject({ type: z.literal('document.close') }),
  /** Whether moving to an agenda item shows its main document by itself (the chair's setting). */
  z.strictObject({ type: z.literal('document.autoOpen'), enabled: z.boolean() }),
  z.strictObject({
    type: z.literal('page.goto'),
    page: Page,
    zoom: Zoom.optional(),
    scrollX: Fraction.optional(),
    scrollY: Fraction.optional(),
  }),
  z.strictObject({
    type: z.literal('speaker.request'),
    kind: z.enum(['normal', 'point_of_order']).default('normal'),
    agendaItemId: Id.nullish().transform((v) => v ?? null),
  }),
  z.strictObject({ type: z.literal('speaker.withdraw'), requestId: Id }),
  z.strictObject({
    type: z.literal('speaker.grant'),
    requestId: Id,
    plannedSeconds: PlannedSeconds.optional(),
  }),
  z.strictObject({ type: z.literal('speaker.reject'), requestId: Id, reason: OptionalText(300) }),
  z.strictObject({ type: z.literal('speaker.reorder'), requestIds: z.array(Id).max(500) }),
  z.strictObject({ type: z.literal('speaker.finish') }),
  z.strictObject({
    type: z.literal('timer.extend'),
    seconds: z
      .number()
      .int()
      .min(-3600)
      .max(3600)
      .refine((s) => s !== 0, 'zero'),
  }),
  /** Without `participantId`: the caller checks themself in. */
  z.strictObject({ type: z.literal('attendance.checkin'), participantId: Id.optional() }),
  z.strictObject({ type: z.literal('attendance.checkout'), participantId: Id.optional() }),
]);
export type RoomCommand = z.infer<typeof RoomCommand>;
export type RoomCommandType = RoomCommand['type'];

/** `room:command`: one command for one meeting's room. */
export const RoomCommandInput = z.strictObject({ meetingId: Id, opId: OpId, command: RoomCommand });
export type RoomCommandInput = z.infer<typeof RoomCommandInput>;

/** `room:join`: the caller's sockets follow the room and get a snapshot. */
export const RoomJoinInput = z.strictObject({ meetingId: Id });
export type RoomJoinInput = z.infer<typeof RoomJoinInput>;

/** `room:sync`: what the client last saw; the answer is the events since then, or a snapshot. */
export const RoomSyncInput = z.strictObject({ meetingId: Id, lastSeq: z.number().int().min(0) });
export type RoomSyncInput = z.infer<typeof RoomSyncInput>;

/** `room:pointer` (volatile, no ack): the presenter's pointer on a page; x/y null hides it. */
export const RoomPointerInput = z.strictObject({
  meetingId: Id,
  page: Page,
  x: Fraction.nullable(),
  y: Fraction.nullable(),
});
export type RoomPointerInput = z.infer<typeof RoomPointerInput>;
/** What a client sends (before defaults are filled in). */
export type RoomCommandPayload = z.input<typeof RoomCommandInput>;
