// No folder of src/modules imports, directly or through others, a folder that imports it back: a
// reader follows an upload from the controller to the screen without a module bouncing back.
// Counted: value imports, re-exports and dynamic imports between folders. Not counted: type-only
// imports (erased when compiled), and entities, which form one layer, the schema: relations name
// each other both ways (an event has teams, a team has an event) and every module may read them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const MODULES = fileURLToPath(new URL('.', import.meta.url));
const ENTITIES = '(entities)';

/** The node a source file belongs to: its folder under modules/, or the entity layer. */
function nodeOf(file: string): string | null {
  const rel = relative(MODULES, file);
  if (rel.startsWith('..') || !rel.includes(sep)) return null;
  return file.endsWith('.entity.ts') ? ENTITIES : rel.split(sep)[0]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Relative module specifiers a file loads at run time. */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly || (!clause.name && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) out.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out.filter((s) => s.startsWith('.'));
}

/** Folder-level edges, each with the file imports that make it. */
function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(MODULES)) {
    const from = nodeOf(file);
    if (!from) continue;
    for (const specifier of valueImports(file)) {
      const target = resolve(file, '..', specifier.replace(/\.js$/, '.ts'));
      const to = nodeOf(target);
      if (!to || to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      edges.set(to, [...(edges.get(to) ?? []), `${relative(MODULES, file)} -> ${specifier}`]);
    }
  }
  return graph;
}

/** Strongly connected components with more than one node (Tarjan). */
function cycles(graph: Map<string, Map<string, string[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do component.push((w = stack.pop()!));
      while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('modules folder graph', () => {
  it('has no cycle between folders', () => {
    const graph = folderGraph();
    // The reader sees which imports close each cycle.
    const report = cycles(graph).map((component) =>
      component.flatMap((from) => component.flatMap((to) => (graph.get(from)?.get(to) ?? []).map((edge) => `${from} -> ${to}: ${edge}`))),
    );
    expect(report).toEqual([]);
  });

  it('sees the imports it checks (the graph is not empty by mistake)', () => {
    const graph = folderGraph();
    expect(graph.get('submissions')?.has('scoring-jobs')).toBe(true);
    expect(graph.get('live')?.has(ENTITIES)).toBe(true);
  });
});
