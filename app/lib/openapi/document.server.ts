import { z } from 'zod';
import { API_ROUTES, COMMON_ERRORS, errorExample, type Operation } from '~/lib/openapi/registry.server';
import { ErrorSchema } from '~/lib/openapi/responses.server';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the registry's zod schemas with zod's own JSON Schema
 * output (draft 2020-12, the dialect OpenAPI 3.1 uses). Schemas named with `.meta({ id })` become
 * `components.schemas`; request bodies are described as the API accepts them (`io: 'input'`), answers as it
 * sends them (`io: 'output'`).
 */
export function buildOpenApiDocument(): Json {
  const components: Record<string, unknown> = {};
  const schemaOf = (schema: z.ZodType, io: Io): Json => {
    const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12', override: describeCheckedJson }) as Json;
    delete out.$schema;
    const defs = (out.$defs ?? {}) as Record<string, unknown>;
    delete out.$defs;
    for (const [name, def] of Object.entries(defs)) components[name] = relink(def);
    return relink(out) as Json;
  };

  const paths: Record<string, Json> = {};
  for (const [routeId, route] of Object.entries(API_ROUTES)) {
    const item: Json = {};
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (params.length) item.parameters = params;
    for (const op of route.operations) item[op.method] = operationOf(op, route.tag, routeId, schemaOf);
    paths[route.path] = item;
  }
  components.Error ??= schemaOf(ErrorSchema, 'output');

  return {
    openapi: '3.1.0',
    info: {
      title: 'Kaizen API',
      version: '1',
      description:
        'Operability reviews and blameless postmortems. Authenticate with `Authorization: Bearer <token>` (an admin creates tokens at /admin/tokens or with `npm run -s cli -- token create <email>`). Instants travel as ISO-8601 with an offset; answers use UTC with `Z`. Every error is `{"error": {"code", "message", "issues"?}}` with a 4xx status.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    tags: [...new Set(Object.values(API_ROUTES).map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token' } },
      schemas: components,
    },
  };
}

function operationOf(op: Operation, tag: string, routeId: string, schemaOf: (s: z.ZodType, io: Io) => Json): Json {
  const out: Json = {
    operationId: `${op.method}${routeId
      .replace(/^routes\/api\.v1/, '')
      .replace(/\[\.json\]/, 'Json')
      .replace(/[.$-]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: op.summary,
    tags: [tag],
    'x-kaizen-role': op.access,
    'x-kaizen-route': routeId,
  };
  if (op.description) out.description = op.description;
  if (op.access === 'public' || op.access === 'signed') out.security = [];
  if (op.query) {
    out.parameters = Object.entries(op.query.shape).map(([name, field]) => {
      const schema = schemaOf(field as z.ZodType, 'input');
      const description = schema.description;
      delete schema.description;
      return { name, in: 'query', required: false, schema, ...(description ? { description } : {}) };
    });
  }
  if (op.body) {
    out.requestBody = {
      required: true,
      content: { 'application/json': { schema: schemaOf(op.body, 'input'), ...(op.examples ? { examples: op.examples } : {}) } },
    };
  }
  const responses: Json = {};
  for (const r of op.responses) {
    const type = r.contentType ?? 'application/json';
    const schema = r.schema ? schemaOf(r.schema, 'output') : r.status >= 400 ? { $ref: '#/components/schemas/Error' } : undefined;
    responses[String(r.status)] = {
      description: r.description,
      ...(schema || r.contentType
        ? { content: { [type]: { ...(schema ? { schema } : {}), ...(r.example ? { example: r.example } : {}) } } }
        : {}),
    };
  }
  const errors =
    op.access === 'public' ? [400] : op.access === 'signed' ? [400, 401, 413, 415] : [400, 401, 403, 404, ...(op.body ? [413, 415] : [])];
  for (const status of errors) {
    responses[String(status)] ??= {
      description: COMMON_ERRORS[status],
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/Error' }, ...(status === 400 ? { example: errorExample } : {}) },
      },
    };
  }
  out.responses = responses;
  return out;
}

/**
 * `safeJson().pipe(shape)` checks any JSON for unstorable text and then parses its shape; described as accepted it
 * would be `{}` (any value). Describe it by the shape it must have.
 */
function describeCheckedJson(ctx: { zodSchema: z.core.$ZodType; jsonSchema: Json }) {
  const def = ctx.zodSchema._zod.def as { type: string; in?: z.core.$ZodType; out?: z.core.$ZodType };
  if (def.type !== 'pipe' || def.in?._zod.def.type !== 'unknown' || !def.out) return;
  const shape = z.toJSONSchema(def.out, { io: 'input', unrepresentable: 'any' }) as Json;
  delete shape.$schema;
  Object.assign(ctx.jsonSchema, shape);
}

/** zod writes `#/$defs/X` for a schema named with `.meta({ id })`; in the OpenAPI document those live in components. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value))
      out[k] = k === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, '#/components/schemas/') : relink(v);
    return out;
  }
  return value;
}

let cached: string | undefined;
/** The document as JSON text (built once per process: it depends only on the code). */
export function openApiJson(): string {
  cached ??= JSON.stringify(buildOpenApiDocument());
  return cached;
}
