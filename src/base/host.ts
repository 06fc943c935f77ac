/**
 * The `Host` interface: the only way evaluation reaches files, directories and commands.
 * The CLI gives a real host; tests give an in-memory one. Policies decide what `$(shell)` may run.
 */

/** What `stat` reports about a path. */
export interface HostStat {
  readonly kind: 'file' | 'directory' | 'other';
  /** Modification time in milliseconds. */
  readonly mtimeMs: number;
  /** Size in bytes, where the host knows it (a build uses it to start the longest compiles first). */
  readonly size?: number;
}

/** What running a command through the host gave. */
export interface ShellResult {
  readonly stdout: string;
  /**
   * What the command wrote to its standard error, when the host captured it; make lets it
   * through to its own.
   */
  readonly stderr?: string;
  readonly status: number;
  /** The result was answered from a cache (`cachingHost`): no command ran, no file changed. */
  readonly replayed?: boolean;
}

/** Whether and how `$(shell)` and `!=` may run commands. */
export type ShellPolicy = 'deny' | 'allow';

/** File system and process access for evaluation. Every method is synchronous, as make's are. */
export interface Host {
  /** The file's bytes, or `undefined` when it cannot be read. */
  readFile(path: string): Uint8Array | undefined;
  /** What is at `path`, or `undefined` when nothing is. */
  stat(path: string): HostStat | undefined;
  /**
   * What is at `path` itself, without following a final symbolic link (a link is `other`), or
   * `undefined` when nothing is: `$(wildcard)` finds dangling links, as glob(3) does with lstat.
   * A host without it is asked `stat` instead.
   */
  lstat?(path: string): HostStat | undefined;
  /** The canonical absolute path (symbolic links resolved), or `undefined` when it does not exist. */
  realPath(path: string): string | undefined;
  /** The names in a directory, or `undefined` when it cannot be listed. */
  readDirectory(path: string): readonly string[] | undefined;
  /**
   * The names in a directory with what each is as the listing says (readdir's `d_type`: a symbolic
   * link is `link`, not what it leads to), or `undefined` when it cannot be listed: the names
   * `readDirectory` gives, in the same order. Optional: it lets a caching host answer that a file
   * is there without asking `stat` about it, and list a directory once for both.
   */
  readDirectoryKinds?(path: string): ReadonlyMap<string, HostStat['kind'] | 'link'> | undefined;
  /** Runs a command when the policy allows it; `undefined` when it is denied. */
  shell(command: string, cwd: string, env: ReadonlyMap<string, string>): ShellResult | undefined;
}
