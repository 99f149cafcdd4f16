import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { DuplicateKeyError } from '../port.js';
import { escapeRegex, mapMongoError } from './mongo-errors.js';
import { redactMongoUri } from './mongo-store.js';

const e11000 = (index: string, keyPattern: Record<string, number>) =>
  new mongoose.mongo.MongoServerError({
    code: 11000,
    errmsg: `E11000 duplicate key error collection: icabinet.x index: ${index} dup key: { k: "v" }`,
    keyPattern,
  });

describe('MongoDB error mapping', () => {
  it('names the field of a duplicate key from the index', () => {
    expect(mapMongoError(e11000('username_1', { username: 1 }))).toEqual(new DuplicateKeyError('username'));
    expect(mapMongoError(e11000('_id_', { _id: 1 }))).toMatchObject({ field: 'id' });
    expect(mapMongoError(e11000('meetingId_1_userId_1', { meetingId: 1, userId: 1 }))).toMatchObject({
      field: 'userId',
    });
  });

  it('finds a duplicate key inside a bulk write error', () => {
    const bulk = {
      name: 'MongoBulkWriteError',
      message: 'bulk failed',
      writeErrors: [
        { err: { code: 11000, errmsg: 'E11000 duplicate key error index: seq_1 dup key: { seq: 3 }' } },
      ],
    };
    expect(mapMongoError(bulk)).toMatchObject({ field: 'seq' });
  });

  it('falls back to the key pattern for an index it does not know', () => {
    expect(mapMongoError(e11000('custom_idx', { email: 1 }))).toMatchObject({ field: 'email' });
  });

  it('leaves other errors alone', () => {
    const other = new Error('network');
    expect(mapMongoError(other)).toBe(other);
  });

  it('escapes regular-expression characters', () => {
    expect(new RegExp(escapeRegex('a.b*(c)')).test('a.b*(c)')).toBe(true);
    expect(new RegExp(escapeRegex('a.b')).test('axb')).toBe(false);
  });
});

describe('MongoDB location for logs', () => {
  it('drops credentials and options from the URI', () => {
    expect(
      redactMongoUri('mongodb://admin:p%40ss@db1:27017,db2:27017/icabinet?replicaSet=rs0&authSource=admin'),
    ).toBe('mongodb://db1:27017,db2:27017/icabinet');
    expect(redactMongoUri('mongodb+srv://u:p@cluster0.example.net/')).toBe(
      'mongodb+srv://cluster0.example.net/',
    );
    expect(redactMongoUri('mongodb://localhost')).toBe('mongodb://localhost');
    expect(redactMongoUri('not a uri')).not.toContain('not a uri');
  });
});
