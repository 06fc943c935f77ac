/**
 * One line of a terminal rewritten in place (`\r` and "clear to the end of the line"), with other
 * output printed in full above it: the Kbuild commands' progress line and `build`'s status line.
 */

/** A line rewritten in place on one stream of a terminal. */
export interface TerminalLine {
  /** Shows `text` as the line, in place of what it showed. */
  show(text: string): void;
  /** Writes `text` (whole lines) on `stream` above the line, then shows the line again. */
  above(write: (text: string) => void, text: string): void;
  /** Ends the line: kept as the last line written (`keep`, with a line end), or cleared. */
  end(keep: boolean): void;
}

/**
 * The line on `write`, which must be a terminal. With `columns` (the terminal's width), text longer
 * than the line is cut in the middle (`...`), as ninja does, so that `\r` returns to its start.
 */
export function terminalLine(write: (text: string) => void, columns: number | undefined): TerminalLine {
  let shown = '';
  const fit = (text: string): string => {
    if (columns === undefined || columns < 20 || text.length < columns) return text;
    const keep = columns - 4;
    const head = Math.ceil(keep / 2);
    return `${text.slice(0, head)}...${text.slice(text.length - (keep - head))}`;
  };
  return {
    show(text) {
      shown = fit(text);
      write(`\r\x1b[K${shown}`);
    },
    above(out, text) {
      if (shown === '') {
        out(text);
        return;
      }
      write('\r\x1b[K');
      out(text.endsWith('\n') ? text : `${text}\n`);
      write(shown);
    },
    end(keep) {
      if (shown === '') return;
      write(keep ? '\n' : '\r\x1b[K');
      shown = '';
    },
  };
}
