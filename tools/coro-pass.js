"use strict";
// Build pass for ES5 bundles: TypeScript's async state machines jump in place.
//
// TypeScript lowers an async function to ES5 as
//   return __generator(this, function (_a) {
//     switch (_a.label) {
//       case 0: i = 0; _a.label = 1;
//       case 1: if (!(i < r)) return [3 /*break*/, 4];
//               return [4 /*yield*/, sleep_ms(0)];
//       case 2: _a.sent(); _a.label = 3;
//       case 3: i++; return [3 /*break*/, 1];
//       case 4: return [2 /*return*/];
//     }
//   });
// where `return [3, L]` asks the coroutine driver (src/runtime/coro.ts) to set the label and
// call the body again: every turn of a loop that awaits costs a second body call and an array.
// Measured on the emulated RP2040 (Kaluma, es5 bundle) that is ~40% of a task switch; on
// Espruino, which also re-scans the switch's text at each call, as much. When the body has no
// protected regions (no `_a.trys`: then jumps may have to run finally blocks, which only the
// driver knows), this pass wraps the switch in `for (;;)` and turns each jump into
// `{ _a.label = L; continue; }`: the same state, the same next case, no call, no array.
// Jumps nested in anything but blocks and ifs (a loop, another switch, a try) leave the body
// as it is. In every body, too:
// - `return [4, v]` (await v) becomes `return (_a.r = v, _a.Y)`: Y is one shared [8] on the
//   Coro prototype (src/runtime/coro.ts), so an await allocates no array (~160 us on Kaluma);
// - `_a.sent()` (the value sent in, or the exception thrown in) becomes
//   `(_a.x ? _a.sent() : _a.v)`: no call unless there is an exception.
// Works on acorn's AST, editing the text with magic-string (comments and layout kept, and a
// source map).
const acorn = require("acorn");
const MagicString = require("magic-string");

const isFunction = (n) => n.type === "FunctionDeclaration" || n.type === "FunctionExpression" || n.type === "ArrowFunctionExpression";

function children(node) {
  const out = [];
  for (const k in node) {
    if (k === "loc" || k === "start" || k === "end" || k === "type") continue;
    const v = node[k];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === "string") out.push(c);
    } else if (v && typeof v.type === "string") out.push(v);
  }
  return out;
}

// [4, v]: an await.
function isYield(ret) {
  const a = ret.argument;
  return (
    !!a &&
    a.type === "ArrayExpression" &&
    a.elements.length === 2 &&
    a.elements[0] &&
    a.elements[0].type === "Literal" &&
    a.elements[0].value === 4 &&
    a.elements[1] !== null &&
    a.elements[1].type !== "SpreadElement"
  );
}

// [3, L] with a literal label.
function jumpTarget(ret) {
  const a = ret.argument;
  if (!a || a.type !== "ArrayExpression" || a.elements.length !== 2) return null;
  const [k, l] = a.elements;
  return k && k.type === "Literal" && k.value === 3 && l && l.type === "Literal" && typeof l.value === "number" ? l.value : null;
}

/** The edits for one __generator body (none when it is not TypeScript's state machine). */
function bodyEdits(fn) {
  if (fn.type !== "FunctionExpression" || fn.params.length !== 1 || fn.params[0].type !== "Identifier") return [];
  const p = fn.params[0].name;
  const edits = [];
  const jumps = [];
  let trys = false;
  let loose = false; // a jump the loop cannot reach with `continue`
  const body = fn.body.body;
  const sw = body.length === 1 && body[0].type === "SwitchStatement" ? body[0] : null;
  const isLabel = (d) =>
    d.type === "MemberExpression" && !d.computed && d.object.type === "Identifier" && d.object.name === p && d.property.name === "label";
  (function visit(node, inPlace, parent) {
    if (node !== fn && isFunction(node)) return; // its own state, its own `this`
    if (
      node.type === "MemberExpression" &&
      !node.computed &&
      node.object.type === "Identifier" &&
      node.object.name === p &&
      node.property.name === "trys"
    )
      trys = true;
    if (node.type === "ReturnStatement" && isYield(node)) {
      // Two edits around the value, which may hold edits of its own (a sent() call).
      const v = node.argument.elements[1];
      edits.push({ start: node.argument.start, end: v.start, text: `(${p}.r = ` });
      edits.push({ start: v.end, end: node.argument.end, text: `, ${p}.Y)` });
    } else if (node.type === "ReturnStatement" && jumpTarget(node) !== null) {
      if (inPlace) jumps.push(node);
      else loose = true;
    } else if (
      node.type === "CallExpression" &&
      node.arguments.length === 0 &&
      node.callee.type === "MemberExpression" &&
      !node.callee.computed &&
      node.callee.object.type === "Identifier" &&
      node.callee.object.name === p &&
      node.callee.property.name === "sent"
    ) {
      // (not one this pass wrote already: the pass can run twice)
      const done =
        parent &&
        parent.type === "ConditionalExpression" &&
        parent.consequent === node &&
        parent.test.type === "MemberExpression" &&
        parent.test.property.name === "x";
      if (!done) edits.push({ start: node.start, end: node.end, text: `(${p}.x ? ${p}.sent() : ${p}.v)` });
      return;
    }
    // `continue` reaches the new loop only through blocks, ifs and the state machine's cases.
    const through = node === sw || node.type === "SwitchCase" || node.type === "BlockStatement" || node.type === "IfStatement";
    for (const c of children(node)) visit(c, inPlace && through && (node === fn.body ? c === sw : true), node);
  })(fn.body, true, null);
  if (sw !== null && isLabel(sw.discriminant) && !trys && !loose && jumps.length > 0) {
    edits.push({ start: sw.start, end: sw.start, text: "for (;;) " });
    for (const r of jumps) edits.push({ start: r.start, end: r.end, text: `{ ${p}.label = ${jumpTarget(r)}; continue; }` });
  }
  return edits;
}

/**
 * Rewrites the __generator bodies of an ES5 module (TypeScript's output). Returns the new code,
 * or null when nothing changed. `generator` is the helper's name in that code.
 */
function coroPass(code, opts) {
  const s = coroEdits(code, opts);
  return s === null ? null : s.toString();
}

/** coroPass's edits as a MagicString (toString(), generateMap()), or null. */
function coroEdits(code, { generator = "__generator" } = {}) {
  if (code.indexOf(generator) < 0) return null;
  const ast = acorn.parse(code, { ecmaVersion: "latest", sourceType: "module" });
  const edits = [];
  (function visit(node) {
    if (
      node.type === "CallExpression" &&
      node.callee.type === "Identifier" &&
      node.callee.name === generator &&
      node.arguments.length === 2
    ) {
      edits.push(...bodyEdits(node.arguments[1]));
    }
    for (const c of children(node)) visit(c);
  })(ast);
  if (edits.length === 0) return null;
  // Edits never overlap (a yield's value is kept, its brackets replaced), so each is one
  // magic-string operation, and the source map comes with them.
  const s = new MagicString(code);
  for (const e of edits) {
    if (e.start === e.end) s.appendLeft(e.start, e.text);
    else s.overwrite(e.start, e.end, e.text);
  }
  return s;
}

/** rollup plugin: the pass on every TypeScript module of an ES5 build. */
function coroPassPlugin() {
  return {
    name: "mpa-coro-pass",
    transform(code, id) {
      if (!/\.[cm]?tsx?$/.test(id)) return null;
      const out = coroEdits(code);
      return out === null ? null : { code: out.toString(), map: out.generateMap({ hires: true, source: id }) };
    },
  };
}

module.exports = { coroPass, coroPassPlugin };
