// The OpenAPI document turned into what the reference page at /api shows: one entry per operation with its
// parameters, body members and answers as rows of plain text (the page renders them as text, never as HTML).

type Json = Record<string, unknown>;
export type SchemaRow = { name: string; type: string; ref?: string; required: boolean; notes: string };

const refName = (ref: unknown) => (typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : '');

/** A short type expression for a JSON Schema: `string`, `"a" | "b"`, `array of Document`, `integer | null`. */
export function typeOf(s: Json | undefined): string {
  if (!s || !Object.keys(s).length) return 'any';
  if (s.$ref) return refName(s.$ref);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.anyOf)) return [...new Set((s.anyOf as Json[]).map(typeOf))].join(' | ');
  if (Array.isArray(s.oneOf)) return [...new Set((s.oneOf as Json[]).map(typeOf))].join(' | ');
  if (Array.isArray(s.type)) return s.type.join(' | ');
  if (s.type === 'array') return `array of ${typeOf(s.items as Json)}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object')
    return `object of ${typeOf(s.additionalProperties as Json)}`;
  return String(s.type ?? 'any');
}

function notesOf(s: Json): string {
  const n: string[] = [];
  if (typeof s.description === 'string') n.push(s.description);
  if (s.format) n.push(`format ${String(s.format)}`);
  if (s.minLength !== undefined) n.push(`at least ${String(s.minLength)} characters`);
  if (s.maxLength !== undefined) n.push(`at most ${String(s.maxLength)} characters`);
  if (s.minimum !== undefined && Math.abs(Number(s.minimum)) < 1e15) n.push(`≥ ${String(s.minimum)}`);
  if (s.exclusiveMinimum !== undefined) n.push(`> ${String(s.exclusiveMinimum)}`);
  if (s.maximum !== undefined && Math.abs(Number(s.maximum)) < 1e15) n.push(`≤ ${String(s.maximum)}`);
  if (s.default !== undefined) n.push(`default ${JSON.stringify(s.default)}`);
  for (const alt of [...((s.anyOf as Json[]) ?? []), ...((s.oneOf as Json[]) ?? [])]) {
    const inner = notesOf({ ...alt, description: undefined, default: undefined });
    if (inner) n.push(inner);
  }
  return [...new Set(n)].join('; ');
}

/** One row per member of an object schema (one level: nested objects show as their type). */
export function rowsOf(schema: Json | undefined): SchemaRow[] {
  const props = (schema?.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema?.required as string[]) ?? []);
  return Object.entries(props).map(([name, s]) => {
    const ref = s.$ref ? refName(s.$ref) : (s.items as Json | undefined)?.$ref ? refName((s.items as Json).$ref) : undefined;
    return { name, type: typeOf(s), ...(ref ? { ref } : {}), required: required.has(name), notes: notesOf(s) };
  });
}

type OpenApi = {
  openapi: string;
  info: { title: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
};

export function referenceOf(doc: OpenApi) {
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, raw]) => {
        const op = raw as Json & {
          parameters?: Json[];
          requestBody?: { content: Record<string, { schema: Json; examples?: Record<string, { summary: string; value: unknown }> }> };
          responses: Record<string, Json>;
        };
        const body = op.requestBody?.content['application/json'];
        return {
          anchor: `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, ''),
          method: method.toUpperCase(),
          path,
          summary: String(op.summary ?? ''),
          description: String(op.description ?? ''),
          access:
            op['x-kaizen-role'] === 'public'
              ? 'No token needed.'
              : op['x-kaizen-role'] === 'signed'
                ? 'Signed with the hook’s secret (no token).'
                : `Needs a token of a ${String(op['x-kaizen-role'])} or above.`,
          parameters: (op.parameters ?? []).map((p) => ({
            name: String(p.name),
            type: typeOf(p.schema as Json),
            required: !!p.required,
            notes: notesOf({ ...(p.schema as Json), description: p.description }),
          })),
          body: body ? rowsOf(body.schema) : null,
          examples: Object.entries(body?.examples ?? {}).map(([name, ex]) => ({
            name,
            summary: ex.summary,
            json: JSON.stringify(ex.value, null, 2),
          })),
          responses: Object.entries(op.responses).map(([status, r]) => {
            const content = (r.content ?? {}) as Record<string, { schema?: Json }>;
            const [type, media] = Object.entries(content)[0] ?? [];
            const schema = media?.schema;
            const ref = schema?.$ref ? refName(schema.$ref) : undefined;
            return {
              status,
              description: String(r.description ?? ''),
              schema: schema ? typeOf(schema) : type && type !== 'application/json' ? type : null,
              ...(ref ? { schemaRef: ref } : {}),
              rows: schema && !ref ? rowsOf(schema) : [],
            };
          }),
        };
      }),
  );
  return {
    title: doc.info.title,
    description: doc.info.description,
    openapi: doc.openapi,
    baseUrl: doc.servers[0]?.url ?? '/',
    operations,
    schemas: Object.entries(doc.components.schemas).map(([name, s]) => ({ name, rows: rowsOf(s) })),
  };
}
