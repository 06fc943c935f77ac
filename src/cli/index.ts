/**
 * Layer `cli`: the `kbuild-graph` command. It may import every layer above it (never `lsp`), and with
 * `lsp` it is the only code that touches the disk, the environment or `process.exit`.
 */
export { main, type CliIo } from './main.js';
export { inputFiles, isMakefileName, type InputFile } from './files.js';
export { version } from './version.js';
