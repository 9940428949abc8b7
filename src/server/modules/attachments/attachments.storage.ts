import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';

/**
 * Attachment bytes on disk: DATA_DIR/attachments/<orgId>/<id>. Both parts are UUIDs the server
 * made, never names a client chose, so no path can leave the directory.
 */
export function attachmentPath(config: Config, orgId: string, id: string): string {
  return path.join(path.resolve(config.dataDir), 'attachments', orgId, id);
}

/** Writes the file completely (temporary name, then rename) so that a crash never leaves half a file under the real name. */
export async function writeAttachmentFile(config: Config, orgId: string, id: string, bytes: Buffer): Promise<void> {
  const target = attachmentPath(config, orgId, id);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.part`;
  try {
    await fs.promises.writeFile(partial, bytes, { flag: 'wx' });
    await fs.promises.rename(partial, target);
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
}

export async function removeAttachmentFiles(config: Config, orgId: string, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => fs.promises.rm(attachmentPath(config, orgId, id), { force: true })));
}

export function openAttachmentFile(config: Config, orgId: string, id: string): fs.ReadStream {
  return fs.createReadStream(attachmentPath(config, orgId, id));
}
