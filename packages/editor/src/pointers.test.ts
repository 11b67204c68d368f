import { describe, expect, it } from 'vitest';
import { harness } from './testing/store-harness.ts';

describe('pointers and views (M7) go through the store, never into the document', () => {
  it('hands this person’s pointer and view to the client, without a document change or an undo step', () => {
    const h = harness();
    const doc = h.state().doc;
    h.state().sharePointer({ id: 'title', x: 0.5, y: 0.25 });
    h.state().sharePointer(null);
    h.state().shareView({ viewport: 'mobile', scroll: 0.75 });
    expect(h.client.sharedPointers).toEqual([{ id: 'title', x: 0.5, y: 0.25 }, null]);
    expect(h.client.sharedViews).toEqual([{ viewport: 'mobile', scroll: 0.75 }]);
    expect(h.client.sent).toEqual([]);
    expect(h.state().doc).toBe(doc);
    expect(h.state().canUndo).toBe(false);
  });

  it('shows the others’ pointers and views as the client reports them', () => {
    const h = harness();
    h.client.pointers.set('u-ada', { id: 'title', x: 0.1, y: 0.9 });
    h.client.emit({ type: 'pointer', userId: 'u-ada', pointer: { id: 'title', x: 0.1, y: 0.9 } });
    expect(h.state().pointers).toEqual({ 'u-ada': { id: 'title', x: 0.1, y: 0.9 } });
    h.client.views.set('u-ada', { viewport: 'tablet', scroll: 0.5 });
    h.client.emit({ type: 'view', userId: 'u-ada', view: { viewport: 'tablet', scroll: 0.5 } });
    expect(h.state().views).toEqual({ 'u-ada': { viewport: 'tablet', scroll: 0.5 } });
    h.client.pointers.delete('u-ada');
    h.client.emit({ type: 'pointer', userId: 'u-ada', pointer: null });
    expect(h.state().pointers).toEqual({});
  });
});
