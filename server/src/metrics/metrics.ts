import type http from 'node:http';
import { Router } from 'express';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { metricsContract as api } from '@icabinet/shared';
import { route } from '../http/route.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { requireAuth, requireRole } from '../modules/auth/auth.middleware.js';
import type { IoServer } from '../realtime/types.js';
import type { Store } from '../store/port.js';
import type { JobStatus } from '../store/jobs.port.js';

export interface MetricsDeps {
  store: Store;
  io: IoServer;
  httpServer: http.Server;
}

/** Seconds, from a fast local SQLite read to a slow remote MongoDB one. */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * One registry per app (tests run several in a process): the process's own metrics (event-loop
 * delay, memory, CPU, open handles) plus the application's, read from the store at scrape time.
 * The store reads of a scrape are timed into a latency histogram, so each scrape is also a probe
 * of the store.
 */
export interface Metrics {
  registry: Registry;
  /** Reads the store (timed), then renders every metric as Prometheus text. */
  scrape(): Promise<string>;
}

export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = new Registry();
  // The event-loop delay is sampled every 50 ms (prom-client's default is every 10 ms): a timer
  // 100 times a second cost the server ~3 ms of CPU per second, idle or not (an idle server:
  // 4.5 → 2.0 µs of CPU per ms), and each wake-up can fall in the middle of a page turn's
  // broadcast; 20 samples a second still catch every stall longer than 50 ms.
  collectDefaultMetrics({ register: registry, prefix: 'icabinet_', eventLoopMonitoringPrecision: 50 });

  const storeLatency = new Histogram({
    name: 'icabinet_store_latency_seconds',
    help: 'Duration of store reads (timed at each scrape).',
    labelNames: ['op'],
    buckets: STORE_BUCKETS,
    registers: [registry],
  });
  const timed = async <T>(op: string, read: () => Promise<T>): Promise<T> => {
    const end = storeLatency.startTimer({ op });
    try {
      return await read();
    } finally {
      end();
    }
  };

  new Gauge({
    name: 'icabinet_socket_connections',
    help: 'Open Socket.IO connections of this process.',
    registers: [registry],
    collect() {
      this.set(deps.io.engine.clientsCount);
    },
  });
  new Gauge({
    name: 'icabinet_http_connections',
    help: 'Open TCP connections of this process (HTTP and WebSocket).',
    registers: [registry],
    async collect() {
      const n = await new Promise<number>((resolve) =>
        deps.httpServer.getConnections((err, count) => resolve(err ? 0 : count)),
      );
      this.set(n);
    },
  });
  const meetings = new Gauge({
    name: 'icabinet_meetings',
    help: 'Meetings stored, and those in progress (open rooms).',
    labelNames: ['state'],
    registers: [registry],
  });
  const documents = new Gauge({
    name: 'icabinet_documents',
    help: 'Documents stored (latest versions).',
    registers: [registry],
  });
  const jobs = new Gauge({
    name: 'icabinet_jobs',
    help: 'Background jobs (invitations, reminders) by status: queued is the queue depth.',
    labelNames: ['status'],
    registers: [registry],
  });

  /** The store reads of one scrape, in order, each timed into the latency histogram. */
  const refresh = async (): Promise<void> => {
    const page = { limit: 1, offset: 0 };
    const all = await timed('meetings_count', () => deps.store.meetings.list(page));
    const live = await timed('meetings_count', () =>
      deps.store.meetings.list({ ...page, status: ['in_progress'] }),
    );
    meetings.set({ state: 'all' }, all.total);
    meetings.set({ state: 'in_progress' }, live.total);
    documents.set(await timed('documents_count', () => deps.store.documents.countAllLatest()));
    const counts = await timed('jobs_count', () => deps.store.jobs.countByStatus());
    for (const [status, n] of Object.entries(counts) as [JobStatus, number][]) jobs.set({ status }, n);
  };

  return {
    registry,
    scrape: async () => {
      await refresh();
      return registry.metrics();
    },
  };
}

/** `GET /api/metrics`: administrators only (401 without a session, 403 for other roles). */
export function metricsRouter(deps: { auth: AuthService; metrics: Metrics }): Router {
  const router = Router();
  route(router, api.metrics, [requireAuth(deps.auth), requireRole('admin')], async ({ res }) => {
    const text = await deps.metrics.scrape();
    res.status(200).type(deps.metrics.registry.contentType).send(text);
  });
  return router;
}
