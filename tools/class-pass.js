"use strict";
// ES5 bundles: TypeScript's class IIFEs taken apart, so that a class's methods are made in the
// module's own scope. TypeScript writes an ES5 class as
//     var Task = /** @class */ (function (_super) {
//         __extends(Task, _super);
//         function Task() { ... }
//         Task.prototype.cancel = function () { ... };
//         return Task;
//     }(Base));
// where every method is a closure over the IIFE's scope as well as the module's. Espruino keeps
// a function's scopes as one variable when there is one, but as a copied array when there are
// two, and copies that array again at every call (jsparse.c, jspeiGetScopesAsVar and
// jspeiLoadScopesFromVar): each method cost ~3 variables more, and each call of one (the run
// queue's push and pop, the coroutine's next, on every task switch) allocated and freed them.
// Taken apart:
//     function Task() { ... }
//     __extends(Task, Base);
//     Task.prototype.cancel = function () { ... };
// The pass runs on rollup's output, after tree-shaking (which the IIFE's /*#__PURE__*/ made
// possible), on the top level of the bundle only, and only on the exact shape above: anything
// else in the IIFE (another declaration, a name used for something else) leaves it as it is.
//
// Exports: flattenClasses(code, {sourceMap}) -> {code, map, count} (count: classes taken apart)

const acorn = require("acorn");
const MagicString = require("magic-string");

/** Calls visit(node, parent) for every node below `node`; visit returning false skips the children. */
function walk(node, visit, parent) {
  if (visit(node, parent) === false) return;
  for (const k in node) {
    if (k === "loc" || k === "start" || k === "end" || k === "type") continue;
    const v = node[k];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === "string") walk(c, visit, node);
    } else if (v && typeof v === "object" && typeof v.type === "string") walk(v, visit, node);
  }
}

// The class IIFE of `var NAME = (function (P) { ... return NAME; }(A))`, or null.
function classIife(decl) {
  if (decl.type !== "VariableDeclaration" || decl.declarations.length !== 1) return null;
  const d = decl.declarations[0];
  if (d.id.type !== "Identifier" || !d.init || d.init.type !== "CallExpression") return null;
  const call = d.init;
  const fn = call.callee;
  if (fn.type !== "FunctionExpression" || fn.id || fn.params.length !== call.arguments.length || fn.params.length > 1) return null;
  if (fn.params.length === 1 && (fn.params[0].type !== "Identifier" || call.arguments[0].type !== "Identifier")) return null;
  const name = d.id.name;
  const body = fn.body.body;
  const last = body[body.length - 1];
  if (!last || last.type !== "ReturnStatement" || !last.argument || last.argument.type !== "Identifier" || last.argument.name !== name)
    return null;
  let ctor = null;
  for (const s of body.slice(0, -1)) {
    if (s.type === "FunctionDeclaration") {
      if (ctor || s.id.name !== name) return null;
      ctor = s;
    } else if (s.type !== "ExpressionStatement") return null; // another declaration: its name would join the module's
  }
  if (!ctor) return null;
  return {
    name,
    fn,
    ctor,
    body,
    param: fn.params.length ? fn.params[0].name : null,
    arg: fn.params.length ? call.arguments[0].name : null,
  };
}

// Every reference to `param` inside the IIFE, or null when that name or the base class's is
// also declared in there (a nested class's own `_super`): then renaming is not safe.
function paramRefs(c) {
  const refs = [];
  let shadowed = false;
  for (const s of c.body) {
    walk(s, (node, parent) => {
      // (nor when the base class's name means something else somewhere in there)
      const named = (id) => id && id.type === "Identifier" && (id.name === c.param || id.name === c.arg);
      if (/Function/.test(node.type) && (node.params.some(named) || (node !== c.ctor && named(node.id)))) shadowed = true;
      if (node.type === "VariableDeclarator" && named(node.id)) shadowed = true;
      if (node.type === "CatchClause" && named(node.param)) shadowed = true;
      if (node.type !== "Identifier" || node.name !== c.param) return;
      if (parent && parent.type === "MemberExpression" && parent.property === node && !parent.computed) return;
      if (parent && parent.type === "Property" && parent.key === node && !parent.computed) return;
      refs.push(node);
    });
  }
  return shadowed ? null : refs;
}

function flattenClasses(code, { sourceMap = false } = {}) {
  const ast = acorn.parse(code, { ecmaVersion: 5, sourceType: "script" });
  // The bundle's top level: rollup's iife wrapper, `(function () { ... })();`.
  let top = null;
  for (const s of ast.body) {
    const e = s.type === "ExpressionStatement" ? s.expression : null;
    const callee = e && e.type === "CallExpression" ? e.callee : e && e.type === "UnaryExpression" && e.argument.callee;
    if (callee && callee.type === "FunctionExpression") top = callee.body.body;
  }
  const s = new MagicString(code);
  let count = 0;
  for (const decl of top || []) {
    const c = classIife(decl);
    if (!c) continue;
    const refs = c.param ? paramRefs(c) : [];
    if (refs === null) continue;
    for (const r of refs) s.overwrite(r.start, r.end, c.arg);
    // `var NAME = ... (function (P) {` and `return NAME; }(A));` go; the constructor comes first.
    const first = c.body[0];
    const ret = c.body[c.body.length - 1];
    s.remove(decl.start, first.start);
    s.remove(ret.start, decl.end);
    if (first !== c.ctor) {
      s.move(c.ctor.start, c.ctor.end, first.start);
      s.appendRight(first.start, "\n");
    }
    count++;
  }
  if (!count) return { code, map: null, count };
  return { code: s.toString(), map: sourceMap ? s.generateMap({ hires: true }) : null, count };
}

module.exports = { flattenClasses };
