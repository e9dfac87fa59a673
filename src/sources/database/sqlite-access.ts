import { constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * How to open a SQLite file without touching it. The `immutable=1` URI flag would be the direct
 * way, but better-sqlite3 12 is built with SQLITE_USE_URI=0 and opens without SQLITE_OPEN_URI, so a
 * `file:…?immutable=1` name is taken literally and fails (checked). Read-only mode alone is not
 * enough either: SQLite opens a WAL-mode database's -wal with O_CREAT and maps a -shm beside it even
 * for a read-only connection, and leaves both behind (checked with 3.53). So:
 *
 * - a rollback-journal database with no -wal and no -journal beside it is opened in place,
 *   read-only (O_RDONLY: nothing can be written to it, nothing is created);
 * - a database whose -wal and -shm both exist (a live WAL database, or one left by a crash) is
 *   opened in place too: the reader joins the existing shared-memory protocol, sees committed data
 *   of the live writer, and creates nothing (it may update read marks in the existing -shm, which
 *   is what every reader does);
 * - anything else (WAL mode without -wal, a -wal without -shm, a leftover -journal) would make
 *   SQLite create or replay side files: the database (and its -wal) is copied into a private temp
 *   folder and the copy is read. A copy reads the original only (reflinked where the file system
 *   can); the -journal is not copied, so the file is read as it is, like `immutable=1` would.
 */
export interface SqliteAccess {
  /** The file to give to SQLite. */
  file: string;
  /** True when `file` is a private copy. */
  copied: boolean;
  /** Removes the private copy (and whatever SQLite made beside it); a no-op for in-place access. */
  dispose(): Promise<void>;
}

/** Byte 18/19 of the header: file format read/write version, 2 = WAL. */
export function isWalHeader(head: Buffer): boolean {
  return head.length >= 20 && (head[18] === 2 || head[19] === 2);
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

export async function sqliteAccess(file: string, head: Buffer): Promise<SqliteAccess> {
  const [wal, shm, journal] = await Promise.all([exists(`${file}-wal`), exists(`${file}-shm`), exists(`${file}-journal`)]);
  const inPlace = wal ? shm : !isWalHeader(head) && !journal;
  if (inPlace) return { file, copied: false, dispose: async () => {} };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'piaudit-sqlite-'));
  const dispose = (): Promise<void> => fs.rm(dir, { recursive: true, force: true });
  try {
    const copy = path.join(dir, 'db.sqlite');
    await fs.copyFile(file, copy, constants.COPYFILE_FICLONE);
    if (wal) await fs.copyFile(`${file}-wal`, `${copy}-wal`, constants.COPYFILE_FICLONE);
    return { file: copy, copied: true, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}
