/**
 * What the annotation benchmark's processes share: the workload's constants, the variants, the
 * server's `Info`, the strokes, and one connected client of any variant (`peer`).
 */
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type { Awareness } from 'y-protocols/awareness';
import { LayerSync } from '../../../web/src/lib/collab/layer-sync.js';
import { connectClient } from '../../utils/socket.js';

export const STROKES = Number(process.env.ANN_BENCH_STROKES ?? 10_000);
export const CLIENTS = 50;
export const WRITERS = 5;
/** One meeting run's length; the meeting repeats (BENCH_MIN_RUNS, default 3) and is judged on the median. */
export const SECONDS = Number(process.env.ANN_BENCH_SECONDS ?? 15);
export const STROKES_PER_SECOND = 2;
export const POINTS_PER_STROKE = 24;
/**
 * While each stroke is drawn (STROKE_MS of the half second), its writer publishes it in
 * progress in the layer's awareness as the web's pen does (LiveStrokePublisher, ~15 states a
 * second, cleared at pen-up), so every variant also relays the live ink. ANN_BENCH_LIVE=0 sends
 * only the finished strokes.
 */
export const LIVE = process.env.ANN_BENCH_LIVE !== '0';
export const STROKE_MS = 300;

export type Variant = 'ours' | 'y-websocket' | 'hocuspocus';
export const ALL_VARIANTS: Variant[] = ['ours', 'y-websocket', 'hocuspocus'];

export interface Info {
  url: string;
  documentId: string;
  /** A second, empty layer for the meeting workload. */
  meetingDocumentId: string;
  writerCookie: string | undefined;
  /** Ours: the writers' user id, the author the server accepts on the shared layer. */
  writerUserId: string | undefined;
  readerCookies: (string | undefined)[];
  compactionMs: number;
}

/**
 * The author written into every stroke: ours the writer's user id (the server refuses another),
 * the peers an id of the same length, so every layer has the same size.
 */
export const authorFor = (info: Info): string => info.writerUserId ?? '00000000-0000-4000-8000-000000000000';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stroke of POINTS_PER_STROKE points, deterministic from its number. */
export function strokePoints(n: number): number[] {
  const pts: number[] = [];
  for (let i = 0; i < POINTS_PER_STROKE; i++)
    pts.push((n * 37 + i * 41) % 10_000, (n * 53 + i * 29) % 10_000);
  return pts;
}

/**
 * One connected client of any variant: its doc and awareness, a promise of its first full sync, a
 * way to leave. Ours is the web's own provider (LayerSync), the peers' are theirs.
 */
export interface Peer {
  doc: Y.Doc;
  awareness: Awareness;
  synced: Promise<void>;
  close(): void;
}

let cookieTurn = 0;
export async function peer(
  variant: Variant,
  info: Info,
  role: 'writer' | 'reader',
  doc = new Y.Doc(),
  documentId = info.documentId,
): Promise<Peer> {
  const { url } = info;
  if (variant === 'ours') {
    const cookies = info.readerCookies;
    const cookie = role === 'writer' ? info.writerCookie : cookies[cookieTurn++ % cookies.length];
    const socket = await connectClient(url, cookie);
    const sync = new LayerSync(socket, documentId, 'shared', { doc });
    const synced = new Promise<void>((resolve) => {
      const check = () => {
        if (sync.status !== 'synced') return;
        off();
        resolve();
      };
      const off = sync.subscribe(check);
      check();
    });
    return {
      doc,
      awareness: sync.awareness,
      synced,
      close: () => {
        sync.destroy();
        socket.close();
      },
    };
  }
  if (variant === 'y-websocket') {
    const p = new WebsocketProvider(url, documentId, doc, {
      WebSocketPolyfill: WebSocket as never,
      disableBc: true,
    });
    const synced = new Promise<void>((resolve) => {
      const on = (s: boolean) => {
        if (!s) return;
        p.off('sync', on);
        resolve();
      };
      p.on('sync', on);
    });
    return { doc, awareness: p.awareness, synced, close: () => p.destroy() };
  }
  const ws = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  let resolveSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
  const p = new HocuspocusProvider({
    websocketProvider: ws,
    name: documentId,
    document: doc,
    onSynced: () => resolveSynced(),
  });
  p.attach();
  return {
    doc,
    awareness: p.awareness!,
    synced,
    close: () => {
      p.destroy();
      ws.destroy();
    },
  };
}
