import { describe, expect, it } from 'vitest';
import { createRouteLabeler } from '../../app/lib/route-label.server';

// The manifest's shape (ids, parents, paths) as Remix builds it for these route files.
const routes = {
  root: { id: 'root', path: '' },
  'routes/_index': { id: 'routes/_index', parentId: 'root', index: true },
  'routes/docs.$id': { id: 'routes/docs.$id', parentId: 'root', path: 'docs/:id' },
  'routes/docs.$id[.pdf]': { id: 'routes/docs.$id[.pdf]', parentId: 'root', path: 'docs/:id.pdf' },
  'routes/docs.new': { id: 'routes/docs.new', parentId: 'root', path: 'docs/new' },
  'routes/api.v1.documents.$id.pdf': { id: 'routes/api.v1.documents.$id.pdf', parentId: 'root', path: 'api/v1/documents/:id/pdf' },
};

describe('route labels', () => {
  it('paths that differ only in their UUIDs share a remembered label; other paths are matched for themselves', () => {
    const label = createRouteLabeler(routes);
    const a = '0d9c4f8e-3b1a-4c2d-9e8f-7a6b5c4d3e2f';
    const b = 'F1E2D3C4-B5A6-4978-8a9b-0c1d2e3f4a5b';
    for (let round = 0; round < 2; round++) {
      expect(label(`/docs/${a}`)).toBe('routes/docs.$id');
      expect(label(`/docs/${b}`)).toBe('routes/docs.$id');
      expect(label(`/docs/${a}.pdf`)).toBe('routes/docs.$id[.pdf]');
      expect(label(`/docs/${b}.data`)).toBe('routes/docs.$id');
      expect(label(`/api/v1/documents/${a}/pdf`)).toBe('routes/api.v1.documents.$id.pdf');
      expect(label(`/api/v1/documents/${b}/pdf/extra`)).toBe('unmatched');
      expect(label('/docs/new')).toBe('routes/docs.new');
      expect(label('/docs/not-a-uuid')).toBe('routes/docs.$id');
      expect(label('/')).toBe('routes/_index');
      expect(label('/_root.data')).toBe('routes/_index');
      expect(label(`/${a}/${b}`)).toBe('unmatched');
    }
  });
});
