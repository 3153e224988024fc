"use strict";
// Source-to-source pass that makes an ES5 bundle safe for Espruino (measured on 2v29, see
// shared/TARGETS.md):
//   - Espruino hoists neither function declarations nor `var`: every function declaration is
//     moved to the start of its function body (or of the program) and every `var` is declared
//     there (`var a, b;`), the original declarations becoming plain assignments.
//   - Array holes (`[0, , 5, 6]`, emitted by TypeScript's generator state machines) are a syntax
//     error there: each hole is filled with `void 0`.
//   - `arguments` is made lazily there and kept as a variable of the function that first reads
//     it; a function nested in it then finds THAT variable before its own arguments (reading
//     `arguments` in an inner function gave the outer one's, e.g. terser's inlined
//     rest-parameter copy inside an async function with default parameters, which passes
//     `arguments` to __awaiter). Such an inner function reads its own through
//     `global.arguments`, which Espruino answers with the calling function's arguments:
//     `$args = typeof global != "undefined" && global.arguments || arguments;` (other
//     engines have no `global.arguments` and take `arguments` as usual).
//   - Labels and `with` do not exist there, and function declarations inside blocks have no
//     defined meaning in ES5: all three are rejected.
//   - Anything past ES5 is rejected with the construct's name, line and column.
//
// It walks acorn's AST with acorn-walk and edits the text with magic-string, so comments and
// layout of untouched code are kept (readable `--no-minify` bundles), and the change has a
// source map (ES5 host and sim bundles map back to the app's .ts lines).
//
// Exports:
//   espruinoPass(code, {filename, sourceMap}) -> {code, map, changed, stats}
//   checkSyntax(code, {ecmaVersion, filename, engine}) -> throws if the code is not pure
//                                                           `ecmaVersion` syntax
//   findLaterSyntax(code, ecmaVersion) -> [{construct, line, column, since}]

const acorn = require("acorn");
const acornWalk = require("acorn-walk");
const MagicString = require("magic-string");

class PassError extends Error {
  constructor(message, loc) {
    super(message);
    this.name = "EspruinoPassError";
    if (loc) {
      this.line = loc.line;
      this.column = loc.column;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Generic helpers

/** Calls visit(node, parent, key) for every AST node below `node` (node itself included). */
function walk(node, visit, parent, key) {
  if (visit(node, parent, key) === false) return;
  for (const k in node) {
    if (k === "loc" || k === "start" || k === "end" || k === "type") continue;
    const v = node[k];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === "string") walk(c, visit, node, k);
    } else if (v && typeof v === "object" && typeof v.type === "string") {
      walk(v, visit, node, k);
    }
  }
}

function where(filename, loc) {
  return `${filename ? filename + ":" : ""}${loc.line}:${loc.column + 1}`;
}

/** 1-based line and 0-based column of an offset. */
function locOf(code, offset) {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < code.length; i++) {
    if (code.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last - 1 };
}

function lineText(code, line) {
  const l = code.split("\n")[line - 1];
  if (l === undefined) return "";
  return l.length > 160 ? l.slice(0, 160) + "..." : l;
}

// ---------------------------------------------------------------------------------------------
// Syntax newer than a given edition

const isFunction = (n) => n.type === "FunctionDeclaration" || n.type === "FunctionExpression" || n.type === "ArrowFunctionExpression";

/**
 * Names the constructs of `code` that need more than `ecmaVersion` (5 or 2015..2022).
 * The code is parsed with the newest syntax acorn knows; returns [] if that fails.
 */
function findLaterSyntax(code, ecmaVersion) {
  let ast;
  try {
    ast = acorn.parse(code, { ecmaVersion: "latest", sourceType: "script", locations: true, allowHashBang: true });
  } catch (_) {
    try {
      ast = acorn.parse(code, { ecmaVersion: "latest", sourceType: "module", locations: true, allowHashBang: true });
    } catch (_e) {
      return [];
    }
  }
  const found = [];
  const add = (node, construct, since) => {
    if (since > ecmaVersion) found.push({ construct, since, line: node.loc.start.line, column: node.loc.start.column, node });
  };
  walk(ast, (n, parent) => {
    switch (n.type) {
      case "VariableDeclaration":
        if (n.kind !== "var") add(n, `\`${n.kind}\` declaration`, 2015);
        break;
      case "ArrowFunctionExpression":
        add(n, "arrow function", 2015);
        if (n.async) add(n, "async function", 2017);
        break;
      case "FunctionDeclaration":
      case "FunctionExpression":
        if (n.generator && n.async) add(n, "async generator", 2018);
        else if (n.generator) add(n, "generator function", 2015);
        else if (n.async) add(n, "async function", 2017);
        break;
      case "ClassDeclaration":
      case "ClassExpression":
        add(n, "class", 2015);
        break;
      case "PropertyDefinition":
        add(n, "class field", 2022);
        break;
      case "PrivateIdentifier":
        add(n, "#private name", 2022);
        break;
      case "StaticBlock":
        add(n, "class static block", 2022);
        break;
      case "TemplateLiteral":
        if (!parent || parent.type !== "TaggedTemplateExpression") add(n, "template literal", 2015);
        break;
      case "TaggedTemplateExpression":
        add(n, "tagged template", 2015);
        break;
      case "SpreadElement":
        add(
          n,
          parent && parent.type === "ObjectExpression" ? "object spread" : "spread (...)",
          parent && parent.type === "ObjectExpression" ? 2018 : 2015,
        );
        break;
      case "RestElement":
        add(
          n,
          parent && parent.type === "ObjectPattern" ? "object rest" : "rest parameter/element (...)",
          parent && parent.type === "ObjectPattern" ? 2018 : 2015,
        );
        break;
      case "ObjectPattern":
      case "ArrayPattern":
        add(n, "destructuring", 2015);
        break;
      case "AssignmentPattern":
        add(n, "default value (parameter or destructuring)", 2015);
        break;
      case "Property":
        if (n.computed) add(n, "computed property key", 2015);
        if (n.shorthand && parent && parent.type === "ObjectExpression") add(n, "shorthand property", 2015);
        if (n.method) add(n, "method shorthand", 2015);
        break;
      case "ForOfStatement":
        add(n, n.await ? "for await..of" : "for..of", n.await ? 2018 : 2015);
        break;
      case "ChainExpression":
        add(n, "optional chaining (?.)", 2020);
        break;
      case "LogicalExpression":
        if (n.operator === "??") add(n, "nullish coalescing (??)", 2020);
        break;
      case "BinaryExpression":
        if (n.operator === "**") add(n, "exponent operator (**)", 2016);
        break;
      case "AssignmentExpression":
        if (n.operator === "**=") add(n, "exponent assignment (**=)", 2016);
        if (n.operator === "??=" || n.operator === "||=" || n.operator === "&&=") add(n, `logical assignment (${n.operator})`, 2021);
        break;
      case "AwaitExpression":
        add(n, "await", 2017);
        break;
      case "YieldExpression":
        add(n, "yield", 2015);
        break;
      case "MetaProperty":
        add(n, `${n.meta.name}.${n.property.name}`, n.meta.name === "import" ? 2020 : 2015);
        break;
      case "ImportExpression":
        add(n, "dynamic import()", 2020);
        break;
      case "ImportDeclaration":
      case "ExportNamedDeclaration":
      case "ExportDefaultDeclaration":
      case "ExportAllDeclaration":
        add(n, "ES module import/export", 2015);
        break;
      case "Super":
        add(n, "super", 2015);
        break;
      case "CatchClause":
        if (!n.param) add(n, "catch without binding", 2019);
        break;
      case "Literal":
        if (typeof n.bigint === "string") add(n, "BigInt literal", 2020);
        else if (n.regex) {
          const f = n.regex.flags;
          if (/[uy]/.test(f)) add(n, `regular expression flag ${f.match(/[uy]/)[0]}`, 2015);
          if (/s/.test(f)) add(n, "regular expression flag s", 2018);
          if (/d/.test(f)) add(n, "regular expression flag d", 2022);
          if (/v/.test(f)) add(n, "regular expression flag v", 2024);
        } else if (typeof n.value === "number" && /_/.test(n.raw)) add(n, "numeric separator", 2021);
        else if (typeof n.value === "number" && /^0[bBoO]/.test(n.raw)) add(n, "binary/octal literal", 2015);
        break;
      default:
        break;
    }
  });
  found.sort((a, b) => a.line - b.line || a.column - b.column);
  return found;
}

/**
 * Throws a clear error if `code` uses syntax past `ecmaVersion`. `engine` is only used in
 * the message ("Espruino", "JerryScript 2.4 (Kaluma 1.2)").
 */
function checkSyntax(code, { ecmaVersion = 5, filename = "", engine = "" } = {}) {
  try {
    return acorn.parse(code, { ecmaVersion, sourceType: "script", locations: true, allowHashBang: true });
  } catch (err) {
    const later = findLaterSyntax(code, ecmaVersion);
    const target = ecmaVersion === 5 ? "ES5" : `ES${ecmaVersion}`;
    const forWhom = engine ? ` (${engine} rejects it)` : "";
    if (later.length) {
      const lines = later
        .slice(0, 10)
        .map(
          (f) =>
            `  ${where(filename, f)}: ${f.construct} (ES${f.since === 2015 ? "2015/ES6" : f.since})\n      ${lineText(code, f.line).trim()}`,
        );
      const more = later.length > 10 ? `\n  ... and ${later.length - 10} more` : "";
      throw new PassError(`syntax newer than ${target} in the bundle${forWhom}:\n${lines.join("\n")}${more}`, later[0]);
    }
    const loc = err.loc || locOf(code, err.pos || 0);
    throw new PassError(
      `the bundle is not valid ${target}${forWhom}: ${err.message.replace(/ \(\d+:\d+\)$/, "")} at ${where(filename, loc)}\n      ${lineText(code, loc.line).trim()}`,
      loc,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The Espruino pass

/** Offset just after the `,` (or `[`) that precedes the hole `index` of an array literal. */
function holeOffsets(code, arr) {
  const out = [];
  let pos = arr.start + 1; // after '['
  const els = arr.elements;
  for (let i = 0; i < els.length; i++) {
    const el = els[i];
    if (el === null) {
      out.push(pos);
    } else {
      pos = el.end;
    }
    // advance to just after the next top-level comma (only whitespace, comments and the
    // closing parentheses of a parenthesised element can come before it)
    if (i < els.length - 1 || el === null) {
      pos = skipToComma(code, pos, arr.end);
    }
  }
  return out;
}

function skipToComma(code, pos, end) {
  while (pos < end) {
    const c = code[pos];
    if (c === ",") return pos + 1;
    if (c === "/" && code[pos + 1] === "/") {
      const nl = code.indexOf("\n", pos);
      pos = nl < 0 ? end : nl + 1;
    } else if (c === "/" && code[pos + 1] === "*") {
      const close = code.indexOf("*/", pos + 2);
      pos = close < 0 ? end : close + 2;
    } else {
      pos++;
    }
  }
  return pos;
}

/** Expressions whose evaluation reads no variable and calls nothing. */
function isInert(e) {
  if (!e) return true;
  switch (e.type) {
    case "Literal":
    case "FunctionExpression":
      return true;
    case "UnaryExpression":
      return (e.operator === "void" || e.operator === "-" || e.operator === "!") && isInert(e.argument);
    case "ArrayExpression":
      return e.elements.every((x) => x === null || isInert(x));
    case "ObjectExpression":
      return e.properties.every((p) => p.kind === "init" && !p.computed && isInert(p.value));
    default:
      return false;
  }
}

// How a function reads its own arguments on Espruino and elsewhere (see the top of the file).
const OWN_ARGUMENTS = 'typeof global != "undefined" && global.arguments || arguments';

/** Whether an Identifier node (child `key` of `parent`) is a variable reference. */
function isReference(parent, key) {
  if (!parent) return true;
  if (parent.type === "MemberExpression" && key === "property" && !parent.computed) return false;
  if (parent.type === "Property" && key === "key" && !parent.computed) return false;
  return true;
}

/** `arguments` as the last operand of OWN_ARGUMENTS (or of terser's rewriting of it). */
function isOwnArgumentsRead(_node, parent, key) {
  if (parent.type !== "LogicalExpression" || parent.operator !== "||" || key !== "right") return false;
  const l = parent.left;
  if (l.type !== "LogicalExpression" || l.operator !== "&&") return false;
  const m = l.right;
  return (
    m.type === "MemberExpression" &&
    !m.computed &&
    m.object.type === "Identifier" &&
    m.object.name === "global" &&
    m.property.name === "arguments"
  );
}

/** Every identifier name in the tree (to pick a fresh one). */
function identifiersOf(ast) {
  const names = new Set();
  walk(ast, (n) => {
    if (n.type === "Identifier") names.add(n.name);
  });
  return names;
}

function declaredNames(decl) {
  return decl.declarations.map((d) => d.id.name);
}

/**
 * Transforms an ES5 script for Espruino. Throws PassError on syntax Espruino cannot run.
 * Returns {code, map, changed, stats: {functionsHoisted, varsHoisted, holesFilled,
 * argumentsRedirected}}; map is the source map of the change (null unless `sourceMap`).
 */
function espruinoPass(code, { filename = "", sourceMap = false } = {}) {
  const ast = checkSyntax(code, { ecmaVersion: 5, filename, engine: "Espruino" });
  const stats = { functionsHoisted: 0, varsHoisted: 0, holesFilled: 0, argumentsRedirected: 0 };
  const fail = (node, what) => {
    throw new PassError(
      `${what} at ${where(filename, node.loc.start)}\n      ${lineText(code, node.loc.start.line).trim()}`,
      node.loc.start,
    );
  };
  // The edits, applied at the end in three rounds: replacements and removals first (magic-string
  // drops what was inserted at the edge of a range it then replaces), then moves, then inserts.
  const replace = []; // [start, end, text]
  const moves = []; // [start, end, to]
  const inserts = []; // [method, at, text]: appendLeft goes before text moved to `at`, appendRight after it

  // Scopes: the program and every function. Each collects its var declarations (with where they
  // stand, to know how to rewrite them), the function declarations directly in its body, and its
  // reads of `arguments`.
  const scopes = new Map();
  function scopeOf(node) {
    let sc = scopes.get(node);
    if (!sc) {
      const program = node.type === "Program";
      sc = {
        node,
        bodyNode: program ? node : node.body,
        statements: program ? node.body : node.body.body,
        params: program ? [] : node.params.map((p) => p.name),
        vars: [],
        funcs: [],
        args: [],
        safeArgs: false,
        parent: null,
      };
      scopes.set(node, sc);
    }
    return sc;
  }
  // The function (or program) a node belongs to: the nearest function among its ancestors
  // (a function's name and parameters belong to the function outside it, as before; ES5 has no
  // default parameters, so nothing there runs).
  function enclosing(ancestors, from) {
    for (let i = from; i >= 0; i--) if (isFunction(ancestors[i])) return ancestors[i];
    return ast;
  }

  // acorn-walk visits every node once, children first; non-computed property names, labels and
  // the names a declaration binds are not visited as expressions, so every Identifier seen here
  // is a variable reference.
  acornWalk.fullAncestor(ast, (node, _st, ancestors) => {
    const n = ancestors.length;
    const parent = n > 1 ? ancestors[n - 2] : null;
    switch (node.type) {
      case "LabeledStatement":
        fail(node, `label \`${node.label.name}:\` (Espruino has no labels)`);
        break;
      case "WithStatement":
        fail(node, "`with` statement (Espruino does not support it)");
        break;
      case "ArrayExpression":
        for (const off of holeOffsets(code, node)) {
          inserts.push(["appendLeft", off, " void 0"]);
          stats.holesFilled++;
        }
        break;
      case "VariableDeclaration": {
        const key =
          parent.type === "ForInStatement" && parent.left === node
            ? "left"
            : parent.type === "ForStatement" && parent.init === node
              ? "init"
              : "statement";
        scopeOf(enclosing(ancestors, n - 2)).vars.push({ node, parent, key });
        break;
      }
      case "Identifier":
        if (node.name === "arguments") {
          const sc = scopeOf(enclosing(ancestors, n - 2));
          if (isOwnArgumentsRead(node, parent, parent && parent.right === node ? "right" : "")) sc.safeArgs = true;
          else sc.args.push(node);
        }
        break;
      case "FunctionDeclaration": {
        const sc = scopeOf(enclosing(ancestors, n - 2));
        if (parent !== sc.bodyNode) {
          fail(node, `function declaration \`${node.id.name}\` inside a block (not valid ES5, and Espruino would not hoist it)`);
        }
        sc.funcs.push(node);
        break;
      }
      default:
        break;
    }
    if (isFunction(node)) scopeOf(node).parent = scopeOf(enclosing(ancestors, n - 2));
  });
  const all = [...scopes.values()].sort((a, b) => a.node.start - b.node.start);
  if (!scopes.has(ast)) all.unshift(scopeOf(ast));

  function finishScope(scope) {
    const stmts = scope.statements;
    // Directive prologue ("use strict") stays first.
    let i = 0;
    while (i < stmts.length && stmts[i].type === "ExpressionStatement" && stmts[i].directive !== undefined) i++;
    const firstAfterDirectives = i;
    // The declarative prefix: function declarations and `var`s whose initialisers run no code.
    // Nothing executes there, so it is safe as is.
    const prefix = new Set();
    for (; i < stmts.length; i++) {
      const s = stmts[i];
      if (s.type === "FunctionDeclaration") prefix.add(s);
      else if (s.type === "VariableDeclaration" && s.declarations.every((d) => isInert(d.init))) prefix.add(s);
      else break;
    }
    const lateFuncs = scope.funcs.filter((f) => !prefix.has(f));
    const lateVars = scope.vars.filter((v) => !prefix.has(v.node));
    if (!lateFuncs.length && !lateVars.length) return;

    const known = new Set(scope.params);
    for (const s of prefix) {
      if (s.type === "FunctionDeclaration") known.add(s.id.name);
      else for (const n of declaredNames(s)) known.add(n);
    }
    for (const f of scope.funcs) known.add(f.id.name);
    const names = [];
    for (const v of lateVars) {
      for (const n of declaredNames(v.node)) {
        if (!known.has(n)) {
          known.add(n);
          names.push(n);
        }
      }
    }

    // Where the hoisted declarations go: `var` names first, then the functions, in order.
    let at;
    if (firstAfterDirectives > 0) at = stmts[firstAfterDirectives - 1].end;
    else if (scope.node.type === "Program") at = scope.node.start;
    else at = scope.bodyNode.start + 1;
    const first = stmts[firstAfterDirectives] || stmts[0];
    const indent = indentOf(first);
    // one-line bodies stay on one line; otherwise each declaration gets a line of its own
    const sameLine = !first || code.slice(at, first.start).indexOf("\n") < 0;
    const sep = sameLine ? " " : "\n" + indent;
    const head = at === 0 ? "" : sep;
    const parts = (names.length ? 1 : 0) + lateFuncs.length;
    const tail = at === 0 ? sep : ""; // at the very start, the code that was there follows
    let part = 0;
    if (names.length) inserts.push(["appendLeft", at, head + `var ${names.join(", ")};` + (++part === parts ? tail : "")]);
    for (const f of lateFuncs) {
      // Moved with everything edited inside it; the separators move with it.
      moves.push([f.start, f.end, at]);
      inserts.push(["prependRight", f.start, part === 0 ? head : sep]);
      if (++part === parts && tail) inserts.push(["appendLeft", f.end, tail]);
    }
    stats.functionsHoisted += lateFuncs.length;
    stats.varsHoisted += names.length;

    // The declarations left in place become assignments: `var a = 1, b, c = f();` -> `a = 1,
    // c = f();` (text between the kept declarators, comments included, stays).
    for (const v of lateVars) {
      const { node, key } = v;
      const ds = node.declarations;
      if (key === "left") {
        if (ds[0].init) fail(node, "for-in variable with an initialiser");
        replace.push([node.start, ds[0].start, ""]);
        continue;
      }
      const kept = ds.map((d) => !!d.init);
      if (!kept.some(Boolean)) {
        // Nothing to assign: a statement stays a statement (`if (x) var a;` -> `if (x) ;`).
        replace.push([node.start, node.end, key === "init" ? "" : ";"]);
        continue;
      }
      replace.push([node.start, ds[0].start, ""]); // `var `
      let seen = false;
      for (let j = 0; j < ds.length; j++) {
        if (!kept[j]) replace.push([ds[j].start, ds[j].end, ""]);
        // The separator before declarator j stays if j is kept and one before it was.
        if (j > 0 && !(kept[j] && seen)) replace.push([ds[j - 1].end, ds[j].start, ""]);
        if (kept[j]) seen = true;
      }
      // What followed the last kept declarator up to the last one (`, b`) is gone above.
      if (key === "statement" && code[node.end - 1] !== ";") inserts.push(["appendLeft", node.end, ";"]);
    }
  }

  // Functions that read `arguments` inside a function that also reads it read their own
  // through `global.arguments` (see the top of this file).
  function redirectArguments() {
    const reads = (sc) => sc.args.length > 0 || sc.safeArgs;
    let taken = null;
    for (const sc of all) {
      if (!sc.args.length || sc.node.type === "Program") continue;
      let up = sc.parent;
      while (up && up.node.type !== "Program" && !reads(up)) up = up.parent;
      if (!up || up.node.type === "Program") continue;
      if (taken === null) taken = identifiersOf(ast);
      let name = "$args";
      for (let n = 1; taken.has(name); n++) name = `$args${n}`;
      taken.add(name);
      for (const id of sc.args) replace.push([id.start, id.end, name]);
      // After the declarative prefix (which runs nothing), so no declaration comes after it.
      const stmts = sc.statements;
      let i = 0;
      while (i < stmts.length && stmts[i].type === "ExpressionStatement" && stmts[i].directive !== undefined) i++;
      while (
        i < stmts.length &&
        (stmts[i].type === "FunctionDeclaration" ||
          (stmts[i].type === "VariableDeclaration" && stmts[i].declarations.every((d) => isInert(d.init))))
      )
        i++;
      const at = i > 0 ? stmts[i - 1].end : sc.bodyNode.start + 1;
      // Declared, then assigned: a `var` that runs code would be a late var (see finishScope).
      // After whatever finishScope hoisted to the same place.
      inserts.push(["appendRight", at, ` var ${name}; ${name} = ${OWN_ARGUMENTS};`]);
      stats.argumentsRedirected++;
    }
  }

  function indentOf(node) {
    if (!node) return "";
    let s = node.start;
    while (s > 0 && (code[s - 1] === " " || code[s - 1] === "\t")) s--;
    if (s > 0 && code[s - 1] !== "\n") return "";
    return code.slice(s, node.start);
  }

  for (const sc of all) finishScope(sc);
  redirectArguments();

  if (!replace.length && !moves.length && !inserts.length) return { code, map: null, changed: false, stats };
  const s = new MagicString(code);
  for (const [start, end, text] of replace) {
    if (text === "") s.remove(start, end);
    else s.overwrite(start, end, text);
  }
  for (const [start, end, to] of moves) s.move(start, end, to);
  for (const [method, at, text] of inserts) s[method](at, text);
  const out = s.toString();
  // Self-check: the result must be valid ES5 and need no further change.
  let again;
  try {
    again = espruinoCheck(out, { filename });
  } catch (err) {
    throw new PassError(`internal error: the Espruino pass produced invalid code: ${err.message}`);
  }
  if (again.length) {
    throw new PassError(`internal error: the Espruino pass left work undone: ${again.join("; ")}`);
  }
  return { code: out, map: sourceMap ? s.generateMap({ hires: true, source: filename }) : null, changed: true, stats };
}

/**
 * Lists what the pass would still have to do on `code` (late functions/vars, holes) without
 * changing it; throws on constructs it rejects. [] means Espruino-ready.
 */
function espruinoCheck(code, { filename = "" } = {}) {
  const ast = checkSyntax(code, { ecmaVersion: 5, filename, engine: "Espruino" });
  const problems = [];
  const loc = (n) => where(filename, n.loc.start);
  function scopeCheck(statements, bodyNode) {
    let i = 0;
    while (i < statements.length && statements[i].type === "ExpressionStatement" && statements[i].directive !== undefined) i++;
    for (; i < statements.length; i++) {
      const s = statements[i];
      if (s.type === "FunctionDeclaration") continue;
      if (s.type === "VariableDeclaration" && s.declarations.every((d) => isInert(d.init))) continue;
      break;
    }
    const prefixEnd = i;
    const late = (n) => {
      problems.push(`${n.type === "FunctionDeclaration" ? "function `" + n.id.name + "`" : "`var`"} after code at ${loc(n)}`);
    };
    const inPrefix = (node, parent) => parent === bodyNode && statements.indexOf(node) < prefixEnd;
    const check = (node, parent) => {
      if ((node.type === "FunctionDeclaration" || node.type === "VariableDeclaration") && !inPrefix(node, parent)) late(node);
      return !isFunction(node); // nested functions are checked as scopes of their own
    };
    for (const s of statements) walk(s, (n, p) => check(n, p === undefined ? bodyNode : p), bodyNode, "body");
  }
  // `arguments` read in a function nested in one that reads it too (see the top of the file).
  (function args(node, readers) {
    const own = [];
    let reads = false;
    const inner = [];
    walk(node.type === "Program" ? node : node.body, (n, p, k) => {
      if (n !== node && isFunction(n)) {
        inner.push(n);
        return false;
      }
      if (n.type === "Identifier" && n.name === "arguments" && isReference(p, k)) {
        reads = true;
        if (!isOwnArgumentsRead(n, p, k)) own.push(n);
      }
    });
    if (node.type !== "Program" && readers > 0)
      for (const n of own) problems.push(`\`arguments\` of a function nested in one that reads its own, at ${loc(n)}`);
    const below = node.type !== "Program" && reads ? readers + 1 : readers;
    for (const f of inner) args(f, below);
  })(ast, 0);
  walk(ast, (n) => {
    if (n.type === "LabeledStatement") throw new PassError(`label \`${n.label.name}:\` at ${loc(n)} (Espruino has no labels)`, n.loc.start);
    if (n.type === "WithStatement") throw new PassError(`\`with\` statement at ${loc(n)}`, n.loc.start);
    if (n.type === "ArrayExpression" && n.elements.some((e) => e === null)) problems.push(`array hole at ${loc(n)}`);
    if (n.type === "Program") scopeCheck(n.body, n);
    else if (isFunction(n)) scopeCheck(n.body.body, n.body);
  });
  return problems;
}

module.exports = { espruinoPass, espruinoCheck, checkSyntax, findLaterSyntax, PassError, walk };
