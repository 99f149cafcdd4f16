import type { RoomCommandType } from '@icabinet/shared';
import type { RoomDurability } from '../../store/room.port.js';

/**
 * How durable each room command's change is before it is acked and broadcast (README, "Live
 * meeting room" → durability). Every command type must be listed: a new one is a compile error
 * until someone decides.
 *
 * - `process`: what the presenter simply does again when it is lost — the page, zoom and scroll
 *   shown (page.goto, many a minute in a meeting). It survives the server process being killed;
 *   a power cut may take back the last turns (the room then shows an earlier page).
 * - `power`: what is a record of the meeting — attendance and quorum, the speakers' queue and who
 *   spoke, the agenda item and its timer, who presents and which document, the meeting starting,
 *   pausing and ending. On the disk before the ack.
 *
 * A `power` save also makes every earlier `process` save of the store durable (one log).
 */
export const ROOM_COMMAND_DURABILITY: { readonly [T in RoomCommandType]: RoomDurability } = {
  'room.start': 'power',
  'room.pause': 'power',
  'room.resume': 'power',
  'room.end': 'power',
  'item.goto': 'power',
  'presenter.set': 'power',
  'document.open': 'power',
  'document.close': 'power',
  'document.autoOpen': 'power',
  'page.goto': 'process',
  'speaker.request': 'power',
  'speaker.withdraw': 'power',
  'speaker.grant': 'power',
  'speaker.reject': 'power',
  'speaker.reorder': 'power',
  'speaker.finish': 'power',
  'timer.extend': 'power',
  'attendance.checkin': 'power',
  'attendance.checkout': 'power',
};

/** The environment override ROOM_PAGE_DURABILITY=power stores page turns as records too. */
export function durabilityOf(type: RoomCommandType, pageDurability: RoomDurability): RoomDurability {
  return type === 'page.goto' ? pageDurability : ROOM_COMMAND_DURABILITY[type];
}
