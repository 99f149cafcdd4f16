import {
  ANNOTATION_LIMITS,
  socketContract,
  type CommandParsed,
  type DocLayer,
  type DocJoinAck,
  type DocStored,
  type DocUpdateAck,
} from '@icabinet/shared';
import { AwarenessRefused, MAX_STATE_CHARS } from '../../collab/awareness.js';
import { DocRefusedError, type DocManager } from '../../collab/doc-manager.js';
import { AppError, errors, issuesFromZod } from '../../errors.js';
import { watchAccess } from '../../realtime/live-access.js';
import type { Logger } from '../../logger.js';
import type { SocketModule } from '../../realtime/gateway.js';
import type { IoServer, IoSocket } from '../../realtime/types.js';
import { sharedAck, withAck, type AckDeps, type SharedListener } from '../../realtime/with-ack.js';
import { PointerThrottle } from '../room/pointer-throttle.js';
import type { MinutesService } from '../minutes/minutes.service.js';
import type { AnnotationsService, LayerCaller, LayerStanding } from './annotations.service.js';

/** About 15 awareness broadcasts per second per socket and layer, like the room pointer. */
const AWARENESS_INTERVAL_MS = Math.round(1000 / 15);
/** Awareness messages a socket may send per second (a pen samples at most ~120 Hz); more are refused. */
const AWARENESS_PER_SECOND = 120;

/** An awareness refusal as the client should see it. */
function awarenessRefusal(err: unknown): AppError {
  if (err instanceof AwarenessRefused) {
    if (err.reason === 'too_many_states') return errors.invalid([], 'annotation_awareness_too_many');
    if (err.reason === 'read_only') return errors.forbidden('annotation_read_only');
    if (err.reason === 'state_too_large')
      return errors.invalid([], 'annotation_awareness_too_large', { max: MAX_STATE_CHARS });
  }
  return errors.invalid([], 'annotation_malformed');
}
/** The events of this module; any other `doc:*` event with an ack is answered with an error. */
const DOC_EVENTS = new Set(['doc:join', 'doc:update', 'doc:leave', 'doc:awareness']);

const callerOf = (socket: IoSocket): LayerCaller & { fullName: string } => ({
  userId: socket.data.userId,
  systemRole: socket.data.systemRole,
  fullName: socket.data.fullName,
});

const refKey = (documentId: string, layer: DocLayer) => `${documentId}:${layer}`;

/** A DocRefusedError as the client should see it. */
function refusal(err: unknown): unknown {
  if (!(err instanceof DocRefusedError)) return err;
  if (err.reason === 'doc_full') return errors.invalidState('annotation_doc_full');
  if (err.reason === 'foreign_author') return errors.forbidden('annotation_foreign_author');
  if (err.reason === 'bad_text') return errors.invalid([], 'annotation_bad_text');
  if (err.reason === 'text_too_long')
    return errors.invalid([], 'annotation_text_too_long', { max: ANNOTATION_LIMITS.textChars });
  return errors.invalid([], 'annotation_malformed');
}

/** A minutes refusal as the client should see it. */
function minutesRefusal(err: unknown): unknown {
  if (!(err instanceof DocRefusedError)) return err;
  if (err.reason === 'doc_full') return errors.invalidState('minutes_doc_full');
  return errors.invalid([], 'minutes_malformed');
}

/**
 * What differs between the kinds of Yjs document on this transport: annotation layers of a
 * document (`shared`, `private`) and a meeting's minutes (`minutes`, documentId = the meeting).
 */
interface DocKind {
  docs: DocManager;
  standing(socket: IoSocket, documentId: string, layer: DocLayer): Promise<LayerStanding>;
  refresh(socket: IoSocket, held: LayerStanding): Promise<LayerStanding> | LayerStanding;
  /** Before the first answer to a join (the minutes' prefill). */
  beforeSync?(standing: LayerStanding, afterStored: (u: Uint8Array) => void): Promise<void>;
  /** The author every new entry must name (the shared layer's rule), or none. */
  writer(standing: LayerStanding, userId: string): string | undefined;
  /** Checked in the write step, before an update applies (the minutes' lock). */
  guard?(standing: LayerStanding): () => Promise<void>;
  refusal(err: unknown): unknown;
}

/**
 * Socket handlers of the annotation layers and of the minutes: join (sync), update, awareness, leave.
 *
 * Several processes (DESIGN §8, `clustered` when REDIS_URL is set): a stored update reaches the
 * layer's clients on every process through the room broadcast, which the Redis adapter already
 * fans out, so no process re-broadcasts. Each process's in-memory Y.Doc must also learn it, or its
 * later joins would answer without it: the storing process sends it once to the other processes
 * with `io.serverSideEmit('doc:stored')`, after the append and in store order, and each applies it
 * to the layer if it holds it (`DocManager.applyRemote`, never stored again; a process that does not
 * hold the layer reads it from the store when it loads). Duplicates are harmless (CRDT merge).
 * Single process: nothing is sent (the in-memory adapter has no `serverSideEmit`, it only warns).
 */
export function annotationsSocket(deps: {
  annotations: AnnotationsService;
  logger: Logger;
  clustered: boolean;
  /** The document a meeting's room shows now (a viewer screen may read only its shared layer). */
  shownDocument: (meetingId: string) => Promise<string | null>;
  /** The minutes (layer `minutes`): their standing, prefill and lock. */
  minutes: MinutesService;
}): SocketModule {
  const { annotations, clustered, minutes } = deps;
  const annotationKind: DocKind = {
    docs: annotations.docs,
    async standing(socket, documentId, layer) {
      const viewer = socket.data.viewer;
      const annotationLayer = layer === 'private' ? 'private' : 'shared';
      return viewer
        ? annotations.viewerStanding(
            viewer,
            documentId,
            annotationLayer,
            await deps.shownDocument(viewer.meetingId),
          )
        : annotations.standing(callerOf(socket), documentId, annotationLayer);
    },
    refresh: (socket, held) => annotations.refresh(callerOf(socket), held),
    // Only the shared layer has several writers; a private layer is its owner's alone.
    writer: (standing, userId) => (standing.layer === 'shared' ? userId : undefined),
    refusal,
  };
  const minutesKind: DocKind = {
    docs: minutes.docs,
    standing(socket, documentId) {
      // A viewer screen shows the room, never the minutes.
      if (socket.data.viewer) return Promise.reject(errors.forbidden('viewer_read_only'));
      return minutes.standing(callerOf(socket), documentId);
    },
    refresh: (socket, held) => minutes.refresh(callerOf(socket), held),
    beforeSync: (standing, afterStored) => minutes.prefill(standing.meetingId, afterStored),
    writer: () => undefined,
    guard: (standing) => minutes.guard(standing.meetingId),
    refusal: minutesRefusal,
  };
  const kindOf = (layer: DocLayer): DocKind => (layer === 'minutes' ? minutesKind : annotationKind);
  let server: IoServer | null = null;
  /** Sends a stored update to the document's other sockets and, when clustered, to the other processes. */
  const passOn = (socket: IoSocket, standing: LayerStanding) => (u: Uint8Array) => {
    socket.to(standing.room).emit('doc:updated', {
      documentId: standing.documentId,
      layer: standing.layer,
      update: u,
    });
    server?.serverSideEmit('doc:stored', {
      documentId: standing.key.documentId,
      layer: standing.key.layer,
      update: u,
    });
  };
  /** Follows a layer: joins its room, and answers the caller's state vector with what it lacks. */
  const joinLayer = async (
    socket: IoSocket,
    joined: Map<string, LayerStanding>,
    input: CommandParsed<'doc:join'>,
  ): Promise<DocJoinAck> => {
    const ref = refKey(input.documentId, input.layer);
    const kind = kindOf(input.layer);
    const standing = await kind.standing(socket, input.documentId, input.layer);
    if (!joined.has(ref)) {
      await kind.docs.follow(standing.key);
      // Joined before the answer is computed: an update stored meanwhile comes twice, never zero times.
      await socket.join(standing.room);
    }
    joined.set(ref, standing);
    try {
      await kind.beforeSync?.(standing, passOn(socket, standing));
      const { update, stateVector } = await kind.docs.sync(standing.key, input.stateVector);
      return {
        update,
        stateVector,
        awareness: annotations.awareness.snapshot(standing.room),
        canWrite: standing.canWrite,
        author: socket.data.userId,
      };
    } catch (err) {
      throw kind.refusal(err);
    }
  };

  /** Stops following a layer: its room, the document's hold in memory, the caller's awareness state. */
  const leaveLayer = (socket: IoSocket, joined: Map<string, LayerStanding>, ref: string) => {
    const s = joined.get(ref);
    if (!s) return;
    joined.delete(ref);
    void socket.leave(s.room);
    kindOf(s.layer).docs.unfollow(s.key);
    const removal = annotations.awareness.drop(`${s.room}`, socket.id);
    if (removal)
      socket.to(s.room).emit('doc:awareness', { documentId: s.documentId, layer: s.layer, update: removal });
  };

  /**
   * A viewer screen's layers (the shown document's shared layer), kept only once it joins one:
   * a screen that never does holds nothing here. Its handlers are made once, for every screen.
   */
  const viewerLayers = new WeakMap<IoSocket, Map<string, LayerStanding>>();
  function viewerGone(this: IoSocket) {
    const joined = viewerLayers.get(this);
    if (!joined) return;
    for (const ref of [...joined.keys()]) leaveLayer(this, joined, ref);
    viewerLayers.delete(this);
  }
  let viewer: { join: SharedListener; leave: SharedListener } | null = null;
  const viewerHandlers = (ackDeps: AckDeps) =>
    (viewer ??= {
      join: sharedAck(ackDeps, 'doc:join', ({ socket }, input) => {
        let joined = viewerLayers.get(socket);
        if (!joined) {
          joined = new Map();
          viewerLayers.set(socket, joined);
          socket.on('disconnect', viewerGone);
        }
        return joinLayer(socket, joined, input);
      }),
      leave: sharedAck(ackDeps, 'doc:leave', ({ socket }, { documentId, layer }) => {
        const joined = viewerLayers.get(socket);
        if (joined) leaveLayer(socket, joined, refKey(documentId, layer));
        return null;
      }),
    });

  return {
    onViewer(socket, ackDeps) {
      // A viewer screen reads the shown document's shared layer: join and leave, never write or
      // publish awareness (the gateway refuses those); the room's own broadcast moves it on.
      const { join, leave } = viewerHandlers(ackDeps);
      socket.on('doc:join', join);
      socket.on('doc:leave', leave);
    },
    onServer(io) {
      if (!clustered) return;
      server = io;
      io.on('doc:stored', (payload: unknown) => {
        const p = payload as Partial<DocStored> | null;
        if (typeof p?.documentId !== 'string' || typeof p.layer !== 'string' || !p.update) return;
        const update = p.update instanceof ArrayBuffer ? new Uint8Array(p.update) : p.update;
        if (!(update instanceof Uint8Array)) return;
        const docs = p.layer === 'minutes' ? minutes.docs : annotations.docs;
        void docs.applyRemote({ documentId: p.documentId, layer: p.layer }, update);
      });
    },
    onConnection(socket, ackDeps) {
      /** Layers this socket follows, by `<documentId>:<layer>`. */
      const joined = new Map<string, LayerStanding>();
      const throttles = new Map<string, PointerThrottle<Uint8Array>>();

      const leave = (ref: string) => {
        throttles.get(ref)?.stop();
        throttles.delete(ref);
        leaveLayer(socket, joined, ref);
      };

      // Rights changed (removed from the meeting, role changed, meeting made confidential, account
      // demoted): every layer is checked again, and one the caller may no longer read is left at once.
      watchAccess(socket, async ({ meetingId }) => {
        for (const [ref, held] of [...joined]) {
          if (meetingId && held.meetingId !== meetingId) continue;
          try {
            const standing = await kindOf(held.layer).standing(socket, held.documentId, held.layer);
            if (joined.get(ref) === held) joined.set(ref, standing);
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            leave(ref);
          }
        }
        // Layer rooms a restored connection brought back without a join on this connection.
        const followed = new Set([...joined.values()].map((j) => j.room));
        for (const room of [...socket.rooms]) {
          const m = /^doc:([^:]+):(shared|minutes|u:.+)$/.exec(room);
          const documentId = m?.[1];
          if (!documentId || followed.has(room)) continue;
          const own = m[2] === 'shared' || m[2] === 'minutes' || m[2] === `u:${socket.data.userId}`;
          const layer: DocLayer = m[2] === 'shared' || m[2] === 'minutes' ? m[2] : 'private';
          let readable = own;
          if (own) {
            try {
              await kindOf(layer).standing(socket, documentId, layer);
            } catch (err) {
              if (!(err instanceof AppError)) throw err;
              readable = false;
            }
          }
          if (!readable) await socket.leave(room);
        }
      });

      socket.on(
        'doc:join',
        withAck(ackDeps, socket, 'doc:join', (_ctx, input) => joinLayer(socket, joined, input)),
      );

      socket.on(
        'doc:update',
        withAck(ackDeps, socket, 'doc:update', async (_ctx, input): Promise<DocUpdateAck> => {
          const ref = refKey(input.documentId, input.layer);
          const held = joined.get(ref);
          if (!held) throw errors.invalidState('annotation_not_joined');
          const kind = kindOf(input.layer);
          const standing = await kind.refresh(socket, held);
          if (joined.get(ref) === held) joined.set(ref, standing);
          if (!standing.canWrite) throw standing.writeRefusal ?? errors.forbidden('annotation_read_only');
          try {
            const stored = await kind.docs.apply(
              standing.key,
              input.update,
              passOn(socket, standing),
              kind.writer(standing, socket.data.userId),
              kind.guard?.(standing),
            );
            return { stored: stored !== null };
          } catch (err) {
            throw kind.refusal(err);
          }
        }),
      );

      socket.on(
        'doc:leave',
        withAck(ackDeps, socket, 'doc:leave', (_ctx, { documentId, layer }) => {
          leave(refKey(documentId, layer));
          return null;
        }),
      );

      // Volatile, like the room pointer: the next state corrects a dropped one. Only a socket that
      // may write the layer publishes (a read-only observer has no live ink to show); states are
      // capped in number and size and their rate is limited, so one socket holds bounded memory.
      // The ack is optional: a client that passes one hears whether the state was taken, or why not.
      const awarenessRate = { windowStart: 0, count: 0 };
      socket.on('doc:awareness', (payload: unknown, ack?: unknown) => {
        const refuse = (err: AppError) => {
          if (typeof ack === 'function')
            (ack as (r: unknown) => void)({ ok: false, error: err.toWire(socket.data.lang) });
        };
        const now = Date.now();
        if (now - awarenessRate.windowStart >= 1000) {
          awarenessRate.windowStart = now;
          awarenessRate.count = 0;
        }
        if (++awarenessRate.count > AWARENESS_PER_SECOND)
          return refuse(errors.rateLimited(1, 'annotation_awareness_too_fast'));
        const parsed = socketContract['doc:awareness'].input.safeParse(payload);
        if (!parsed.success) return refuse(errors.invalid(issuesFromZod(parsed.error)));
        const ref = refKey(parsed.data.documentId, parsed.data.layer);
        const held = joined.get(ref);
        if (!held) return refuse(errors.invalidState('annotation_not_joined'));
        void (async () => {
          const standing = await kindOf(held.layer).refresh(socket, held);
          if (joined.get(ref) !== held) return;
          joined.set(ref, standing);
          // A reader publishes nothing; one who just lost the pen may still take back its live ink.
          const holds = annotations.awareness.size(socket.id) > 0;
          if (!standing.canWrite && !holds) return refuse(errors.forbidden('annotation_read_only'));
          let out: Uint8Array | null;
          try {
            out = annotations.awareness.accept(
              standing.room,
              socket.id,
              { id: socket.data.userId, name: socket.data.fullName },
              parsed.data.update,
              !standing.canWrite,
            );
          } catch (err) {
            return refuse(awarenessRefusal(err));
          }
          if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: true, data: null });
          if (!out) return;
          let throttle = throttles.get(ref);
          if (!throttle) {
            throttle = new PointerThrottle<Uint8Array>(AWARENESS_INTERVAL_MS, (update) =>
              socket.to(standing.room).volatile.emit('doc:awareness', {
                documentId: standing.documentId,
                layer: standing.layer,
                update,
              }),
            );
            throttles.set(ref, throttle);
          }
          throttle.push(out);
        })().catch((err: unknown) => {
          if (err instanceof AppError) {
            // The standing could not be taken again: the layer is no longer the caller's to follow.
            leave(ref);
            return refuse(err);
          }
          deps.logger.error({ err, userId: socket.data.userId }, 'awareness failed');
        });
      });

      // A `doc:*` message this server does not know (a newer or broken client) gets an error, not silence.
      socket.onAny((event: string, ...args: unknown[]) => {
        if (!event.startsWith('doc:') || DOC_EVENTS.has(event)) return;
        const ack = args.at(-1);
        if (typeof ack !== 'function') return;
        const err = errors.invalid([], 'annotation_unknown_event', { event: event.slice(0, 40) });
        (ack as (r: unknown) => void)({ ok: false, error: err.toWire(socket.data.lang) });
      });

      socket.on('disconnect', () => {
        for (const ref of [...joined.keys()]) leave(ref);
      });
    },
  };
}
