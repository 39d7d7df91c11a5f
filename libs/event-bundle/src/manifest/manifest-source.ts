// Reads event.yaml / event.json text into a plain value, keeping enough of the YAML document to
// point every later problem at its line.
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Node } from 'yaml';
import type { Problem } from '@podium/contracts';
import type { ManifestPath } from './manifest-path.js';

export interface ManifestSource {
  file: string;
  value?: unknown;
  problems: Problem[];
  /** 1-based line of the value (or, for `key`, of the key itself) at `path`, when known. */
  lineOf(path: ManifestPath, key?: string): number | undefined;
}

export function readManifestSource(file: string, bytes: Uint8Array): ManifestSource {
  const decoded = decodeUtf8(bytes);
  if (decoded === undefined) {
    return failed(file, {
      code: 'manifest.encoding',
      message: `${file} is not valid UTF-8 text: save it as UTF-8`,
      file,
    });
  }
  const source = decoded.replace(/^\uFEFF/, '');
  return file.endsWith('.json') ? readJson(file, source) : readYaml(file, source);
}

function readYaml(file: string, text: string): ManifestSource {
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema: `2019-10-13T13:00:00+02:00` stays a string, `no` stays a string.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core' });
  if (doc.errors.length > 0) {
    // Later YAML errors are nearly always echoes of the first one (a missing bracket derails
    // every following line), so only the first is reported, precisely.
    const problems = doc.errors.slice(0, 1).map((error): Problem => {
      const { line, col: column } = lineCounter.linePos(error.pos[0]);
      const near = clip(text.split(/\r?\n/)[line - 1]?.trim() ?? '');
      const what =
        error.code === 'DUPLICATE_KEY'
          ? `the key in "${near}" already appears earlier in the same mapping; keep only one of them`
          : `${firstLine(error.message)} (near "${near}"); check the indentation, colons, brackets and quotes around this line`;
      return {
        code: error.code === 'DUPLICATE_KEY' ? 'manifest.duplicate_key' : 'manifest.yaml_syntax',
        message: `${file} line ${line}, column ${column}: ${what}`,
        file,
        line,
        column,
      };
    });
    return { file, problems, lineOf: () => undefined };
  }
  let value: unknown;
  try {
    // Bounded alias expansion: a "billion laughs" document is refused, not expanded.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return failed(file, {
      code: 'manifest.yaml_aliases',
      message: `${file}: ${(error as Error).message}; write the repeated parts out instead of using many YAML aliases (*name)`,
      file,
    });
  }
  const lineOf = (path: ManifestPath, key?: string): number | undefined => {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) return lineCounter.linePos(keyNode.range[0]).line;
    }
    const range = (node as Node | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return failed(file, {
      code: 'manifest.not_a_mapping',
      message: `${file} must be a mapping of fields (slug:, title:, timezone:, teams:, tasks:), not ${value === null ? 'an empty document' : 'a single value or a list'}`,
      file,
    });
  }
  return { file, value, problems: [], lineOf };
}

function readJson(file: string, text: string): ManifestSource {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return failed(file, {
      code: 'manifest.json_syntax',
      message: `${file} is not valid JSON (${(error as Error).message}); check commas, quotes and brackets`,
      file,
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return failed(file, {
      code: 'manifest.not_a_mapping',
      message: `${file} must be a JSON object with the event's fields (slug, title, timezone, teams, tasks)`,
      file,
    });
  }
  return { file, value, problems: [], lineOf: () => undefined };
}

function failed(file: string, problem: Problem): ManifestSource {
  return { file, problems: [problem], lineOf: () => undefined };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
