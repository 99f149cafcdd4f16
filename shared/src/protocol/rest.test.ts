import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pathOf, type Endpoint } from './rest.js';
import { restContract } from './rest/index.js';
import { socketContract } from './commands.js';

const endpoints: [string, Endpoint][] = Object.entries(restContract).flatMap(([area, group]) =>
  Object.entries(group as Record<string, Endpoint>).map(([name, e]): [string, Endpoint] => [
    `${area}.${name}`,
    e,
  ]),
);

describe('the REST contract', () => {
  it('declares every path parameter in its params schema, and nothing else there', () => {
    const wrong = endpoints.filter(([, e]) => {
      const inPath = [...e.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]).sort();
      const declared = e.params instanceof z.ZodObject ? Object.keys(e.params.shape).sort() : [];
      return inPath.join() !== declared.join();
    });
    expect(wrong.map(([name]) => name)).toEqual([]);
  });

  it('has one endpoint per method and path', () => {
    const keys = endpoints.map(([, e]) => `${e.method} ${e.path}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('gives every endpoint a summary and the errors every endpoint may answer', () => {
    const wrong = endpoints.filter(([, e]) => e.summary.trim() === '' || !e.errors.includes('invalid_input'));
    expect(wrong.map(([name]) => name)).toEqual([]);
  });

  it('sends no body on GET and DELETE', () => {
    const wrong = endpoints.filter(([, e]) => (e.method === 'GET' || e.method === 'DELETE') && e.body);
    expect(wrong.map(([name]) => name)).toEqual([]);
  });

  it('fills a path with URI-encoded parameters', () => {
    expect(pathOf('/meetings/:id/participants/:pid', { id: 'a b', pid: 'c/d' })).toBe(
      '/meetings/a%20b/participants/c%2Fd',
    );
    expect(() => pathOf('/meetings/:id', {})).toThrow(/id/);
  });
});

describe('the socket contract', () => {
  it('names every event domain:verb', () => {
    expect(Object.keys(socketContract).filter((k) => !/^[a-z]+:[a-z]+$/.test(k))).toEqual([]);
  });
});
