/**
 * The registry's promise: a field kind added to templates/schema.ts does not compile until every layer has it.
 * Runs the TypeScript checker on the real sources with one file swapped for a fixture (a new kind, "rating"),
 * and only asks for the diagnostics of the registry's files, so it stays a few seconds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const at = (p: string) => path.join(root, p);

/** Each layer's map, and the kind types, that a new kind must reach. */
const LAYERS = [
  'app/fields/kind.ts',
  'app/fields/text.ts',
  'app/fields/forms.ts',
  'app/fields/values.server.ts',
  'app/fields/views.tsx',
  'app/fields/inputs.tsx',
  'app/fields/markdown.ts',
  'app/pdf/field-components.tsx',
];

function withRatingKind(schema: string): string {
  const out = schema
    .replace("  'table',\n] as const;", "  'table',\n  'rating',\n] as const;")
    .replace(
      "export const FieldSchema = z.discriminatedUnion('type', [",
      "export const FieldSchema = z.discriminatedUnion('type', [\n  z.object({ ...FieldBase, type: z.literal('rating'), max: z.number().int() }),",
    );
  if (out === schema || !out.includes("'rating',\n] as const") || !out.includes("z.literal('rating')"))
    throw new Error('fixture no longer applies to templates/schema.ts');
  return out;
}

/** Every layer given a "rating" entry (borrowing the text kind's parts: the test is about the types, not the code). */
const PATCHES: Record<string, [string, string][]> = {
  'app/fields/kind.ts': [
    ['  table: TableRow[];\n};', '  table: TableRow[];\n  rating: number;\n};'],
    ['  table: Record<string, string>[];\n};', '  table: Record<string, string>[];\n  rating: string;\n};'],
  ],
  'app/fields/text.ts': [['  table: tableText,\n}', "  table: tableText,\n  rating: textText as unknown as KindText<'rating'>,\n}"]],
  'app/fields/forms.ts': [['  table: tableForm,\n}', "  table: tableForm,\n  rating: textForm as unknown as KindForm<'rating'>,\n}"]],
  'app/fields/values.server.ts': [
    ['  table: tableValue,\n}', "  table: tableValue,\n  rating: textValue as unknown as KindValue<'rating'>,\n}"],
  ],
  'app/fields/views.tsx': [['  table: tableView,\n}', "  table: tableView,\n  rating: textView as unknown as KindView<'rating'>,\n}"]],
  'app/fields/inputs.tsx': [['  table: tableInput,\n}', "  table: tableInput,\n  rating: textInput as unknown as KindInput<'rating'>,\n}"]],
  'app/fields/markdown.ts': [
    ['  table: tableMarkdown,\n}', "  table: tableMarkdown,\n  rating: textMarkdown as unknown as KindMarkdown<'rating'>,\n}"],
  ],
  'app/pdf/field-components.tsx': [
    ['  table: tablePdfKind,\n}', "  table: tablePdfKind,\n  rating: textPdf as unknown as KindPdf<'rating'>,\n}"],
  ],
};

const parsed = new Map<string, ts.SourceFile | undefined>();

function options(): ts.CompilerOptions {
  const config = ts.readConfigFile(at('tsconfig.json'), ts.sys.readFile);
  return { ...ts.parseJsonConfigFileContent(config.config, ts.sys, root).options, noEmit: true, skipLibCheck: true };
}

/** Diagnostics of the layer files when some sources are replaced by fixtures (path → text). */
function layerErrors(replaced: Record<string, string>): Record<string, string[]> {
  const opts = options();
  const host = ts.createCompilerHost(opts, true);
  const byPath = new Map(Object.entries(replaced).map(([p, text]) => [path.normalize(at(p)), text]));
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => byPath.get(path.normalize(f)) ?? readFile(f);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, onError) => {
    const text = byPath.get(path.normalize(f));
    if (text !== undefined) return ts.createSourceFile(f, text, lang, true);
    // Unchanged files (the app, React's and zod's types) are parsed once for both programs.
    let sf = parsed.get(f);
    if (!sf) parsed.set(f, (sf = getSourceFile(f, lang, onError)));
    return sf;
  };
  const program = ts.createProgram({ rootNames: LAYERS.map(at), options: opts, host });
  const out: Record<string, string[]> = {};
  for (const file of LAYERS) {
    const sf = program.getSourceFile(at(file));
    if (!sf) throw new Error(`${file} is not in the program`);
    const msgs = program.getSemanticDiagnostics(sf).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    if (msgs.length) out[file] = msgs;
  }
  return out;
}

describe('a new field kind', () => {
  const schema = withRatingKind(readFileSync(at('templates/schema.ts'), 'utf8'));

  it('fails to compile in every layer that lacks it', () => {
    const errors = layerErrors({ 'templates/schema.ts': schema });
    expect(Object.keys(errors).sort()).toEqual([...LAYERS].sort());
    for (const [file, msgs] of Object.entries(errors)) expect(msgs.join('\n'), file).toMatch(/rating/);
  }, 180_000);

  it('compiles once each layer has an entry for it', () => {
    const patched: Record<string, string> = { 'templates/schema.ts': schema };
    for (const [file, pairs] of Object.entries(PATCHES)) {
      let text = readFileSync(at(file), 'utf8');
      for (const [from, to] of pairs) {
        if (!text.includes(from)) throw new Error(`fixture no longer applies to ${file}: ${from}`);
        text = text.replace(from, to);
      }
      patched[file] = text;
    }
    expect(layerErrors(patched)).toEqual({});
  }, 180_000);
});
