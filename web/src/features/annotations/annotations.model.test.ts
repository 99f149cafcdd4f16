import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pageRoot, type Annotation } from '@icabinet/shared';
import {
  addAnnotation,
  pageAnnotations,
  selectionToGridRects,
  setAnnotationText,
  updateAnnotation,
} from './annotations.model';

const box: Annotation = {
  id: 'box',
  kind: 'text',
  color: '#1450a3',
  author: 'u1',
  createdAt: '2026-11-24T08:00:00.000Z',
  rects: [1000, 1000, 3000, 800],
  text: 'Đề nghị bổ sung số liệu',
};

describe('annotations in a layer', () => {
  it('edits replace the whole value and undo one step at a time', () => {
    const doc = new Y.Doc();
    const mine = Symbol('me');
    const undo = new Y.UndoManager(doc.getMap(pageRoot(2)), {
      trackedOrigins: new Set([mine]),
      captureTimeout: 0,
    });
    addAnnotation(doc, 2, box, mine);
    updateAnnotation(
      doc,
      2,
      'box',
      (a) => (a.kind === 'text' ? { ...a, rects: [4000, 5000, 3000, 800] } : a),
      mine,
    );
    setAnnotationText(doc, 2, 'box', 'Đã bổ sung', mine);
    expect(pageAnnotations(doc, 2)).toEqual([{ ...box, rects: [4000, 5000, 3000, 800], text: 'Đã bổ sung' }]);
    undo.undo();
    expect(pageAnnotations(doc, 2)[0]).toMatchObject({ rects: [4000, 5000, 3000, 800], text: box.text });
    undo.undo();
    expect(pageAnnotations(doc, 2)).toEqual([box]);
  });

  it('reads a stored record once while it is unchanged, and again once it changes', () => {
    const doc = new Y.Doc();
    addAnnotation(doc, 3, box, null);
    const first = pageAnnotations(doc, 3)[0];
    expect(pageAnnotations(doc, 3)[0]).toBe(first);
    setAnnotationText(doc, 3, 'box', 'Đã sửa', null);
    const changed = pageAnnotations(doc, 3)[0];
    expect(changed).not.toBe(first);
    expect(changed).toEqual({ ...box, text: 'Đã sửa' });
    // The same bytes under another key (a copy) are read for that key.
    doc.getMap(pageRoot(3)).set('copy', doc.getMap(pageRoot(3)).get('box'));
    expect(
      pageAnnotations(doc, 3)
        .map((a) => a.id)
        .sort(),
    ).toEqual(['box', 'copy']);
  });

  it('does nothing to an annotation another device erased', () => {
    const doc = new Y.Doc();
    setAnnotationText(doc, 1, 'gone', 'x', null);
    expect(doc.getMap(pageRoot(1)).size).toBe(0);
  });

  it('still reads annotations earlier clients wrote as nested maps', () => {
    const doc = new Y.Doc();
    const legacy = new Y.Map<unknown>(Object.entries({ ...box, id: 'old' }));
    doc.getMap(pageRoot(1)).set('old', legacy);
    expect(pageAnnotations(doc, 1)).toEqual([{ ...box, id: 'old' }]);
    setAnnotationText(doc, 1, 'old', 'mới', null);
    expect(pageAnnotations(doc, 1)).toEqual([{ ...box, id: 'old', text: 'mới' }]);
  });
});

const page = { left: 100, top: 50, width: 1000, height: 2000 };

describe('selectionToGridRects', () => {
  it('merges the spans of one line and keeps lines apart', () => {
    const rects = [
      { left: 200, top: 250, width: 100, height: 20 },
      { left: 300, top: 252, width: 150, height: 18 },
      { left: 150, top: 280, width: 400, height: 20 },
    ];
    expect(selectionToGridRects(rects, page)).toEqual([1000, 1000, 2500, 100, 500, 1150, 4000, 100]);
  });

  it('drops empty rects and clips to the page', () => {
    const rects = [
      { left: 500, top: 500, width: 0, height: 20 },
      { left: 900, top: 40, width: 400, height: 30 },
    ];
    expect(selectionToGridRects(rects, page)).toEqual([8000, 0, 2000, 100]);
  });

  it('gives nothing for a page without size', () => {
    expect(selectionToGridRects([{ left: 0, top: 0, width: 10, height: 10 }], { ...page, width: 0 })).toEqual(
      [],
    );
  });
});
