/** Paths as GNU make treats them: `abspath` normalisation and `wildcard` globbing through the `Host`. */
import type { MakeContext } from './context.js';

/** Makes `path` absolute against `cwd` and removes `.`, `..` and repeated slashes (GNU make abspath). */
export function resolvePath(cwd: string, path: string): string {
  const full = path.startsWith('/') ? path : `${cwd}/${path}`;
  const out: string[] = [];
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

function hasGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) re += '\\[';
      else {
        let body = pattern.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Expands one `wildcard` word through the host: each path component with `*`, `?` or `[...]`
 * is matched against a directory listing. Names starting with `.` match only an explicit dot.
 * Results are relative when the pattern is, and sorted per directory as glob(3) sorts them.
 */
export function glob(ctx: MakeContext, pattern: string): string[] {
  const host = ctx.options.host;
  const abs = (p: string): string => (p.startsWith('/') ? p : `${ctx.options.cwd}/${p}`);
  if (!hasGlob(pattern)) return host.stat(abs(pattern)) !== undefined ? [pattern] : [];
  const parts = pattern.split('/');
  let found: string[] = [pattern.startsWith('/') ? '/' : ''];
  for (let k = pattern.startsWith('/') ? 1 : 0; k < parts.length; k++) {
    const part = parts[k];
    const last = k === parts.length - 1;
    const next: string[] = [];
    for (const base of found) {
      const join = (name: string): string => (base === '' ? name : base.endsWith('/') ? base + name : `${base}/${name}`);
      if (part === '') {
        next.push(base.endsWith('/') ? base : `${base}/`);
        continue;
      }
      if (!hasGlob(part)) {
        const p = join(part);
        if (last ? host.stat(abs(p)) !== undefined : host.stat(abs(p))?.kind === 'directory') next.push(p);
        continue;
      }
      const names = host.readDirectory(abs(base === '' ? '.' : base));
      if (names === undefined) continue;
      ctx.reads.push(abs(base === '' ? '.' : base));
      const re = globToRegExp(part);
      const hits = names.filter((n) => re.test(n) && (!n.startsWith('.') || part.startsWith('.'))).sort();
      for (const n of hits) {
        const p = join(n);
        if (last || host.stat(abs(p))?.kind === 'directory') next.push(p);
      }
    }
    found = next;
  }
  return found;
}
