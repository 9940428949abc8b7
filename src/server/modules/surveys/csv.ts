/*
 * A small streaming CSV reader (RFC 4180 plus what Excel writes): comma-separated, fields in double
 * quotes may hold commas, quotes (doubled) and line breaks; lines end in CRLF, LF or CR; a leading
 * UTF-8 BOM is dropped. Feed text in chunks; complete records come out as soon as they end.
 */
export class CsvReader {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  /** inside quotes; a quote just seen may be the closing one or the first of a doubled pair */
  private inQuotes = false;
  private quotePending = false;
  private lastWasCr = false;
  private started = false;

  /** Records completed by this chunk. */
  push(chunk: string): string[][] {
    const out: string[][] = [];
    let i = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    let runStart = -1;
    const flushRun = (end: number) => {
      if (runStart >= 0) {
        this.field += chunk.slice(runStart, end);
        runStart = -1;
      }
    };
    for (; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === 34) {
            this.field += '"';
            continue;
          }
          this.inQuotes = false; // that quote closed the field; fall through to unquoted handling
        } else if (ch === 34) {
          flushRun(i);
          this.quotePending = true;
          continue;
        } else {
          if (runStart < 0) runStart = i;
          continue;
        }
      }
      if (this.lastWasCr) {
        this.lastWasCr = false;
        if (ch === 10) continue; // the LF of a CRLF
      }
      if (ch === 44) {
        flushRun(i);
        this.endField();
      } else if (ch === 10 || ch === 13) {
        flushRun(i);
        this.endField();
        out.push(this.record);
        this.record = [];
        this.lastWasCr = ch === 13;
      } else if (ch === 34 && this.field === '' && runStart < 0 && !this.quoted) {
        this.inQuotes = true;
        this.quoted = true;
      } else if (runStart < 0) runStart = i;
    }
    flushRun(chunk.length);
    return out;
  }

  /** The last record when the text does not end in a line break. */
  end(): string[][] {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.field === '' && this.record.length === 0 && !this.quoted) return [];
    this.endField();
    const last = this.record;
    this.record = [];
    return [last];
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.quoted = false;
  }
}

/** Parses a whole text (for tests and small inputs). */
export function parseCsv(text: string): string[][] {
  const reader = new CsvReader();
  return [...reader.push(text), ...reader.end()];
}

/** One CSV field: quoted when it holds a comma, quote, line break or leading/trailing space. */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
