import { z } from 'zod';
import { Id } from '../../schemas/common.js';
import {
  DocumentFileQuery,
  DocumentListQuery,
  DocumentTextQuery,
  DocumentUpdateInput,
  type MeetingDocument,
  type MeetingPack,
  type PageHits,
} from '../../schemas/document.js';
import { endpoint } from '../rest.js';

const IdParams = z.object({ id: Id });

/** /api/meetings/:id/documents and /api/documents/*: the document library. */
export const documentsContract = {
  upload: endpoint<{ items: MeetingDocument[] }>()({
    method: 'POST',
    path: '/meetings/:id/documents',
    summary: 'Uploads one or more PDFs to a meeting (multipart, fields `files` and `meta`).',
    params: IdParams,
    request: 'multipart',
    status: 201,
    errors: ['forbidden', 'not_found', 'payload_too_large', 'unsupported_media_type', 'invalid_state'],
  }),
  list: endpoint<{ items: MeetingDocument[] }>()({
    method: 'GET',
    path: '/meetings/:id/documents',
    summary: "A meeting's documents the caller may see (`all=1`: every version).",
    params: IdParams,
    query: DocumentListQuery,
    errors: ['forbidden', 'not_found'],
  }),
  get: endpoint<{ document: MeetingDocument }>()({
    method: 'GET',
    path: '/documents/:id',
    summary: 'One document.',
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
  update: endpoint<{ document: MeetingDocument }>()({
    method: 'PATCH',
    path: '/documents/:id',
    summary: "Edits a document's title, agenda item, visibility or order.",
    params: IdParams,
    body: DocumentUpdateInput,
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_state'],
  }),
  remove: endpoint<void>()({
    method: 'DELETE',
    path: '/documents/:id',
    summary: 'Removes a document (every version).',
    params: IdParams,
    status: 204,
    errors: ['forbidden', 'not_found', 'invalid_state'],
  }),
  searchText: endpoint<PageHits>()({
    method: 'GET',
    path: '/documents/:id/search',
    summary:
      'The pages of a document whose text holds the words (with or without diacritics): every page is searched, one slice of the hits is sent with the totals.',
    params: IdParams,
    query: DocumentTextQuery,
    errors: ['forbidden', 'not_found'],
  }),
  versions: endpoint<{ items: MeetingDocument[] }>()({
    method: 'GET',
    path: '/documents/:id/versions',
    summary: 'Every version of a document, newest first.',
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
  addVersion: endpoint<{ document: MeetingDocument }>()({
    method: 'POST',
    path: '/documents/:id/versions',
    summary: 'Uploads a new version of a document (multipart, field `file`).',
    params: IdParams,
    request: 'multipart',
    status: 201,
    errors: ['forbidden', 'not_found', 'payload_too_large', 'unsupported_media_type', 'invalid_state'],
  }),
  file: endpoint<void>()({
    method: 'GET',
    path: '/documents/:id/file',
    summary: "The PDF's bytes (Range requests supported; `download=1` for an attachment).",
    params: IdParams,
    query: DocumentFileQuery,
    response: 'file',
    errors: ['forbidden', 'not_found'],
  }),
  pack: endpoint<MeetingPack>()({
    method: 'GET',
    path: '/meetings/:id/pack',
    summary:
      "The caller's offline pack for a meeting: the current version of each document they may open (confidential ones left out), with content hashes, sizes and URLs, and the JSON resources the room reads.",
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
} as const;
