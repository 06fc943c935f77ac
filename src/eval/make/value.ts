/**
 * The expansion IR: `compile(text)` reads a string the way GNU make's `variable_expand_string` scans
 * it, into literals, variable references and function calls that `expand` evaluates.
 */

/** A compiled piece of text. */
export type Value =
  | { readonly k: 'lit'; readonly s: string }
  | { readonly k: 'cat'; readonly parts: readonly Value[] }
  /** `$(name)`; `name` is expanded first, then read for a substitution reference (`a:b=c`). */
  | { readonly k: 'ref'; readonly name: Value }
  /** `$(func args)`: `args` is the raw text of each argument, split as GNU make splits it. */
  | { readonly k: 'call'; readonly name: string; readonly args: readonly Value[]; readonly raw: readonly string[] }
  /** Text GNU make stops on when it expands it (an unterminated reference). */
  | { readonly k: 'fatal'; readonly message: string };

const empty: Value = { k: 'lit', s: '' };

/** What the compiler needs to know about functions: their argument limits. */
export interface FunctionArity {
  readonly minArgs: number;
  /** 0 means no limit; otherwise the last argument takes the rest of the text, commas and all. */
  readonly maxArgs: number;
}

/** Looks up a function's arity by name; undefined when the name is not a function. */
export type FunctionLookup = (name: string) => FunctionArity | undefined;

const isNameChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46;

/**
 * Compiles `text` into a `Value`.
 *
 * @example
 * compile('$(patsubst %.c,%.o,$(src))', lookup) // call 'patsubst' with args '%.c', '%.o', ref 'src'
 */
export function compile(text: string, functions: FunctionLookup): Value {
  if (text.indexOf('$') === -1) return text.length === 0 ? empty : { k: 'lit', s: text };
  const parts: Value[] = [];
  let lit = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) {
      lit += text.slice(i);
      break;
    }
    lit += text.slice(i, dollar);
    i = dollar + 1;
    if (i >= n) {
      // A `$` that ends the text stays itself (GNU make 4.3: `a := x$` gives `x$`).
      lit += '$';
      break;
    }
    const c = text.charCodeAt(i);
    if (c === 36) {
      lit += '$';
      i++;
      continue;
    }
    if (lit.length > 0) {
      parts.push({ k: 'lit', s: lit });
      lit = '';
    }
    if (c !== 40 && c !== 123) {
      // `$x`: the one-character variable `x`.
      parts.push({ k: 'ref', name: { k: 'lit', s: text[i] } });
      i++;
      continue;
    }
    const open = c;
    const close = c === 40 ? 41 : 125;
    const beg = i + 1;
    const call = compileCall(text, beg, open, close, functions);
    if (call !== undefined) {
      parts.push(call.value);
      i = call.next;
      continue;
    }
    // A variable reference: up to the first close, unless a `$` inside asks for counting.
    const first = text.indexOf(String.fromCharCode(close), beg);
    if (first === -1) {
      parts.push({ k: 'fatal', message: 'unterminated variable reference' });
      i = n;
      continue;
    }
    const dollarInside = text.indexOf('$', beg);
    if (dollarInside !== -1 && dollarInside < first) {
      let count = 0;
      let p = beg;
      for (; p < n; p++) {
        const d = text.charCodeAt(p);
        if (d === open) count++;
        else if (d === close && --count < 0) break;
      }
      if (count < 0) {
        parts.push({ k: 'ref', name: compile(text.slice(beg, p), functions) });
        i = p + 1;
        continue;
      }
      // Unbalanced (`$($(a)`): the name is the raw text up to the first close (GNU make expand.c).
    }
    parts.push({ k: 'ref', name: { k: 'lit', s: text.slice(beg, first) } });
    i = first + 1;
  }
  if (lit.length > 0) parts.push({ k: 'lit', s: lit });
  if (parts.length === 1) return parts[0];
  return { k: 'cat', parts };
}

/** Reads `$(name args)` when `name` is a built-in function followed by a blank or the end. */
function compileCall(
  text: string, beg: number, open: number, close: number, functions: FunctionLookup,
): { value: Value; next: number } | undefined {
  let e = beg;
  while (e < text.length && isNameChar(text.charCodeAt(e))) e++;
  if (e === beg) return undefined;
  const after = text.charCodeAt(e);
  if (!(e === text.length || after === 32 || after === 9 || after === 10 || after === 13 || after === 12 || after === 11)) return undefined;
  const name = text.slice(beg, e);
  const arity = functions(name);
  if (arity === undefined) return undefined;
  // Skip blanks after the name (GNU make: NEXT_TOKEN).
  let p = e;
  while (p < text.length && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
  // Find the matching close, counting only this call's parenthesis kind.
  let count = 0;
  let end = p;
  for (; end < text.length; end++) {
    const d = text.charCodeAt(end);
    if (d === open) count++;
    else if (d === close && --count < 0) break;
  }
  if (count >= 0) {
    const message = `unterminated call to function '${name}': missing '${String.fromCharCode(close)}'`;
    return { value: { k: 'fatal', message }, next: text.length };
  }
  const raw = splitArgs(text, p, end, open, close, arity.maxArgs);
  return {
    value: { k: 'call', name, raw, args: raw.map((a) => compile(a, functions)) },
    next: end + 1,
  };
}

/** Splits `text[from, to)` at commas outside this kind of parenthesis; `max` caps the count. */
function splitArgs(text: string, from: number, to: number, open: number, close: number, max: number): string[] {
  const args: string[] = [];
  let start = from;
  let depth = 0;
  for (let p = from; p < to; p++) {
    const d = text.charCodeAt(p);
    if (d === open) depth++;
    else if (d === close) depth--;
    else if (d === 44 && depth === 0 && (max === 0 || args.length < max - 1)) {
      args.push(text.slice(start, p));
      start = p + 1;
    }
  }
  args.push(text.slice(start, to));
  return args;
}
