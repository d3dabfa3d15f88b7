/**
 * The runtime store's scan report (queries SQLite answered by scanning a table or a whole index,
 * see cloudfunctions/_runtime/db/README.md "Scan report"), for the index-coverage test and the
 * benchmark. DatabaseService keeps its store private; until it exposes the report itself this
 * reads the field directly.
 */
import type { DatabaseService } from '../../cloudfunctions/_runtime/db/service';
import type { ScanRecord, SqliteStore } from '../../cloudfunctions/_runtime/db/sqlite-store';

export const storeOf = (db: DatabaseService): SqliteStore => (db as unknown as { store: SqliteStore }).store;

export const scanReport = (db: DatabaseService): ScanRecord[] => storeOf(db).scanReport();

export const resetScans = (db: DatabaseService): void => storeOf(db).resetScanReport();

/** One line per scanning query shape, for assertion messages and the benchmark's notes. */
export const describeScans = (scans: ScanRecord[]): string =>
  scans.map((s) => `${s.collection} ${s.shape} ×${s.count}: ${s.plan.replace(/\n/g, '; ')}`).join('\n');
